import HTTPCore
import JSONCore

/// What one step did: the request as sent, what came back, and every difference.
public struct StepOutcome: Sendable {
    public let number: Int
    public let name: String?
    public var request: HTTPRequest?
    public var response: HTTPResponse?
    /// The statuses the step accepts, when it names any.
    public var expectedStatuses: [Int]?
    /// The actor the step acted as (`alice`), nil for an anonymous step.
    public var actor: String?
    public var mismatches: [Mismatch] = []
    /// Set when the step has no verdict on an answer (it could not be sent, or an actor could not be provisioned).
    public var error: StepError?
    public var seconds: Double = 0
    /// For WebSocket steps: what was sent (→) and received (←), in order.
    public var transcript: [String] = []
    /// What the step noticed that is not a failure (a status the OpenAPI document does not list).
    public var notes: [ResponseNote] = []

    public init(number: Int, name: String?) {
        self.number = number
        self.name = name
    }

    public var passed: Bool { mismatches.isEmpty && error == nil }
}

/// Something `--validate-responses` noticed that is not a failure.
public enum ResponseNote: Sendable, Hashable {
    /// FastAPI documents only an operation's success status and 422; others are noted, once per operation.
    case undocumentedStatus(operation: String, status: Int)
    /// The request's path matches no operation of the document (a 404, a redirect, a raw path).
    case noOperation
}

/// The verdict on a fixture or a derived check.
public enum Verdict: Sendable, Equatable {
    case passed
    case failed
    /// Could not apply to this target, and why (no id claim to swap, no signing key, …).
    case skipped(reason: String)
    /// Not run because what it depends on failed first.
    case blocked(by: String)
    /// Failed as a known deviation listed in `--allow-failures`, with the list's reason.
    case allowed(reason: String)

    /// Counts against the run.
    public var isFailure: Bool { self == .failed }
}

public struct FixtureResult: Sendable {
    public let file: String
    public let description: String
    public let tags: [String]
    public var verdict: Verdict
    public let steps: [StepOutcome]
    /// The step that failed, with its number; nil when the fixture passed.
    public var failure: StepOutcome? { steps.first { !$0.passed } }
    /// True when the fixture never ran to the end because a step could not be run at all.
    public var isError: Bool { failure.map { $0.error != nil && $0.response == nil } ?? false }
    /// What no output may show: the actors' passwords and tokens, forged tokens, the signing key.
    public let secrets: Secrets
    public let seconds: Double
    /// The base URL requests went to, for curl lines.
    public let targetURL: String
}

/// The whole run.
public struct RunResult: Sendable {
    public var fixtures: [FixtureResult]
    public var seconds: Double
    /// The checks derived from the fixtures' steps (auth, ownership, validation).
    public var derived: [DerivedResult] = []
    /// Set when the target could not be reached at all; the run stops with exit code 3.
    public var unreachable: String?
    /// Problems with `--allow-failures` entries (expired, or listed but now passing): each fails the run.
    public var allowListProblems: [String] = []
    /// Fixtures that never started: the target went away, or `--fail-fast` stopped the run.
    public var notRun: [String] = []
    /// Fixtures whose verdict varied between repeated runs (`--repeat`); each fails the run.
    public var flaky: [FlakyFixture] = []
    /// The contract's routes, so reports can name the route each step called (nil without api.json).
    public var contract: APIContract?
    /// The accounts the run created and the time their requests took.
    public var provisioning = ProvisioningSummary()
    /// Which part of the selection this run was (`--shard k/n`); 1 of 1 when it ran it all.
    public var shard = (index: 1, count: 1)
    /// Observations that are not failures, one line per operation (undocumented statuses under
    /// `--validate-responses`), and one for every request the document has no operation for.
    public var notes: [String] {
        let all = fixtures.flatMap { $0.steps.flatMap(\.notes) }
        var statuses: [(operation: String, statuses: Set<Int>)] = []
        var undescribed = 0
        for note in all {
            switch note {
            case .undocumentedStatus(let operation, let status):
                if let index = statuses.firstIndex(where: { $0.operation == operation }) {
                    statuses[index].statuses.insert(status)
                } else {
                    statuses.append((operation, [status]))
                }
            case .noOperation: undescribed += 1
            }
        }
        var lines = statuses.map { entry in
            let codes = entry.statuses.sorted().map(String.init)
            return
                "\(entry.operation) answered \(codes.joined(separator: ", ")): \(codes.count == 1 ? "a status" : "statuses") the OpenAPI document does not list"
        }
        if undescribed > 0 {
            lines.append(
                "\(undescribed) request\(undescribed == 1 ? "" : "s") went to paths the OpenAPI document has no operation for (404s, redirects, unusual paths): not validated"
            )
        }
        return lines
    }

    public init(fixtures: [FixtureResult], seconds: Double, derived: [DerivedResult] = [], unreachable: String? = nil) {
        self.fixtures = fixtures
        self.seconds = seconds
        self.derived = derived
        self.unreachable = unreachable
    }

    public var passed: Int { fixtures.filter { $0.verdict == .passed }.count }
    public var failed: Int { fixtures.filter { $0.verdict.isFailure }.count }
    public var allowed: Int { fixtures.filter { if case .allowed = $0.verdict { return true } else { return false } }.count }
    public var stepCount: Int { fixtures.reduce(0) { $0 + $1.steps.count } }
    public var derivedFailed: Int { derived.filter { $0.verdict.isFailure }.count }
    public var derivedPassed: Int { derived.filter { $0.verdict == .passed }.count }
    public var derivedSkipped: [DerivedResult] { derived.filter { if case .skipped = $0.verdict { return true } else { return false } } }
    public var derivedBlocked: [DerivedResult] { derived.filter { if case .blocked = $0.verdict { return true } else { return false } } }

    /// How many derived checks of each kind ran.
    public var derivedCounts: [(kind: DerivedKind, count: Int)] {
        DerivedKind.allCases.map { kind in (kind, derived.filter { $0.kind == kind }.count) }.filter { $0.count > 0 }
    }

    /// 0 all passed, 1 contract failures, 3 target unreachable.
    public var exitCode: Int32 {
        if unreachable != nil { return 3 }
        return failed > 0 || derivedFailed > 0 || !allowListProblems.isEmpty || !flaky.isEmpty ? 1 : 0
    }
}

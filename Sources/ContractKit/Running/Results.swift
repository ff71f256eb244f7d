import HTTPCore
import JSONCore

/// What one step did: the request as sent, what came back, and every difference.
public struct StepOutcome: Sendable {
    public let number: Int
    public let name: String?
    public let request: HTTPRequest?
    public let response: HTTPResponse?
    public let expectedStatuses: [Int]?
    public let mismatches: [Mismatch]
    /// Set when the step could not be run at all (a template error, an unreachable target, …).
    public let error: String?
    public let seconds: Double
    /// For WebSocket steps: what was sent (→) and received (←), in order.
    public var transcript: [String] = []

    public init(number: Int, name: String?, request: HTTPRequest?, response: HTTPResponse?, expectedStatuses: [Int]?,
                mismatches: [Mismatch], error: String?, seconds: Double, transcript: [String] = []) {
        self.number = number
        self.name = name
        self.request = request
        self.response = response
        self.expectedStatuses = expectedStatuses
        self.mismatches = mismatches
        self.error = error
        self.seconds = seconds
        self.transcript = transcript
    }

    public var passed: Bool { mismatches.isEmpty && error == nil }
}

/// The verdict on one fixture.
public enum FixtureStatus: Sendable, Equatable {
    case passed
    case failed
    /// Failed as a known deviation listed in `--allow-failures`.
    case allowed(reason: String)
    /// Never ran to the end: the target was unreachable, or an actor could not be provisioned.
    case error
}

public struct FixtureResult: Sendable {
    public let file: String
    public let description: String
    public let tags: [String]
    public var status: FixtureStatus
    public let steps: [StepOutcome]
    /// The step that failed, with its number; nil when the fixture passed.
    public var failure: StepOutcome? { steps.first { !$0.passed } }
    /// What to blank out of any output: the actors' passwords and tokens.
    public let secrets: [String]
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

    public var passed: Int { fixtures.filter { $0.status == .passed }.count }
    public var failed: Int { fixtures.filter { $0.status == .failed || $0.status == .error }.count }
    public var allowed: Int { fixtures.filter { if case .allowed = $0.status { return true } else { return false } }.count }
    public var stepCount: Int { fixtures.reduce(0) { $0 + $1.steps.count } }
    public var derivedFailed: Int { derived.filter { !$0.passed }.count }

    /// How many derived checks of each kind ran.
    public var derivedCounts: [(kind: DerivedKind, count: Int)] {
        DerivedKind.allCases.map { kind in (kind, derived.filter { $0.kind == kind }.count) }.filter { $0.count > 0 }
    }

    /// 0 all passed, 1 contract failures, 3 target unreachable.
    public var exitCode: Int32 {
        if unreachable != nil { return 3 }
        return failed > 0 || derivedFailed > 0 || !allowListProblems.isEmpty ? 1 : 0
    }
}

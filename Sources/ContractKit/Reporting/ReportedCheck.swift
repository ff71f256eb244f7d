/// A fixture or a derived check as every report lists them: alike, with a name, a verdict and, when it
/// did not pass, the step that decided it.
public struct ReportedCheck: Sendable {
    public enum Kind: String, Sendable {
        case fixture, derived
    }

    public let kind: Kind
    /// The fixture's path, or the derived check's full name.
    public let name: String
    /// The fixture file (the origin fixture of a derived check).
    public let file: String
    public let description: String
    public let tags: [String]
    public let verdict: Verdict
    public let seconds: Double
    /// The step that failed (or blocked it); nil when it passed or was skipped.
    public let decidingStep: StepOutcome?
    public let stepCount: Int
    /// For derived checks: which kind, and the step it came from.
    public let derivedKind: DerivedKind?
    public let originStep: Int?
    /// For derived checks: the route of the origin step, as api.json names it.
    public let route: String?
    /// What a failure report needs: the secrets to mask, the base URL for curl lines, the text.
    let fixture: FixtureResult

    init(_ result: FixtureResult) {
        kind = .fixture
        name = result.file
        file = result.file
        description = result.description
        tags = result.tags
        verdict = result.verdict
        seconds = result.seconds
        decidingStep = result.failure
        stepCount = result.steps.count
        derivedKind = nil
        originStep = nil
        route = nil
        fixture = result
    }

    init(_ result: DerivedResult) {
        kind = .derived
        name = result.name
        file = result.origin
        description = "derived from step \(result.originStep): \(result.kind.rawValue) — \(result.title)"
        tags = [result.kind.rawValue]
        verdict = result.verdict
        seconds = result.outcome.seconds
        decidingStep = result.verdict == .passed ? nil : result.outcome
        stepCount = 1
        derivedKind = result.kind
        originStep = result.originStep
        route = result.route
        fixture = FixtureResult(
            file: result.origin, description: description, tags: [], verdict: result.verdict, steps: [result.outcome],
            secrets: result.secrets, seconds: result.outcome.seconds, targetURL: result.targetURL)
    }
}

extension RunResult {
    /// Fixtures, then derived checks, as reports list them.
    public var checks: [ReportedCheck] { fixtures.map(ReportedCheck.init) + derived.map(ReportedCheck.init) }
}

extension Verdict {
    /// `passed`, `failed`, `skipped`, `blocked`, `allowed`.
    public var name: String {
        switch self {
        case .passed: return "passed"
        case .failed: return "failed"
        case .skipped: return "skipped"
        case .blocked: return "blocked"
        case .allowed: return "allowed"
        }
    }

    /// The reason a skipped, blocked or allowed check gives.
    public var reason: String? {
        switch self {
        case .skipped(let reason), .blocked(let reason), .allowed(let reason): return reason
        case .passed, .failed: return nil
        }
    }
}

import AgentAPI
import ContractKit
import ReferenceFaults
import ReferenceTarget

/// Runs the suite against the reference with each deliberate defect switched on, to prove it has teeth.
public enum MutantSweep {
    public struct Verdict: Sendable {
        public let mutant: Mutant
        /// The failing fixtures and derived checks that caught it (empty: it survived).
        public let killers: [String]
        /// True when no fixture failed and only derived checks caught it.
        public let onlyDerived: Bool
        public var killed: Bool { !killers.isEmpty }
    }

    /// One verdict per mutant. `failFast` stops each run at its first failing fixture (faster, fewer killers listed).
    public static func run(
        suite: Suite, mutants: [Mutant] = Mutant.allCases, derive: Set<DerivedKind> = Set(DerivedKind.allCases),
        failFast: Bool = false, passwordIterations: Int = 100
    ) async throws -> [Verdict] {
        var verdicts: [Verdict] = []
        for mutant in mutants {
            var configuration = AgentAPIConfiguration.testing()
            configuration.passwordIterations = passwordIterations
            let target = ReferenceTarget(service: try mutant.reference(configuration), configuration: configuration)
            var options = Runner.Options()
            options.failFast = failFast
            options.derive = derive
            options.jwtSecret = Array(configuration.secretKey.utf8)
            let result = await Runner(suite: suite, target: target, options: options).run()
            let fixtureKillers = result.fixtures.filter { $0.verdict != .passed }.map(\.file)
            let derivedKillers = result.derived.filter { !$0.passed }.map(\.name)
            verdicts.append(
                Verdict(
                    mutant: mutant, killers: fixtureKillers + derivedKillers,
                    onlyDerived: fixtureKillers.isEmpty && !derivedKillers.isEmpty))
        }
        return verdicts
    }
}

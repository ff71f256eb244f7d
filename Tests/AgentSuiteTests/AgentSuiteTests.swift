import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import ReferenceTarget
import Testing

/// The whole agent API suite against the in-process reference, one test case per fixture,
/// so a failure names its fixture and carries the runner's report.
struct AgentSuiteTests {
    static let loaded: Result<Suite, FixtureLoader.Failure> = {
        guard let fixtures = BuiltInSuite.fixtures, let contracts = BuiltInSuite.contracts else {
            return .failure(.init(issues: [FixtureIssue(file: "ContractSuite", line: 1, column: 1, message: "the built-in suite is missing")]))
        }
        return Suite.load(fixtures: fixtures, contracts: contracts)
    }()

    static var fixtureFiles: [String] {
        guard case .success(let suite) = loaded else { return [] }
        return suite.fixtures.map(\.file)
    }

    /// One reference for the whole suite, as a real server would be: fixtures must not depend on an empty database.
    /// PBKDF2 runs 100 iterations here rather than the CLI's 1,000: debug builds hash slowly and the hashing
    /// itself is checked against RFC vectors elsewhere.
    static let target: Result<ReferenceTarget, any Error> = Result {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 100
        return try ReferenceTarget(configuration: configuration)
    }

    @Test func theSuiteLoadsWithoutProblems() throws {
        switch Self.loaded {
        case .success(let suite):
            #expect(suite.fixtures.count > 60)
            #expect(suite.fixtures.reduce(0) { $0 + $1.requestSteps.count } > 300)
        case .failure(let failure):
            Issue.record(Comment(rawValue: failure.issues.map(\.description).joined(separator: "\n")))
        }
    }

    @Test(arguments: fixtureFiles)
    func fixture(_ file: String) async throws {
        let suite = try Self.loaded.get()
        let target = try Self.target.get()
        var options = Runner.Options()
        options.filters = [file]
        let result = await Runner(suite: suite, target: target, options: options).run()
        #expect(result.fixtures.count == 1)
        for fixture in result.fixtures where fixture.status != .passed {
            Issue.record(Comment(rawValue: FailureReport().text(for: fixture) ?? "\(file) failed"))
        }
    }
}

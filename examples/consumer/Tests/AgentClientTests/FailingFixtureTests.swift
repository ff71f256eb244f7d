import ContractKit
import ContractTesting
import Foundation
import ReferenceTarget
import Testing

/// 3. What a failure looks like. `FailingFixtures/agents/default-temperature-is-one.json` is deliberately wrong
/// (it expects a default temperature of 1.0; the contract says 0.7) and lives outside the suite.
@Suite struct FailingFixtureTests {
    static func failingCase() throws -> ContractCase {
        let folder = try #require(Bundle.module.url(forResource: "FailingFixtures", withExtension: nil))
        return try #require(ContractCases.load(fixtures: [folder], derive: []).first)
    }

    @Test func theReportNamesTheFileTheStepTheCurlLineAndTheJSONPath() async throws {
        let test = try Self.failingCase()
        let report = try #require(await test.verify(against: try ReferenceTarget()), "the fixture is meant to fail")
        print(report)
        #expect(report.contains("agents/default-temperature-is-one.json step 2 (the agent has the default temperature)"))
        #expect(report.contains("curl -sS -i -X GET 'http://localhost/api/v1/agents/"))
        #expect(report.contains("-H 'Authorization: Bearer ***'"), "tokens are masked")
        #expect(report.contains("$.temperature: different value"))
        #expect(report.contains("- expected: 1.0") && report.contains("+ actual:   0.7"))
    }

    /// In a parameterized test the same failure is an `Issue` at the failing step of the fixture file.
    @Test func theFailureIsAnIssueAtTheFixturesStep() async throws {
        let test = try Self.failingCase()
        let target = try ReferenceTarget()
        await withKnownIssue("the fixture is deliberately wrong") {
            await test.check(against: target)
        } matching: { issue in
            issue.sourceLocation?.fileName == "default-temperature-is-one.json" && issue.sourceLocation?.line == 13
                && issue.comments.contains { $0.rawValue.contains("$.temperature: different value") }
        }
    }
}

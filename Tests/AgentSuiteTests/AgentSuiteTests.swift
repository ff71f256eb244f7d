import AgentAPI
import ContractKit
import ContractTesting
import Foundation
import ReferenceTarget
import Testing

/// The whole agent API suite against the in-process reference through `ContractTesting`, the way a
/// consumer runs it: one test case per fixture, carrying the derived checks planned from it.
struct AgentSuiteTests {
    static let cases = ContractCases.builtIn()

    /// One reference for the whole suite, as a real server would be: fixtures must not depend on an empty database.
    static let target = Result { try ReferenceTarget() }

    @Test func theSuiteIsComplete() {
        #expect(Self.cases.count > 60)
        #expect(Self.cases.reduce(0) { $0 + $1.fixture.requestSteps.count } > 300)
        #expect(Self.cases.contains { !$0.fixture.webSocketSteps.isEmpty })
    }

    @Test(arguments: cases)
    func fixture(_ test: ContractCase) async throws {
        try await withContractRecording(.never) {
            await test.check(against: try Self.target.get())
        }
    }
}

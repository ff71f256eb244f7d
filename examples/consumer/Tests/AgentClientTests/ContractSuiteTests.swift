import AgentAPI
import ContractKit
import ContractTesting
import ReferenceTarget
import Testing

/// 1. The whole agent API suite against the in-process reference: one test case per fixture, each with the
/// auth, ownership and validation checks derived from it. A Swift server port swaps in its own `Target`.
@Suite struct ContractSuiteTests {
    static let cases = ContractCases.builtIn()
    static let reference = Result { try ReferenceTarget() }

    @Test func theBuiltInSuiteShipsWithThePackage() {
        #expect(Self.cases.count >= 100, "fixtures come from the ContractSuite resources, not a copy of the repository")
    }

    @Test(arguments: cases)
    func contract(_ test: ContractCase) async throws {
        await test.check(against: try Self.reference.get())
    }
}

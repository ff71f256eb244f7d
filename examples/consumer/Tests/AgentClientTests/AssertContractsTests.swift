import ContractSuite
import ContractTesting
import ReferenceTarget
import XCTest

/// The XCTest way: one call, failures through XCTFail with the same report text.
final class AssertContractsTests: XCTestCase {
    func testOwnershipFixturesHoldOnTheReference() async throws {
        let ownership = try XCTUnwrap(BuiltInSuite.fixtures).appendingPathComponent("ownership")
        await assertContracts(against: try ReferenceTarget(), fixtures: ownership)
    }
}

import ContractKit
import ContractSuite
import Foundation
import XCTest

/// Runs a contract suite against a target and reports each failing fixture and derived check through
/// XCTFail, with the runner's report as the message.
public func assertContracts(
    against target: any Target, fixtures: URL? = nil, contracts: URL? = nil, jwtSecret: [UInt8]? = nil,
    file: StaticString = #filePath, line: UInt = #line
) async {
    guard let contracts = contracts ?? BuiltInSuite.contracts, let fixtures = fixtures ?? BuiltInSuite.fixtures else {
        XCTFail("the built-in contract suite is missing", file: file, line: line)
        return
    }
    let cases = ContractCases.load(fixtures: [fixtures], contracts: contracts)
    if cases.isEmpty { XCTFail("no fixtures in \(fixtures.path)", file: file, line: line) }
    for test in cases {
        if let report = await test.verify(against: target, jwtSecret: jwtSecret) {
            XCTFail(report, file: file, line: line)
        }
    }
}

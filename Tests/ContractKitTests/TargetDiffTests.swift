import HTTPCore
import JSONCore
import Testing

@testable import ContractKit

/// `contract diff` sets aside what legitimately differs between two runs, and nothing more.
struct TargetDiffTests {
    static func answer(_ json: String) -> HTTPResponse {
        HTTPResponse(status: 201, headers: ["content-type": "application/json"], body: Array(json.utf8))
    }

    @Test func aUniqueValuesCounterIsNotMistakenForACapturedId() {
        // The fourth unique value of a run, on both sides; on one side a captured id happens to be 4 too.
        let comparison = ResponseComparison(runA: "r1aaaaaaa", runB: "r1bbbbbbbb", variablesA: ["hero": 4], variablesB: ["hero": 3])
        let found = comparison.differences(
            Self.answer(#"{"id":4,"name":"name-r1aaaaaaax5-4"}"#), Self.answer(#"{"id":3,"name":"name-r1bbbbbbbbx5-4"}"#))
        #expect(found.isEmpty, "\(found)")
    }

    @Test func aRealDifferenceStillShows() throws {
        let comparison = ResponseComparison(runA: "r1aaaaaaa", runB: "r1bbbbbbbb", variablesA: [:], variablesB: [:])
        let found = comparison.differences(Self.answer(#"{"name":"name-r1aaaaaaax5-4"}"#), Self.answer(#"{"name":"other-r1bbbbbbbbx5-4"}"#))
        let name = try JSONPath.parse("$.name").get()
        #expect(found.map(\.location) == [.body(name)])
    }
}

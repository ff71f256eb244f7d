import AgentAPI
import ContractKit
import ContractSuite
import ContractTesting
import Foundation
import JSONCore
import ReferenceTarget
import Testing
import XCTest

struct ContractTestingTests {
    @Test(arguments: [
        ([:], Recorder.Mode.missing),
        (["CI": "true"], .never),
        (["CI": "1", "CONTRACT_RECORD": "all"], .all),
        (["CONTRACT_RECORD": "FAILED"], .failed),
        (["CONTRACT_RECORD": "bogus"], .missing),
    ])
    func recordModeFollowsTheEnvironment(environment: [String: String], mode: Recorder.Mode) {
        #expect(ContractRecording.mode(in: environment) == mode)
    }

    @Test func aScopedModeWins() async {
        await withContractRecording(.all) {
            #expect(ContractRecording.mode == .all)
        }
    }

    /// A copy of a suite fixture without expectations, in a temporary suite folder.
    func scriptFolder() throws -> (URL, URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("contract-testing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("recorded.json")
        try Data(
            """
            {"description": "recorded by a test", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "Rec", "model_name": "gpt-4"}}},
              {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/1"}}]}
            """.utf8
        ).write(to: file)
        return (folder, file)
    }

    @Test func recordingWritesTheFixtureAndFailsOnce() async throws {
        let (folder, file) = try scriptFolder()
        let contracts = try #require(BuiltInSuite.contracts)
        let test = try #require(ContractCases.load(fixtures: [folder], contracts: contracts, derive: []).first)
        let target = try ReferenceTarget()
        let first = await withContractRecording(.missing) { await test.verify(against: target) }
        #expect(first?.hasPrefix("Recorded recorded.json (CONTRACT_RECORD=missing)") == true, "\(first ?? "")")
        let written = try String(contentsOf: file, encoding: .utf8)
        #expect(written.contains("\"expect\"") && written.contains("{{agent}}"))
        let again = try #require(ContractCases.load(fixtures: [folder], contracts: contracts, derive: []).first)
        let second = await withContractRecording(.missing) { await again.verify(against: target) }
        #expect(second == nil, "nothing left to record, and the recorded fixture passes")
    }

    @Test func neverModeOnlyChecks() async throws {
        let (folder, file) = try scriptFolder()
        let before = try Data(contentsOf: file)
        let contracts = try #require(BuiltInSuite.contracts)
        let test = try #require(ContractCases.load(fixtures: [folder], contracts: contracts, derive: []).first)
        let target = try ReferenceTarget()
        let report = await withContractRecording(.never) { await test.verify(against: target) }
        #expect(report == nil, "steps without expectations pass when only checking")
        #expect(try Data(contentsOf: file) == before)
    }
}

/// A fixture folder whose one fixture expects the wrong default temperature in its second step.
func wrongFixtureFolder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("contract-wrong-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder.appendingPathComponent("agents"), withIntermediateDirectories: true)
    try Data(
        """
        {"description": "expects the wrong default temperature", "actors": ["alice"], "steps": [
          {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "W", "model_name": "gpt-4"}},
           "expect": {"status": 201}, "capture": {"agent": "$.id"}},
          {"name": "read back", "as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/{{agent}}"},
           "expect": {"status": 200, "json": {"temperature": 1.0, "$strict": false}}}]}
        """.utf8
    ).write(to: folder.appendingPathComponent("agents/wrong-temperature.json"))
    return folder
}

struct FailureReportTests {
    /// What every report of the wrong fixture must say: where, which step, how to replay it, and what differed.
    static func isTheWrongTemperatureReport(_ text: String) -> Bool {
        text.contains("agents/wrong-temperature.json step 2 (read back)")
            && text.contains("curl -sS -i -X GET 'http://localhost/api/v1/agents/")
            && text.contains("$.temperature: different value") && text.contains("expected: 1.0") && text.contains("actual:   0.7")
    }

    @Test func aFailingCaseRecordsAnIssueWithTheReport() async throws {
        let test = try #require(ContractCases.load(fixtures: [try wrongFixtureFolder()], derive: []).first)
        let target = try ReferenceTarget()
        await withKnownIssue {
            await withContractRecording(.never) { await test.check(against: target) }
        } matching: { issue in
            // The issue points at the failing step in the fixture file (line 4 of the file above).
            Self.isTheWrongTemperatureReport(issue.comments.map(\.rawValue).joined())
                && issue.sourceLocation?.fileName == "wrong-temperature.json" && issue.sourceLocation?.line == 4
        }
    }

    @Test func aFolderThatDoesNotLoadIsAFailingCase() async throws {
        let folder = try wrongFixtureFolder()
        try Data(#"{"description": "broken", "steps": [{"request": {"method": "GET"}}]}"#.utf8)
            .write(to: folder.appendingPathComponent("agents/broken.json"))
        let cases = ContractCases.load(fixtures: [folder])
        #expect(cases.count == 1)
        let report = await cases.first?.verify(against: try ReferenceTarget())
        #expect(report?.contains("does not load") == true)
        #expect(report?.contains("agents/broken.json:1:") == true, "the loader names file:line:column: \(report ?? "")")
    }
}

/// The XCTest face: one call runs the suite and reports through XCTFail.
final class AssertContractsTests: XCTestCase {
    /// Failures this test case would have reported, captured instead.
    nonisolated(unsafe) var captured: [String] = []
    nonisolated(unsafe) var capturing = false

    #if os(Linux)
    override func recordFailure(withDescription description: String, inFile filePath: String, atLine lineNumber: Int, expected: Bool) {
        if capturing {
            captured.append(description)
        } else {
            super.recordFailure(withDescription: description, inFile: filePath, atLine: lineNumber, expected: expected)
        }
    }
    #else
    override func record(_ issue: XCTIssue) {
        if capturing { captured.append(issue.compactDescription) } else { super.record(issue) }
    }
    #endif

    func testTheBuiltInSuitePassesAgainstTheReference() async throws {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        let target = try ReferenceTarget(configuration: configuration)
        let folder = try XCTUnwrap(BuiltInSuite.fixtures).appendingPathComponent("ownership")
        await withContractRecording(.never) {
            await assertContracts(against: target, fixtures: folder)
        }
    }

    func testAFailureIsReportedThroughXCTFailWithTheReport() async throws {
        let target = try ReferenceTarget()
        let folder = try wrongFixtureFolder()
        capturing = true
        await withContractRecording(.never) { await assertContracts(against: target, fixtures: folder) }
        capturing = false
        XCTAssertEqual(captured.count, 1)
        XCTAssertTrue(captured.allSatisfy(FailureReportTests.isTheWrongTemperatureReport), "\(captured)")
    }
}

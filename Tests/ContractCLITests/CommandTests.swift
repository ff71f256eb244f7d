import ContractSuite
import Foundation
import Testing

@testable import ContractCLI

/// The command line's surface: exit codes, usage errors, and runs against the in-process reference.
@Suite(.serialized)
struct CommandTests {
    /// A temporary suite folder with the given fixture files, and a copy of the built-in contracts beside it
    /// (a fixtures folder given alone must have its contracts next to it).
    func suite(_ files: [String: String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("contract-cli-\(UUID().uuidString)")
        let fixtures = root.appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try #require(BuiltInSuite.contracts), to: root.appendingPathComponent("contracts"))
        for (name, text) in files {
            let url = fixtures.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        return fixtures
    }

    static let passing = """
        {"description": "alice creates an agent and bob may not read it", "actors": ["alice", "bob"], "steps": [
          {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "A", "model_name": "gpt-4"}},
           "expect": {"status": 201, "json": {"id": "$integer", "name": "A", "model_name": "gpt-4", "temperature": 0.7, "tool_ids": [],
                      "parent_id": null, "created_by_id": "{{alice.id}}", "created_at": "$datetime", "updated_at": "$datetime"}},
           "capture": {"agent": "$.id"}},
          {"as": "bob", "request": {"method": "GET", "path": "/api/v1/agents/{{agent}}"},
           "expect": {"status": 403, "json": {"detail": "Not authorized to access this agent"}}},
          {"as": "alice", "request": {"method": "GET", "path": "/api/v1/users/me"},
           "expect": {"status": 200, "json": {"id": "{{alice.id}}", "email": "{{alice.email}}", "full_name": null, "is_active": true,
                      "created_at": "$datetime"}}}]}
        """

    @Test func versionAndHelpExitZero() async {
        #expect(await contract(["--version"]) == 0)
        #expect(await contract(["help", "run"]) == 0)
        #expect(await contract(["lint", "--help"]) == 0)
        #expect(await contract([]) == 0)
    }

    @Test func usageErrorsExitTwo() async {
        #expect(await contract(["frobnicate"]) == 2)
        #expect(await contract(["run", "--concurrency", "0"]) == 2)
        #expect(await contract(["run", "--report", "pdf=x"]) == 2)
        #expect(await contract(["run", "--target", "not a url"]) == 2)
        #expect(await contract(["run", "--mutant", "no-such-mutant"]) == 2)
        #expect(await contract(["run", "--fixtures", "/no/such/folder"]) == 2)
    }

    @Test func runsAgainstTheReferenceWithActors() async throws {
        let fixtures = try suite(["agents/own.json": Self.passing])
        #expect(await contract(["run", "--fixtures", fixtures.path]) == 0)
    }

    @Test func failuresExitOneAndReportsAreWritten() async throws {
        let failing = Self.passing.replacingOccurrences(of: "\"status\": 403", with: "\"status\": 404")
        let fixtures = try suite(["agents/own.json": failing])
        let report = fixtures.deletingLastPathComponent().appendingPathComponent("junit.xml")
        #expect(await contract(["run", "--fixtures", fixtures.path, "--report", "junit=\(report.path)"]) == 1)
        let xml = try String(contentsOf: report, encoding: .utf8)
        #expect(xml.contains("status: expected 404, got 403"))
        #expect(xml.contains("agents/own.json step 2"))
    }

    @Test func malformedFixturesExitTwoWithoutRunning() async throws {
        let fixtures = try suite(["bad.json": "{\"description\": \"x\", \"steps\": [}"])
        #expect(await contract(["lint", "--fixtures", fixtures.path]) == 2)
        #expect(await contract(["run", "--fixtures", fixtures.path]) == 2)
    }

    @Test func unreachableTargetExitsThree() async throws {
        let fixtures = try suite(["agents/own.json": Self.passing])
        #expect(await contract(["run", "--fixtures", fixtures.path, "--target", "http://127.0.0.1:9", "--retries", "0"]) == 3)
    }

    @Test func openAPIExitCodesSayWhatWasFound() async throws {
        #expect(await contract(["openapi"]) == 0, "the reference publishes the contract's document")
        #expect(await contract(["openapi", "--mutant", "temperature-unbounded"]) == 1, "a lost bound is a difference")
        #expect(await contract(["openapi", "--target", "http://127.0.0.1:9"]) == 3)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (name, text) in [("garbage.json", "{not json"), ("swagger.json", #"{"swagger":"2.0","paths":{}}"#)] {
            let file = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: file)
            #expect(await contract(["openapi", "--document", file.path]) == 2, "\(name)")
        }
        #expect(await contract(["openapi", "--document", "x.json", "--target", "http://127.0.0.1:9"]) == 2)
    }
}

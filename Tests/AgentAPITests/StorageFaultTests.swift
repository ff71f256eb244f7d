import Foundation
import HTTPCore
import JSONCore
import Testing

@testable import AgentAPI

/// Storage faults on a file database: a full disk (SQLite's `max_page_count`, which fails writes with
/// SQLITE_FULL exactly as a full device does) and a read-only database (`query_only`, SQLITE_READONLY).
/// Each write answers 500 with one clear log line, reads keep working, nothing acknowledged is lost, and
/// the API recovers as soon as the fault clears. (`bench/faults.sh` does the same on a real full and
/// read-only filesystem, which needs root.)
@Suite(.serialized)
struct StorageFaultTests {
    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    struct Session {
        let api: AgentAPI
        let log: Lines
        let token: String
        let path: String

        init() async throws {
            path = FileManager.default.temporaryDirectory.appendingPathComponent("faults-\(UUID().uuidString).sqlite").path
            let log = Lines()
            var configuration = AgentAPIConfiguration.testing()
            configuration.databasePath = path
            configuration.errorLog = { log.append($0) }
            api = try AgentAPI(configuration)
            self.log = log
            _ = await api.handle(
                HTTPRequest(
                    method: .post, target: "/api/v1/users", headers: ["Content-Type": "application/json"],
                    body: Array(#"{"email":"disk@example.com","password":"password123"}"#.utf8)))
            let login = await api.handle(
                HTTPRequest(
                    method: .post, target: "/api/v1/auth/login",
                    headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: Array("username=disk@example.com&password=password123".utf8)))
            token = try #require((try? JSONParser.parse(bytes: login.body))?["access_token"]?.stringValue)
        }

        func create(_ name: String) async -> HTTPResponse {
            await api.handle(
                HTTPRequest(
                    method: .post, target: "/api/v1/agents",
                    headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token],
                    body: Array(#"{"name":"\#(name)","model_name":"gpt-4"}"#.utf8)))
        }

        func listedNames() async -> [String] {
            let response = await api.handle(
                HTTPRequest(method: .get, target: "/api/v1/agents?limit=1000", headers: ["Authorization": "Bearer " + token]))
            return (try? JSONParser.parse(bytes: response.body))?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
        }

        func pragma(_ sql: String) throws { try api.database.read { try $0.executeScript(sql) } }

        func removeFiles() {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
    }

    @Test func aFullDiskIs500WithALogLineAndNothingAcknowledgedIsLost() async throws {
        let session = try await Session()
        defer { session.removeFiles() }
        var acknowledged: [String] = []
        for index in 0..<5 where await session.create("before-\(index)").status == 201 { acknowledged.append("before-\(index)") }
        let pages = try session.api.database.read { Int(try $0.queryFirst("PRAGMA page_count")?.integer(0) ?? 0) }
        try session.pragma("PRAGMA max_page_count = \(pages)")

        var refused: HTTPResponse?
        for index in 0..<500 {
            let response = await session.create(String(repeating: "x", count: 90) + "\(index)")
            if response.status == 201 {
                acknowledged.append(String(repeating: "x", count: 90) + "\(index)")
                continue
            }
            refused = response
            break
        }
        let answer = try #require(refused, "the database never filled up")
        #expect(answer.status == 500 && answer.bodyText == "Internal Server Error")
        #expect(
            session.log.all.contains { $0.contains("POST /api/v1/agents") && $0.contains("database or disk is full") },
            "\(session.log.all)")
        #expect(Set(await session.listedNames()) == Set(acknowledged), "reads work and every 201 is still there")

        try session.pragma("PRAGMA max_page_count = 1073741823")
        #expect(await session.create("after").status == 201, "the API recovers when space comes back")
        #expect(Set(await session.listedNames()) == Set(acknowledged + ["after"]))
        let check = try session.api.database.read { try $0.queryFirst("PRAGMA integrity_check")?.text(0) }
        #expect(check == "ok")
    }

    @Test func aReadOnlyDatabaseIs500ForWritesOnlyAndRecovers() async throws {
        let session = try await Session()
        defer { session.removeFiles() }
        #expect(await session.create("kept").status == 201)
        try session.pragma("PRAGMA query_only = ON")

        let refused = await session.create("refused")
        #expect(refused.status == 500 && refused.bodyText == "Internal Server Error")
        #expect(session.log.all.contains { $0.contains("POST /api/v1/agents") && $0.contains("readonly database") }, "\(session.log.all)")
        #expect(await session.listedNames() == ["kept"], "reads still answer")

        try session.pragma("PRAGMA query_only = OFF")
        #expect(await session.create("again").status == 201)
        #expect(await session.listedNames() == ["again", "kept"])
    }
}

import ContractKit
import ContractSuite
import Foundation
import HTTPCore
import Testing

@testable import AgentAPI

/// Password hashes never leave the store: the whole suite and its derived checks run against the served
/// reference with request logging on, and no response (body or header) and no log line holds any stored
/// hash, any part of one, or the hash scheme's name.
@Suite(.serialized)
struct SecretLeakTests {
    /// A target that keeps every response it passes on.
    struct Recording: Target {
        let inner: HTTPTarget
        let responses: Lines
        var description: String { inner.description }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let response = try await inner.send(request)
            responses.append(response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n") + "\n" + response.bodyText)
            return response
        }
        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            try await inner.openWebSocket(target: target, headers: headers)
        }
        func checkReachable() async throws { try await inner.checkReachable() }
    }

    final class Lines: @unchecked Sendable {
        private let lock = NSLock()
        private var lines: [String] = []
        func append(_ line: String) { lock.withLock { lines.append(line) } }
        var all: [String] { lock.withLock { lines } }
    }

    @Test func noPasswordHashInAnyResponseOrLogLine() async throws {
        let fixtures = try #require(BuiltInSuite.fixtures), contracts = try #require(BuiltInSuite.contracts)
        guard case .success(let suite) = Suite.load(fixtures: fixtures, contracts: contracts) else {
            Issue.record("the built-in suite does not load")
            return
        }
        let log = Lines(), responses = Lines()
        var configuration = AgentAPIConfiguration.testing()
        configuration.errorLog = { log.append($0) }
        let api = try AgentAPI(configuration)
        var serverConfiguration = HTTPServerConfiguration()
        serverConfiguration.port = 0
        let server = try HTTPServer(
            configuration: serverConfiguration, handler: { await api.handle($0) },
            webSocketHandler: { await api.handleWebSocket($0, channel: $1) })
        server.requestLog = { log.append($0) }
        let port = try server.start()
        let target = Recording(inner: try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)"))), responses: responses)
        var options = Runner.Options()
        options.jwtSecret = Array(configuration.secretKey.utf8)
        let result = await Runner(suite: suite, target: target, options: options).run()
        await server.shutdown()
        #expect(result.exitCode == 0)

        let hashes = try api.database.read { db in try db.query("SELECT password_hash FROM users").compactMap { $0.text(0) } }
        #expect(hashes.count > 100, "the suite registered its actors")
        // The salt and digest of every hash, as the base64url words they are: every word of every response
        // and log line is looked up, so a part leaked on its own (or inside the whole hash) is found.
        let secrets = Set(hashes.flatMap { $0.split(separator: "$").suffix(2).map { Array($0.utf8) } })
        let said = responses.all + log.all
        #expect(said.count > 1000 && log.all.count > 500)
        for text in said {
            let bytes = Array(text.utf8)
            #expect(!Self.words(of: bytes).contains { secrets.contains($0) }, "a stored hash part left the store: \(text.prefix(300))")
            #expect(!text.contains("pbkdf2"), "\(text.prefix(300))")
        }
    }

    /// Runs of base64url characters at least 16 long.
    static func words(of bytes: [UInt8]) -> [[UInt8]] {
        var words: [[UInt8]] = []
        var start = 0
        for index in 0...bytes.count {
            let byte = index < bytes.count ? bytes[index] : 0
            let isWordByte =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D || byte == 0x5F
            if isWordByte { continue }
            if index - start >= 16 { words.append(Array(bytes[start..<index])) }
            start = index + 1
        }
        return words
    }
}

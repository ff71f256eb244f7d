import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import HTTPCore
import Testing

/// The whole suite through URLSession, the way an https:// deployment is checked (here over plain HTTP:
/// the machine has no certificate). Everything passes but what URLSession cannot express, for the stated reason.
@Suite(.serialized)
struct URLSessionTargetTests {
    /// A fresh reference on a loopback port, and a URLSession target aimed at it.
    static func servedReference() throws -> (HTTPServer, Int, URLSessionTarget) {
        let api = try AgentAPI(.testing())
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = try HTTPServer(configuration: configuration, handler: { await api.handle($0) })
        let port = try server.start()
        guard let url = URL(string: "http://127.0.0.1:\(port)") else { throw URLError(.badURL) }
        return (server, port, try URLSessionTarget(baseURL: url))
    }

    @Test func theSuitePassesThroughURLSessionButForWhatItReshapes() async throws {
        let fixtures = try #require(BuiltInSuite.fixtures), contracts = try #require(BuiltInSuite.contracts)
        guard case .success(let suite) = Suite.load(fixtures: fixtures, contracts: contracts) else {
            Issue.record("the built-in suite does not load")
            return
        }
        let (server, _, target) = try Self.servedReference()
        var options = Runner.Options()
        options.derive = []
        let result = await Runner(suite: suite, target: target, options: options).run()
        await server.shutdown()

        #expect(result.unreachable == nil)
        #expect(result.passed > 100)
        let failing = result.fixtures.filter { $0.verdict != .passed }
        // Every fixture with a WebSocket step stops there, and only those.
        let webSocket = failing.filter { $0.failure?.error == .transport(.unsupported("WebSocket")) }
        #expect(Set(webSocket.map(\.file)) == Set(suite.fixtures.filter { !$0.webSocketSteps.isEmpty }.map(\.file)))
        // What URLSession changes on the way out: dot segments are resolved, a `#` ends the path, and a body
        // without a content type is sent as `application/x-www-form-urlencoded`. Nothing else may fail.
        let others = failing.filter { $0.failure?.error != .transport(.unsupported("WebSocket")) }
        #expect(!others.isEmpty && others.count < 8)
        for fixture in others {
            let request = fixture.failure?.request
            let target = request?.target ?? ""
            let reshaped =
                target.contains("/./") || target.contains("/../") || target.contains("#")
                || (request.map { !$0.body.isEmpty && $0.headers["content-type"] == nil } ?? false)
            #expect(reshaped, "\(FailureReport().text(for: fixture) ?? fixture.file)")
        }
    }

    @Test func redirectsAreAnswersNotHops() async throws {
        let (server, port, target) = try Self.servedReference()
        let response = try await target.send(HTTPRequest(method: .get, target: "/api/v1/agents/"))
        await server.shutdown()
        #expect(response.status == 307)
        #expect(response.headers["location"] == "http://127.0.0.1:\(port)/api/v1/agents")
    }

    @Test func nothingListeningIsUnreachable() async throws {
        let target = try URLSessionTarget(baseURL: try #require(URL(string: "http://127.0.0.1:9")))
        let error = await #expect(throws: TargetError.self) { try await target.checkReachable() }
        guard case .unreachable(let reason)? = error else {
            Issue.record("expected unreachable, got \(String(describing: error))")
            return
        }
        #expect(reason.hasPrefix("http://127.0.0.1:9"))
    }
}

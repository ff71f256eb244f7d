import AgentAPI
import ContractKit
import HTTPCore

/// The reference implementation behind the `Target` protocol: requests go straight to its `handle`,
/// with no socket and no port, each run on a fresh in-memory database.
public struct ReferenceTarget: Target {
    /// What answers: `AgentAPI`, or a deliberately broken variant of it.
    public let service: any AgentService
    /// The configuration it runs with; its secret lets derived checks sign tokens.
    public let configuration: AgentAPIConfiguration

    public var description: String { "in-process reference" }

    /// A reference with the test configuration (100 PBKDF2 iterations).
    public init(configuration: AgentAPIConfiguration = .testing()) throws {
        self.init(api: try AgentAPI(configuration))
    }

    public init(api: AgentAPI) {
        service = api
        configuration = api.configuration
    }

    /// Any service built from `configuration` (the fault catalogue's references).
    public init(service: any AgentService, configuration: AgentAPIConfiguration) {
        self.service = service
        self.configuration = configuration
    }

    /// A WebSocket to the reference's entry point, joined in memory; a refused handshake is a 403, as on the wire.
    public func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
        var headers = headers
        if !headers.contains("host") { headers.add("host", "testserver") }
        let request = HTTPRequest(method: .get, target: target, headers: headers)
        let pipe = InMemoryWebSocket()
        let service = self.service
        Task {
            await service.handleWebSocket(request, channel: pipe.server)
            pipe.settle(.refused)  // returning without accepting refuses
            pipe.toClient.push(.closed(code: WebSocketCloseCode.normal, reason: ""))
            pipe.toClient.finish()
        }
        switch await pipe.handshakeOutcome() {
        case .accepted: return pipe.client
        case .refused, .waiting: throw WebSocketRefused(status: 403)
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        // A real client always sends Host; Starlette's test client calls itself "testserver".
        if !request.headers.contains("host") { request.headers.add("host", "testserver") }
        return await service.handle(request)
    }
}

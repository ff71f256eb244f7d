import AgentAPI
import HTTPCore

/// Behaviour wrapped around the reference's answers, as a server middleware wraps an app: it sees each
/// request, may ask the reference (`next`) once or more, and shapes the answer the client gets.
protocol ReferenceMiddleware: Sendable {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse
}

/// The reference with a middleware around its HTTP answers; WebSocket sessions go straight through.
struct WrappedReference: AgentService {
    let api: AgentAPI
    let middleware: any ReferenceMiddleware

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        await middleware.respond(to: request) { await api.handle($0) }
    }

    func handleWebSocket(_ request: HTTPRequest, channel: any WebSocketChannel) async {
        await api.handleWebSocket(request, channel: channel)
    }
}

extension HTTPRequest {
    /// The percent-decoded path split into segments: `/api/v1/agents/7` → `["api", "v1", "agents", "7"]`.
    var segments: [Substring] {
        PercentDecoding.unquote(rawPath).split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
    }

    /// Whether the path fits `pattern`, where `*` stands for any one segment.
    func path(is pattern: String) -> Bool {
        let wanted = pattern.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        let have = segments
        return wanted.count == have.count && zip(wanted, have).allSatisfy { $0 == "*" ? !$1.isEmpty : $0 == $1 }
    }
}

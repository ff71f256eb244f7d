import AgentAPI
import HTTPCore

/// Behaviour wrapped around the reference's answers, as a server middleware wraps an app: it sees each
/// request, may ask the reference (`next`) once or more, and shapes the answer the client gets.
protocol ReferenceMiddleware: Sendable {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse
}

/// The reference with middlewares around its HTTP answers (the first outermost); WebSocket sessions go
/// straight through.
struct WrappedReference: AgentService {
    let api: AgentAPI
    let middlewares: [any ReferenceMiddleware]

    func handle(_ request: HTTPRequest) async -> HTTPResponse {
        await respond(request, through: middlewares[...])
    }

    private func respond(_ request: HTTPRequest, through chain: ArraySlice<any ReferenceMiddleware>) async -> HTTPResponse {
        guard let first = chain.first else { return await api.handle(request) }
        return await first.respond(to: request) { await respond($0, through: chain.dropFirst()) }
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

import HTTPCore

/// Starlette's routing rules, which FastAPI inherits: the first full match wins; a path that matches
/// only with another method answers 405 with the first such route's `Allow`; an unmatched path whose
/// twin with or without a trailing slash matches is redirected (307); anything else is 404.
struct Router: Sendable {
    enum Outcome: Equatable {
        case matched(Endpoint, parameters: [String: String])
        case methodNotAllowed(allow: [HTTPMethod])
        case redirect(path: String)
        case notFound

        static func == (lhs: Outcome, rhs: Outcome) -> Bool {
            switch (lhs, rhs) {
            case let (.matched(a, p), .matched(b, q)): return a == b && p == q
            case let (.methodNotAllowed(a), .methodNotAllowed(b)): return a == b
            case let (.redirect(a), .redirect(b)): return a == b
            case (.notFound, .notFound): return true
            default: return false
            }
        }
    }

    let routes: [Route]

    /// The agent API in the declaration order of its FastAPI routers (which decides `Allow` on a 405).
    static let agentAPI = Router(routes: [
        Route(.post, "/api/v1/users", .createUser),
        Route(.get, "/api/v1/users/me", .currentUser),
        Route(.post, "/api/v1/auth/login", .login),
        Route(.post, "/api/v1/tools", .createTool),
        Route(.get, "/api/v1/tools", .listTools),
        Route(.post, "/api/v1/agents", .createAgent),
        Route(.get, "/api/v1/agents", .listAgents),
        Route(.get, "/api/v1/agents/{agent_id}", .getAgent),
        Route(.patch, "/api/v1/agents/{agent_id}", .updateAgent),
        Route(.delete, "/api/v1/agents/{agent_id}", .deleteAgent),
        Route(.get, "/api/v1/agents/{agent_id}/subagents", .listSubagents),
        Route(.post, "/api/v1/agents/{agent_id}/execute", .executeAgent),
        Route(.get, "/api/v1/agents/{agent_id}/executions", .listAgentExecutions),
        Route(.get, "/api/v1/executions/{execution_id}", .getExecution),
        Route(.get, "/health", .health),
    ])

    /// Routes `method` on the percent-decoded `path`.
    func route(_ method: HTTPMethod, path: String) -> Outcome {
        var partial: Route?
        for route in routes {
            guard let parameters = route.template.match(path) else { continue }
            if route.method == method {
                return .matched(route.endpoint, parameters: Dictionary(parameters, uniquingKeysWith: { _, last in last }))
            }
            if partial == nil { partial = route }
        }
        if let partial { return .methodNotAllowed(allow: [partial.method]) }
        if path != "/" {
            // Starlette strips every trailing slash (`rstrip("/")`), or adds one.
            var twin = path
            if twin.hasSuffix("/") {
                while twin.hasSuffix("/") { twin.removeLast() }
            } else {
                twin += "/"
            }
            if routes.contains(where: { $0.template.match(twin) != nil }) { return .redirect(path: twin) }
        }
        return .notFound
    }
}

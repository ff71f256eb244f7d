import HTTPCore

/// Every operation the reference serves; the router maps a method and path onto one of these.
enum Endpoint: String, Sendable, CaseIterable {
    case health
    case createUser, login, currentUser
    case createTool, listTools
    case createAgent, listAgents, getAgent, updateAgent, deleteAgent, listSubagents
    case executeAgent, listAgentExecutions, getExecution
}

/// A path template such as `/api/v1/agents/{agent_id}`, matched as Starlette matches it:
/// a parameter is one or more characters other than `/`, against the percent-decoded path.
struct PathTemplate: Sendable, Equatable, CustomStringConvertible {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case parameter(String)
    }

    let segments: [Segment]
    let description: String

    init(_ template: String) {
        description = template
        segments = template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { part in
            if part.hasPrefix("{") && part.hasSuffix("}") {
                return .parameter(String(part.dropFirst().dropLast()))
            }
            return .literal(String(part))
        }
    }

    /// The parameters when `path` matches, in template order; nil otherwise.
    func match(_ path: String) -> [(name: String, value: String)]? {
        guard path.hasPrefix("/") else { return nil }
        let parts = path.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return nil }
        var parameters: [(name: String, value: String)] = []
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part == text else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters.append((name, String(part)))
            }
        }
        return parameters
    }
}

/// One route: a method on a path template, served by an endpoint.
struct Route: Sendable {
    let method: HTTPMethod
    let template: PathTemplate
    let endpoint: Endpoint

    init(_ method: HTTPMethod, _ template: String, _ endpoint: Endpoint) {
        self.method = method
        self.template = PathTemplate(template)
        self.endpoint = endpoint
    }
}

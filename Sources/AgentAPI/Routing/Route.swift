import HTTPCore
import JSONCore

/// A path template such as `/api/v1/agents/{agent_id}`, matched as Starlette matches it:
/// a parameter is one or more code points other than `/`, against the percent-decoded path.
/// Matching works on Unicode scalars, as Starlette's regexes do: a segment that starts with a combining
/// mark is still a segment (Swift's `Character` would fold it into the `/` before it).
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

    /// The names of the template's parameters, in order.
    var parameterNames: [String] {
        segments.compactMap { if case .parameter(let name) = $0 { return name } else { return nil } }
    }

    /// The parameters when `path` matches, in template order; nil otherwise.
    func match(_ path: String) -> [(name: String, value: String)]? {
        let scalars = path.unicodeScalars
        guard scalars.first == "/" else { return nil }
        let parts = scalars.dropFirst().split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == segments.count else { return nil }
        var parameters: [(name: String, value: String)] = []
        for (segment, part) in zip(segments, parts) {
            switch segment {
            case .literal(let text):
                guard part.elementsEqual(text.unicodeScalars) else { return nil }
            case .parameter(let name):
                guard !part.isEmpty else { return nil }
                parameters.append((name, String(String.UnicodeScalarView(part))))
            }
        }
        return parameters
    }
}

/// What a route declares about itself beyond its handler: the route function's name, its router's tag,
/// its docstring and its success status, as FastAPI would publish them.
struct Operation: Sendable {
    /// The shape of a successful answer.
    enum Response: Sendable, Equatable {
        case model(String)
        case list(String)
        /// `dict[str, str]`.
        case stringMap
        case empty
    }

    /// The Python function's name (`create_agent`), from which FastAPI derives summary and operation id.
    let name: String
    let tag: String
    let status: Int
    let response: Response
    let description: String?

    init(_ name: String, tag: String, status: Int = 200, response: Response, description: String? = nil) {
        self.name = name
        self.tag = tag
        self.status = status
        self.response = response
        self.description = description
    }
}

/// One HTTP route: a method on a path template, what it needs (body, auth, parameters), and the
/// handler that serves it once those needs are met.
struct Route: Sendable {
    let method: HTTPMethod
    /// Methods answered besides `method`: HEAD for the documentation pages, as Starlette adds it to GET routes.
    var alsoAnswers: [HTTPMethod] = []
    /// False for the documentation routes, which FastAPI leaves out of its own document.
    var inSchema = true
    let template: PathTemplate
    let operation: Operation
    let requiresAuthentication: Bool
    let parameters: [ParameterSpec]
    let body: BodyKind
    /// Runs FastAPI's pipeline for this route: read the body, authenticate, validate, handle, render.
    let serve: @Sendable (AgentAPI, RequestContext) throws -> HTTPResponse

    /// Every method the route answers, in the order its 405 `Allow` lists them.
    var methods: [HTTPMethod] { [method] + alsoAnswers }
}

/// A WebSocket route: the handler gets the matched path parameters and the channel.
struct WebSocketRoute: Sendable {
    let template: PathTemplate
    let serve: @Sendable (AgentAPI, [String: String], RequestContext, any WebSocketChannel) async -> Void
}

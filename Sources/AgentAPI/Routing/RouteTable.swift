import HTTPCore
import JSONCore

/// Every route of an app, each registered once with its handler and its needs, in declaration order.
///
/// Matching follows Starlette, which FastAPI inherits: the first full match wins; a path that matches only
/// with another method answers 405 with the first such route's `Allow`; an unmatched path whose twin with
/// or without a trailing slash matches is redirected (307); anything else is 404.
struct RouteTable: Sendable {
    enum Outcome {
        case matched(Route, parameters: [String: String])
        case methodNotAllowed(allow: [HTTPMethod])
        case redirect(path: String)
        case notFound
    }

    private(set) var routes: [Route] = []
    private(set) var webSocketRoutes: [WebSocketRoute] = []

    /// A route anyone may call.
    mutating func open<Parameters: RequestParameters, Body>(
        _ method: HTTPMethod, _ path: String, _ operation: Operation, parameters: Parameters.Type,
        body: BodySpec<Body>, _ handler: @escaping @Sendable (AgentAPI, Parameters, Body) throws -> JSONValue
    ) {
        add(method, path, operation, authenticated: false, parameters: parameters, body: body) { api, parameters, body, _ in
            try handler(api, parameters, body)
        }
    }

    /// A route behind the bearer token; the handler gets the caller.
    mutating func authenticated<Parameters: RequestParameters, Body>(
        _ method: HTTPMethod, _ path: String, _ operation: Operation, parameters: Parameters.Type,
        body: BodySpec<Body>, _ handler: @escaping @Sendable (AgentAPI, Parameters, Body, UserRecord) throws -> JSONValue
    ) {
        add(method, path, operation, authenticated: true, parameters: parameters, body: body) { api, parameters, body, user in
            guard let user else { throw InternalError("an authenticated route ran without a caller") }
            return try handler(api, parameters, body, user)
        }
    }

    /// A page FastAPI serves itself (the OpenAPI document, Swagger UI, ReDoc): GET and HEAD, no auth,
    /// left out of the document.
    mutating func page(_ path: String, name: String, _ respond: @escaping @Sendable (AgentAPI) -> HTTPResponse) {
        var route = Route(
            method: .get, template: PathTemplate(path), operation: Operation(name, tag: "", response: .empty),
            requiresAuthentication: false, parameters: [], body: .none, serve: { api, _ in respond(api) })
        route.alsoAnswers = [.head]
        route.inSchema = false
        routes.append(route)
    }

    mutating func webSocket(
        _ path: String, _ handler: @escaping @Sendable (AgentAPI, [String: String], RequestContext, any WebSocketChannel) async -> Void
    ) {
        webSocketRoutes.append(WebSocketRoute(template: PathTemplate(path), serve: handler))
    }

    /// FastAPI's order for every route: read and decode the body, run the auth dependency, validate path,
    /// query and body together (one 422 with every item), call the handler, render at the route's status.
    private mutating func add<Parameters: RequestParameters, Body>(
        _ method: HTTPMethod, _ path: String, _ operation: Operation, authenticated: Bool, parameters: Parameters.Type,
        body: BodySpec<Body>, _ handler: @escaping @Sendable (AgentAPI, Parameters, Body, UserRecord?) throws -> JSONValue
    ) {
        let serve: @Sendable (AgentAPI, RequestContext) throws -> HTTPResponse = { api, context in
            let raw = try body.read(context.request)
            let user = authenticated ? try api.authenticate(context.request) : nil
            var validation = ParameterValidation()
            let values = validation.parameters(Parameters.specs, context)
            let decoded = try body.validate(raw, api.policies.fieldRules, &validation)
            try validation.finish()
            guard let values, let decoded else { throw InternalError("validation passed without values") }
            let result = try handler(api, try Parameters(values), decoded, user)
            return ResponseBuilder.json(result, status: operation.status)
        }
        routes.append(
            Route(
                method: method, template: PathTemplate(path), operation: operation, requiresAuthentication: authenticated,
                parameters: Parameters.specs, body: body.kind, serve: serve))
    }

    /// Routes `method` on the percent-decoded `path`.
    func route(_ method: HTTPMethod, path: String) -> Outcome {
        var partial: Route?
        for route in routes {
            guard let parameters = route.template.match(path) else { continue }
            if route.methods.contains(method) {
                return .matched(route, parameters: Dictionary(parameters, uniquingKeysWith: { _, last in last }))
            }
            if partial == nil { partial = route }
        }
        if let partial { return .methodNotAllowed(allow: partial.methods) }
        if path != "/" {
            // Starlette strips every trailing slash (`rstrip("/")`, by code point), or adds one.
            var twin = path.unicodeScalars
            if twin.last == "/" {
                while twin.last == "/" { twin.removeLast() }
            } else {
                twin.append("/")
            }
            let twinPath = String(twin)
            if routes.contains(where: { $0.template.match(twinPath) != nil }) { return .redirect(path: twinPath) }
        }
        return .notFound
    }

    /// The WebSocket route for `path`, with its parameters.
    func webSocketRoute(path: String) -> (WebSocketRoute, [String: String])? {
        for route in webSocketRoutes {
            if let parameters = route.template.match(path) {
                return (route, Dictionary(parameters, uniquingKeysWith: { _, last in last }))
            }
        }
        return nil
    }
}

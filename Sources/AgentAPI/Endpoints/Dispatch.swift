import HTTPCore
import JSONCore

extension AgentAPI {
    /// Runs an endpoint in FastAPI's order: read and decode the body, run the auth dependency,
    /// validate path, query and body together, then call the handler.
    func serve(_ endpoint: Endpoint, _ context: RequestContext) throws -> HTTPResponse {
        switch endpoint {
        case .health:
            return ResponseBuilder.json(["status": "ok"], status: 200)
        case .createUser:
            return try createUser(body: try RequestBody.decodeJSON(context.request))
        case .login:
            return try login(form: try RequestBody.decodeForm(context.request))
        case .currentUser:
            return ResponseBuilder.json(Representation.user(try authenticate(context.request)), status: 200)
        case .createTool:
            let body = try RequestBody.decodeJSON(context.request)
            _ = try authenticate(context.request)
            return try createTool(body: body)
        case .listTools:
            _ = try authenticate(context.request)
            return try listTools(context)
        case .createAgent:
            let body = try RequestBody.decodeJSON(context.request)
            let user = try authenticate(context.request)
            return try createAgent(body: body, user: user)
        case .listAgents:
            return try listAgents(context, user: try authenticate(context.request))
        case .getAgent:
            return try getAgent(context, user: try authenticate(context.request))
        case .updateAgent:
            let body = try RequestBody.decodeJSON(context.request)
            let user = try authenticate(context.request)
            return try updateAgent(context, body: body, user: user)
        case .deleteAgent:
            return try deleteAgent(context, user: try authenticate(context.request))
        case .listSubagents:
            return try listSubagents(context, user: try authenticate(context.request))
        case .executeAgent:
            let body = try RequestBody.decodeJSON(context.request)
            let user = try authenticate(context.request)
            return try executeAgent(context, body: body, user: user)
        case .listAgentExecutions:
            return try listAgentExecutions(context, user: try authenticate(context.request))
        case .getExecution:
            return try getExecution(context, user: try authenticate(context.request))
        }
    }

    /// `skip` and `limit` as every list endpoint declares them.
    func pagination(_ validation: inout ParameterValidation, _ context: RequestContext) -> (skip: JSONNumber?, limit: JSONNumber?) {
        let skip = validation.queryInteger(context, "skip", default: 0, ge: 0, le: nil)
        let limit = validation.queryInteger(context, "limit", default: 100, ge: 1, le: 1000)
        return (skip, limit)
    }
}

extension JSONNumber {
    /// An offset for SQL: values beyond 64 bits are past every row anyway.
    var clampedToInt64: Int64 { int64 ?? (isNegative ? 0 : Int64.max) }
}

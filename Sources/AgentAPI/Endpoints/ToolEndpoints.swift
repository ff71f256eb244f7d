import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/tools: 201, or 409 when the name is taken.
    func createTool(body: RequestBody.Decoded) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let input = validation.body(body, Schemas.toolCreate)
        try validation.finish()
        guard let input, let name = input["name"]?.string else { throw InternalError("validated tool lacks a name") }
        let now = configuration.clock.now()
        do {
            let tool = try database.transaction { db in
                try ToolTable.insert(db, name: name, description: input["description"]?.string, at: now)
            }
            return ResponseBuilder.json(Representation.tool(tool), status: mutant == .createdAs200 ? 200 : 201)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw APIError(409, "Tool already exists")
        }
    }

    /// GET /api/v1/tools: the catalogue by id ascending.
    func listTools(_ context: RequestContext) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let (skip, limit) = pagination(&validation, context)
        try validation.finish()
        guard let skip, let limit else { throw InternalError("validated pagination missing") }
        let tools = try database.read {
            try ToolTable.list($0, skip: mutant == .skipIgnored ? 0 : skip.clampedToInt64, limit: limit.clampedToInt64)
        }
        return ResponseBuilder.json(.array(tools.map(Representation.tool)), status: 200)
    }
}

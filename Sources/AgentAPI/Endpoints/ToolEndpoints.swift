import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/tools: 201, or 409 when the name is taken.
    func createTool(_ input: ToolCreate) throws -> JSONValue {
        let now = configuration.clock.now()
        do {
            let tool = try database.transaction { db in try ToolTable.insert(db, name: input.name, description: input.description, at: now) }
            return Representation.tool(tool)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw APIError(409, "Tool already exists")
        }
    }

    /// GET /api/v1/tools: the catalogue by id ascending.
    func listTools(_ page: Pagination) throws -> JSONValue {
        .array(try database.read { try ToolTable.list($0, skip: page.skip, limit: page.limit) }.map(Representation.tool))
    }
}

import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/agents/{agent_id}/execute: 202 with the execution as created (pending).
    func executeAgent(_ id: JSONNumber, _ input: ExecutionCreate, user: UserRecord) throws -> JSONValue {
        let now = configuration.clock.now()
        let execution = try database.transaction { db -> ExecutionRecord in
            guard let agent = try activeAgent(db, id) else { throw APIError(404, "Agent \(id.text) not found") }
            guard policies.ownership.allows(.execute, agent.createdByID, user.id) else { throw APIError(403, "Forbidden") }
            return try ExecutionTable.insert(db, agentID: agent.id, modelName: agent.modelName, input: input.input, at: now)
        }
        return Representation.execution(execution)
    }

    /// GET /api/v1/executions/{execution_id}: readable by the agent's owner, even after the agent is deleted.
    func getExecution(_ id: JSONNumber, user: UserRecord) throws -> JSONValue {
        let execution = try database.transaction { db -> ExecutionRecord in
            guard let key = id.int64, let found = try ExecutionTable.find(db, id: key) else {
                throw APIError(404, "Execution \(id.text) not found")
            }
            guard let owner = try AgentTable.find(db, id: found.agentID)?.createdByID,
                policies.ownership.allows(.readExecutions, owner, user.id)
            else { throw APIError(403, "Forbidden") }
            return try lifecycle.catchUp(db, found)
        }
        return Representation.execution(execution)
    }

    /// GET /api/v1/agents/{agent_id}/executions: newest first; 404 once the agent is deleted.
    func listAgentExecutions(_ id: JSONNumber, _ page: Pagination, user: UserRecord) throws -> JSONValue {
        let executions = try database.transaction { db -> [ExecutionRecord] in
            guard let agent = try activeAgent(db, id) else { throw APIError(404, "Agent \(id.text) not found") }
            guard policies.ownership.allows(.readExecutions, agent.createdByID, user.id) else { throw APIError(403, "Forbidden") }
            return try ExecutionTable.list(db, agentID: agent.id, skip: page.skip, limit: page.limit).map { try lifecycle.catchUp(db, $0) }
        }
        return .array(executions.map(Representation.execution))
    }
}

import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/agents/{agent_id}/execute: 202 with the execution as created (pending).
    func executeAgent(_ context: RequestContext, body: RequestBody.Decoded, user: UserRecord) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let id = validation.pathInteger(context, "agent_id")
        let input = validation.body(body, Schemas.executionCreate)
        try validation.finish()
        guard let id, let text = input?["input"]?.string else { throw InternalError("validated execution lacks its parts") }
        let now = configuration.clock.now()
        let execution = try database.transaction { db -> ExecutionRecord in
            guard let agent = try activeAgent(db, id) else {
                if mutant == .executeMissingAgentCrashes { throw InternalError("agent is None") }
                throw APIError(404, "Agent \(id.text) not found")
            }
            if agent.createdByID != user.id && mutant != .noOwnershipOnExecute { throw forbidden("Forbidden") }
            return try ExecutionTable.insert(db, agentID: agent.id, modelName: agent.modelName, input: text, at: now)
        }
        lifecycle.started(execution)
        return ResponseBuilder.json(Representation.execution(execution), status: 202)
    }

    /// GET /api/v1/executions/{execution_id}: readable by the agent's owner, even after the agent is deleted.
    func getExecution(_ context: RequestContext, user: UserRecord) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let id = validation.pathInteger(context, "execution_id")
        try validation.finish()
        guard let id else { throw InternalError("validated execution id missing") }
        let execution = try database.transaction { db -> ExecutionRecord in
            guard let key = id.int64, let found = try ExecutionTable.find(db, id: key) else {
                throw APIError(404, "Execution \(id.text) not found")
            }
            let owner = try AgentTable.find(db, id: found.agentID)?.createdByID
            if owner != user.id && mutant != .noOwnershipOnExecutions { throw forbidden("Forbidden") }
            return try lifecycle.catchUp(db, found)
        }
        return ResponseBuilder.json(Representation.execution(execution), status: 200)
    }

    /// GET /api/v1/agents/{agent_id}/executions: newest first; 404 once the agent is deleted.
    func listAgentExecutions(_ context: RequestContext, user: UserRecord) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let id = validation.pathInteger(context, "agent_id")
        let (skip, limit) = pagination(&validation, context)
        try validation.finish()
        guard let id, let skip, let limit else { throw InternalError("validated parameters missing") }
        let executions = try database.transaction { db -> [ExecutionRecord] in
            guard let agent = try activeAgent(db, id) else { throw APIError(404, "Agent \(id.text) not found") }
            if agent.createdByID != user.id && mutant != .noOwnershipOnExecutions { throw forbidden("Forbidden") }
            return try ExecutionTable.list(db, agentID: agent.id, skip: mutant == .skipIgnored ? 0 : skip.clampedToInt64,
                                           limit: limit.clampedToInt64)
                .map { try lifecycle.catchUp(db, $0) }
        }
        return ResponseBuilder.json(.array(executions.map(Representation.execution)), status: 200)
    }
}

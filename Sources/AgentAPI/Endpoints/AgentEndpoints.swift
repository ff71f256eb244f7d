import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/agents: tools checked in request order, then the parent (404, then 403).
    func createAgent(body: RequestBody.Decoded, user: UserRecord) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let input = validation.body(body, Schemas.agentCreate(mutant))
        try validation.finish()
        guard let input, let name = input["name"]?.string, let model = input["model_name"]?.string,
              let temperature = input["temperature"]?.float, let toolIDs = input["tool_ids"]?.integerList
        else { throw InternalError("validated agent body lacks a field") }
        let now = configuration.clock.now()
        let agent = try database.transaction { db -> AgentRecord in
            let tools = try existingTools(db, toolIDs)
            let parentID = try checkedParent(db, input["parent_id"]?.integer, user: user)
            return try AgentTable.insert(db, name: name, modelName: model, temperature: temperature, toolIDs: tools,
                                         parentID: parentID, ownerID: user.id, at: now)
        }
        return ResponseBuilder.json(Representation.agent(agent), status: mutant == .createdAs200 ? 200 : 201)
    }

    /// GET /api/v1/agents: the caller's active agents, newest first.
    func listAgents(_ context: RequestContext, user: UserRecord) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let (skip, limit) = pagination(&validation, context)
        try validation.finish()
        guard let skip, let limit else { throw InternalError("validated pagination missing") }
        let agents = try database.read {
            try AgentTable.listActive($0, ownerID: mutant == .listShowsEveryone ? nil : user.id,
                                      skip: mutant == .skipIgnored ? 0 : skip.clampedToInt64, limit: limit.clampedToInt64,
                                      includeDeleted: mutant == .deletedStillVisible, oldestFirst: mutant == .oldestFirst)
        }
        return ResponseBuilder.json(.array(agents.map(Representation.agent)), status: 200)
    }

    /// GET /api/v1/agents/{agent_id}.
    func getAgent(_ context: RequestContext, user: UserRecord) throws -> HTTPResponse {
        let id = try agentID(context)
        let agent = try database.read { try readableAgent($0, id, user: user, skipOwnership: mutant == .noOwnershipOnGet) }
        return ResponseBuilder.json(Representation.agent(agent), status: 200)
    }

    /// PATCH /api/v1/agents/{agent_id}: only the fields present in the body change.
    func updateAgent(_ context: RequestContext, body: RequestBody.Decoded, user: UserRecord) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let id = validation.pathInteger(context, "agent_id")
        let input = validation.body(body, Schemas.agentUpdate(mutant))
        try validation.finish()
        guard let id, let input else { throw InternalError("validated update lacks its parts") }
        let now = configuration.clock.now()
        let agent = try database.transaction { db -> AgentRecord in
            guard var agent = try ownedAgent(db, id, user: user, skipOwnership: mutant == .noOwnershipOnPatch) else {
                throw APIError(404, "Agent not found")
            }
            var tools: [Int64]?
            if input.isSet("tool_ids"), let requested = input["tool_ids"]?.integerList {
                tools = try existingTools(db, requested)
            }
            if input.isSet("parent_id") {
                agent.parentID = try checkedParent(db, input["parent_id"]?.integer, user: user)
            }
            if input.isSet("name"), let name = input["name"]?.string { agent.name = name }
            if input.isSet("model_name"), let model = input["model_name"]?.string { agent.modelName = model }
            if input.isSet("temperature"), let temperature = input["temperature"]?.float { agent.temperature = temperature }
            if !input.explicitlySet.isEmpty || mutant == .emptyPatchTouchesUpdatedAt { agent.updatedAt = now }
            try AgentTable.update(db, agent)
            if let tools { try AgentTable.replaceTools(db, agentID: agent.id, toolIDs: tools) }
            guard let stored = try AgentTable.find(db, id: agent.id) else { throw InternalError("agent vanished") }
            return stored
        }
        return ResponseBuilder.json(Representation.agent(agent), status: 200)
    }

    /// DELETE /api/v1/agents/{agent_id}: a soft delete; another user's agent is "not found".
    func deleteAgent(_ context: RequestContext, user: UserRecord) throws -> HTTPResponse {
        let id = try agentID(context)
        let now = configuration.clock.now()
        try database.transaction { db in
            if mutant == .silentForeignDelete, let agent = try activeAgent(db, id), agent.createdByID != user.id { return }
            guard var agent = try ownedAgent(db, id, user: user, skipOwnership: mutant == .noOwnershipOnDelete) else {
                throw APIError(404, "Agent not found")
            }
            agent.isActive = false
            _ = now
            try AgentTable.update(db, agent)
        }
        return ResponseBuilder.json(.null, status: 204)
    }

    /// GET /api/v1/agents/{agent_id}/subagents: the parent's active children, newest first.
    func listSubagents(_ context: RequestContext, user: UserRecord) throws -> HTTPResponse {
        let id = try agentID(context)
        let children = try database.read { db -> [AgentRecord] in
            let parent = try readableAgent(db, id, user: user, skipOwnership: mutant == .noOwnershipOnSubagents)
            return try AgentTable.listChildren(db, parentID: parent.id, includeDeleted: mutant == .deletedStillVisible)
        }
        return ResponseBuilder.json(.array(children.map(Representation.agent)), status: 200)
    }

    // MARK: Shared checks

    /// The validated `agent_id` path parameter, or the 422.
    func agentID(_ context: RequestContext) throws(APIError) -> JSONNumber {
        var validation = ParameterValidation()
        let id = validation.pathInteger(context, "agent_id")
        try validation.finish()
        return id ?? JSONNumber(0)
    }

    /// An agent that exists and is not soft-deleted (unless a mutant keeps deleted ones visible).
    func activeAgent(_ db: SQLiteConnection, _ id: JSONNumber) throws -> AgentRecord? {
        guard let key = id.int64, let agent = try AgentTable.find(db, id: key) else { return nil }
        return agent.isActive || mutant == .deletedStillVisible ? agent : nil
    }

    func activeAgent(_ db: SQLiteConnection, _ id: Int64) throws -> AgentRecord? {
        try activeAgent(db, JSONNumber(id))
    }

    /// GET semantics: 404 `Agent {id} not found`, then 403 `Not authorized to access this agent`.
    func readableAgent(_ db: SQLiteConnection, _ id: JSONNumber, user: UserRecord, skipOwnership: Bool) throws -> AgentRecord {
        guard let agent = try activeAgent(db, id) else { throw APIError(404, "Agent \(id.text) not found") }
        if agent.createdByID != user.id && !skipOwnership { throw forbidden("Not authorized to access this agent") }
        return agent
    }

    /// PATCH/DELETE semantics: missing, deleted and foreign agents are all simply not found.
    func ownedAgent(_ db: SQLiteConnection, _ id: JSONNumber, user: UserRecord, skipOwnership: Bool) throws -> AgentRecord? {
        guard let agent = try activeAgent(db, id) else { return nil }
        return agent.createdByID == user.id || skipOwnership ? agent : nil
    }

    /// 403, or 404 with the same detail under the forbidden-as-404 mutant.
    func forbidden(_ detail: String) -> APIError {
        APIError(mutant == .forbiddenAs404 ? 404 : 403, detail)
    }

    /// The first unknown tool id in request order is a 404; duplicates collapse.
    func existingTools(_ db: SQLiteConnection, _ ids: [JSONNumber]) throws -> [Int64] {
        var found: [Int64] = []
        for id in ids {
            guard let key = id.int64, try ToolTable.exists(db, id: key) else { throw APIError(404, "Tool \(id.text) not found") }
            if !found.contains(key) { found.append(key) }
        }
        return found.sorted()
    }

    /// A parent reference: null is fine; otherwise 404 when missing or deleted, 403 when another user's.
    func checkedParent(_ db: SQLiteConnection, _ parent: JSONNumber?, user: UserRecord) throws -> Int64? {
        guard let parent else { return nil }
        guard let agent = try activeAgent(db, parent) else { throw APIError(404, "Agent \(parent.text) not found") }
        if agent.createdByID != user.id && mutant != .noOwnershipOnParent {
            throw forbidden("Not authorized to access this agent")
        }
        return agent.id
    }
}

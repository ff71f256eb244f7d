import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/agents: tools checked in request order, then the parent (404, then 403).
    func createAgent(_ input: AgentCreate, user: UserRecord) throws -> JSONValue {
        let now = configuration.clock.now()
        let agent = try database.transaction { db -> AgentRecord in
            let tools = try existingTools(db, input.toolIDs)
            let parentID = try checkedParent(db, input.parentID, user: user)
            return try AgentTable.insert(
                db, name: input.name, modelName: input.modelName, temperature: input.temperature,
                toolIDs: tools, parentID: parentID, ownerID: user.id, at: now)
        }
        return Representation.agent(agent)
    }

    /// GET /api/v1/agents: the caller's active agents, newest first.
    func listAgents(_ page: Pagination, user: UserRecord) throws -> JSONValue {
        let agents = try database.read {
            try AgentTable.listActive(
                $0, ownerID: policies.ownership.listScope(user.id), skip: page.skip, limit: page.limit,
                order: policies.agentListOrder)
        }
        return .array(agents.map(Representation.agent))
    }

    /// GET /api/v1/agents/{agent_id}.
    func getAgent(_ id: JSONNumber, user: UserRecord) throws -> JSONValue {
        Representation.agent(try database.read { try readableAgent($0, id, user: user, for: .read) })
    }

    /// PATCH /api/v1/agents/{agent_id}: only the fields present in the body change.
    func updateAgent(_ id: JSONNumber, _ input: AgentUpdate, user: UserRecord) throws -> JSONValue {
        let now = configuration.clock.now()
        let agent = try database.transaction { db -> AgentRecord in
            guard var agent = try ownedAgent(db, id, user: user, for: .update) else { throw APIError(404, "Agent not found") }
            let tools = try input.toolIDs.map { try existingTools(db, $0) }
            if let parent = input.parentID { agent.parentID = try checkedParent(db, parent, user: user) }
            if let name = input.name { agent.name = name }
            if let model = input.modelName { agent.modelName = model }
            if let temperature = input.temperature { agent.temperature = temperature }
            if input.changesSomething { agent.updatedAt = now }
            try AgentTable.update(db, agent)
            if let tools { try AgentTable.replaceTools(db, agentID: agent.id, toolIDs: tools) }
            guard let stored = try AgentTable.find(db, id: agent.id) else { throw InternalError("agent vanished") }
            return stored
        }
        return Representation.agent(agent)
    }

    /// DELETE /api/v1/agents/{agent_id}: a soft delete; another user's agent is "not found".
    func deleteAgent(_ id: JSONNumber, user: UserRecord) throws -> JSONValue {
        try database.transaction { db in
            guard var agent = try ownedAgent(db, id, user: user, for: .delete) else { throw APIError(404, "Agent not found") }
            agent.isActive = false
            try AgentTable.update(db, agent)
        }
        return .null
    }

    /// GET /api/v1/agents/{agent_id}/subagents: the parent's active children, newest first.
    func listSubagents(_ id: JSONNumber, user: UserRecord) throws -> JSONValue {
        let children = try database.read { db -> [AgentRecord] in
            let parent = try readableAgent(db, id, user: user, for: .listChildren)
            return try AgentTable.listChildren(db, parentID: parent.id)
        }
        return .array(children.map(Representation.agent))
    }

    // MARK: Shared checks

    /// An agent that exists and is not soft-deleted.
    func activeAgent(_ db: SQLiteConnection, _ id: JSONNumber) throws -> AgentRecord? {
        guard let key = id.int64, let agent = try AgentTable.find(db, id: key), agent.isActive else { return nil }
        return agent
    }

    /// GET semantics: 404 `Agent {id} not found`, then 403 `Not authorized to access this agent`.
    func readableAgent(_ db: SQLiteConnection, _ id: JSONNumber, user: UserRecord, for access: OwnershipPolicy.Access) throws -> AgentRecord {
        guard let agent = try activeAgent(db, id) else { throw APIError(404, "Agent \(id.text) not found") }
        guard policies.ownership.allows(access, agent.createdByID, user.id) else {
            throw APIError(403, "Not authorized to access this agent")
        }
        return agent
    }

    /// PATCH/DELETE semantics: missing, deleted and foreign agents are all simply not found.
    func ownedAgent(_ db: SQLiteConnection, _ id: JSONNumber, user: UserRecord, for access: OwnershipPolicy.Access) throws -> AgentRecord? {
        guard let agent = try activeAgent(db, id), policies.ownership.allows(access, agent.createdByID, user.id) else { return nil }
        return agent
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
        return try readableAgent(db, parent, user: user, for: .nameAsParent).id
    }
}

import SQLite

/// Reads and writes agents and their tool links. Lists are newest first, ties broken by id.
enum AgentTable {
    private static let columns = "id, name, model_name, temperature, parent_id, created_by_id, is_active, created_at, updated_at"

    static func insert(
        _ db: SQLiteConnection, name: String, modelName: String, temperature: Double,
        toolIDs: [Int64], parentID: Int64?, ownerID: Int64, at time: Timestamp
    ) throws -> AgentRecord {
        try db.query(
            """
            INSERT INTO agents (name, model_name, temperature, parent_id, created_by_id, is_active, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, 1, ?, ?)
            """,
            [
                .text(name), .text(modelName), .real(temperature), .optional(parentID), .integer(ownerID),
                .integer(time.microseconds), .integer(time.microseconds),
            ])
        let id = db.lastInsertRowID
        try replaceTools(db, agentID: id, toolIDs: toolIDs)
        guard let stored = try find(db, id: id) else {
            throw SQLiteError(code: 0, message: "agent \(id) vanished after insert")
        }
        return stored
    }

    /// The agent whatever its state; callers decide what a soft-deleted agent means.
    static func find(_ db: SQLiteConnection, id: Int64) throws -> AgentRecord? {
        guard let row = try db.queryFirst("SELECT \(columns) FROM agents WHERE id = ?", [.integer(id)]) else { return nil }
        return try record(db, row)
    }

    /// Active agents of `ownerID` (everyone's when nil), in `order`.
    static func listActive(_ db: SQLiteConnection, ownerID: Int64?, skip: Int64, limit: Int64, order: ListOrder) throws -> [AgentRecord] {
        // Conditions are left out rather than switched off with `OR ?`, which would keep SQLite from using
        // the (created_by_id, is_active, created_at) index and scan every agent on each list.
        let ordering = order == .oldestFirst ? "created_at ASC, id ASC" : "created_at DESC, id DESC"
        var conditions = ["is_active = 1"], parameters: [SQLiteValue] = []
        if let ownerID {
            conditions.insert("created_by_id = ?", at: 0)
            parameters.append(.integer(ownerID))
        }
        let rows = try db.query(
            "SELECT \(columns) FROM agents WHERE \(conditions.joined(separator: " AND ")) ORDER BY \(ordering) LIMIT ? OFFSET ?",
            parameters + [.integer(limit), .integer(skip)])
        return try rows.compactMap { try record(db, $0) }
    }

    /// The active children of an agent, newest first.
    static func listChildren(_ db: SQLiteConnection, parentID: Int64) throws -> [AgentRecord] {
        let rows = try db.query(
            """
            SELECT \(columns) FROM agents WHERE parent_id = ? AND is_active = 1
            ORDER BY created_at DESC, id DESC
            """, [.integer(parentID)])
        return try rows.compactMap { try record(db, $0) }
    }

    static func update(_ db: SQLiteConnection, _ agent: AgentRecord) throws {
        try db.query(
            """
            UPDATE agents SET name = ?, model_name = ?, temperature = ?, parent_id = ?, is_active = ?, updated_at = ?
            WHERE id = ?
            """,
            [
                .text(agent.name), .text(agent.modelName), .real(agent.temperature), .optional(agent.parentID),
                .integer(agent.isActive ? 1 : 0), .integer(agent.updatedAt.microseconds), .integer(agent.id),
            ])
    }

    static func replaceTools(_ db: SQLiteConnection, agentID: Int64, toolIDs: [Int64]) throws {
        try db.query("DELETE FROM agent_tools WHERE agent_id = ?", [.integer(agentID)])
        for toolID in Set(toolIDs).sorted() {
            try db.query("INSERT INTO agent_tools (agent_id, tool_id) VALUES (?, ?)", [.integer(agentID), .integer(toolID)])
        }
    }

    private static func record(_ db: SQLiteConnection, _ row: SQLiteRow) throws -> AgentRecord? {
        guard let id = row.integer(0), let name = row.text(1), let model = row.text(2), let temperature = row.double(3),
            let owner = row.integer(5), let created = row.integer(7), let updated = row.integer(8)
        else { return nil }
        let tools = try db.query("SELECT tool_id FROM agent_tools WHERE agent_id = ? ORDER BY tool_id ASC", [.integer(id)])
            .compactMap { $0.integer(0) }
        return AgentRecord(
            id: id, name: name, modelName: model, temperature: temperature, toolIDs: tools,
            parentID: row.integer(4), createdByID: owner, isActive: row.integer(6) != 0,
            createdAt: Timestamp(microseconds: created), updatedAt: Timestamp(microseconds: updated))
    }
}

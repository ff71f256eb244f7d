import SQLite

/// Reads and writes executions. Lists are newest first, ties broken by id.
enum ExecutionTable {
    private static let columns = "id, agent_id, status, input, output, created_at, completed_at, model_name"

    /// Stores a pending execution with the model the agent has now: the output names that model.
    static func insert(_ db: SQLiteConnection, agentID: Int64, modelName: String, input: String, at time: Timestamp) throws -> ExecutionRecord {
        try db.query(
            """
            INSERT INTO executions (agent_id, status, input, model_name, output, created_at, completed_at)
            VALUES (?, ?, ?, ?, NULL, ?, NULL)
            """, [.integer(agentID), .text(ExecutionStatus.pending.rawValue), .text(input), .text(modelName), .integer(time.microseconds)])
        return ExecutionRecord(
            id: db.lastInsertRowID, agentID: agentID, status: .pending, input: input, modelName: modelName,
            output: nil, createdAt: time, completedAt: nil)
    }

    static func find(_ db: SQLiteConnection, id: Int64) throws -> ExecutionRecord? {
        try db.queryFirst("SELECT \(columns) FROM executions WHERE id = ?", [.integer(id)]).flatMap(record)
    }

    static func list(_ db: SQLiteConnection, agentID: Int64, skip: Int64, limit: Int64) throws -> [ExecutionRecord] {
        try db.query(
            """
            SELECT \(columns) FROM executions WHERE agent_id = ?
            ORDER BY created_at DESC, id DESC LIMIT ? OFFSET ?
            """, [.integer(agentID), .integer(limit), .integer(skip)]
        ).compactMap(record)
    }

    /// Executions not yet finished, oldest first: the lifecycle resumes them after a restart.
    static func unfinished(_ db: SQLiteConnection) throws -> [ExecutionRecord] {
        try db.query("SELECT \(columns) FROM executions WHERE status IN ('pending', 'running') ORDER BY id ASC")
            .compactMap(record)
    }

    static func update(_ db: SQLiteConnection, _ execution: ExecutionRecord) throws {
        try db.query(
            "UPDATE executions SET status = ?, output = ?, completed_at = ? WHERE id = ?",
            [
                .text(execution.status.rawValue), .optional(execution.output),
                .optional(execution.completedAt?.microseconds), .integer(execution.id),
            ])
    }

    private static func record(_ row: SQLiteRow) -> ExecutionRecord? {
        guard let id = row.integer(0), let agent = row.integer(1), let statusText = row.text(2),
            let status = ExecutionStatus(rawValue: statusText), let input = row.text(3), let created = row.integer(5)
        else { return nil }
        return ExecutionRecord(
            id: id, agentID: agent, status: status, input: input, modelName: row.text(7) ?? "", output: row.text(4),
            createdAt: Timestamp(microseconds: created),
            completedAt: row.integer(6).map { Timestamp(microseconds: $0) })
    }
}

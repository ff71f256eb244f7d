import SQLite

/// Reads and writes the global tool catalogue.
enum ToolTable {
    static func insert(_ db: SQLiteConnection, name: String, description: String?, at time: Timestamp) throws -> ToolRecord {
        try db.query(
            "INSERT INTO tools (name, description, created_at) VALUES (?, ?, ?)",
            [.text(name), .optional(description), .integer(time.microseconds)])
        return ToolRecord(id: db.lastInsertRowID, name: name, description: description, createdAt: time)
    }

    static func exists(_ db: SQLiteConnection, id: Int64) throws -> Bool {
        try db.queryFirst("SELECT 1 FROM tools WHERE id = ?", [.integer(id)]) != nil
    }

    static func list(_ db: SQLiteConnection, skip: Int64, limit: Int64) throws -> [ToolRecord] {
        try db.query(
            "SELECT id, name, description, created_at FROM tools ORDER BY id ASC LIMIT ? OFFSET ?",
            [.integer(limit), .integer(skip)]
        ).compactMap { row in
            guard let id = row.integer(0), let name = row.text(1), let created = row.integer(3) else { return nil }
            return ToolRecord(id: id, name: name, description: row.text(2), createdAt: Timestamp(microseconds: created))
        }
    }
}

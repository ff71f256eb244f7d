import SQLite

/// Reads and writes users. Every function runs inside a caller's transaction.
enum UserTable {
    static func insert(_ db: SQLiteConnection, email: String, passwordHash: String, fullName: String?, at time: Timestamp) throws -> UserRecord {
        try db.query(
            "INSERT INTO users (email, password_hash, full_name, is_active, created_at) VALUES (?, ?, ?, 1, ?)",
            [.text(email), .text(passwordHash), .optional(fullName), .integer(time.microseconds)])
        return UserRecord(
            id: db.lastInsertRowID, email: email, passwordHash: passwordHash, fullName: fullName,
            isActive: true, createdAt: time)
    }

    static func find(_ db: SQLiteConnection, id: Int64) throws -> UserRecord? {
        try db.queryFirst(
            "SELECT id, email, password_hash, full_name, is_active, created_at FROM users WHERE id = ?",
            [.integer(id)]
        ).flatMap(record)
    }

    static func find(_ db: SQLiteConnection, email: String) throws -> UserRecord? {
        try db.queryFirst(
            "SELECT id, email, password_hash, full_name, is_active, created_at FROM users WHERE email = ?",
            [.text(email)]
        ).flatMap(record)
    }

    private static func record(_ row: SQLiteRow) -> UserRecord? {
        guard let id = row.integer(0), let email = row.text(1), let hash = row.text(2), let created = row.integer(5) else {
            return nil
        }
        return UserRecord(
            id: id, email: email, passwordHash: hash, fullName: row.text(3),
            isActive: row.integer(4) != 0, createdAt: Timestamp(microseconds: created))
    }
}

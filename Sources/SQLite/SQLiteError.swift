import CSQLite

/// A failed SQLite call, with the result code, SQLite's own message and the statement that failed.
public struct SQLiteError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (for example 2067, SQLITE_CONSTRAINT_UNIQUE).
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// A UNIQUE or PRIMARY KEY constraint failed: the caller lost a race or repeated a key.
    public var isUniqueViolation: Bool {
        // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555): macros Swift cannot import.
        code == 2067 || code == 1555
    }

    public var isConstraintViolation: Bool { code & 0xff == SQLITE_CONSTRAINT }

    public var description: String {
        var text = "SQLite error \(code): \(message)"
        if let sql { text += " (in: \(sql))" }
        return text
    }
}

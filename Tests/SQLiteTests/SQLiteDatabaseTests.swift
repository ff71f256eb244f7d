import Foundation
import SQLite
import Testing

struct SQLiteDatabaseTests {
    static let schema = SQLiteDatabase.Migration(
        version: 1,
        sql: """
            CREATE TABLE items (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE, score REAL, data BLOB);
            """)

    @Test func roundTripsEveryValueKind() throws {
        let db = try SQLiteDatabase(migrations: [Self.schema])
        let name = "a'; DROP TABLE items; --\u{0}end ☃︎"
        let id = try db.transaction { conn -> Int64 in
            try conn.query(
                "INSERT INTO items (name, score, data) VALUES (?, ?, ?)",
                [.text(name), .real(0.7), .blob([0, 1, 255])])
            return conn.lastInsertRowID
        }
        let row = try #require(try db.read { try $0.queryFirst("SELECT id, name, score, data FROM items WHERE id = ?", [.integer(id)]) })
        #expect(row.integer(0) == id)
        #expect(row.text(1) == name)
        #expect(row.double(2) == 0.7)
        #expect(row[3] == .blob([0, 1, 255]))
        #expect(try db.read { try $0.query("SELECT count(*) FROM items") }.first?.integer(0) == 1)
    }

    @Test func uniqueViolationIsRecognisedAndRolledBack() throws {
        let db = try SQLiteDatabase(migrations: [Self.schema])
        try db.transaction { try $0.query("INSERT INTO items (name) VALUES (?)", ["x"]) }
        #expect {
            try db.transaction { conn in
                try conn.query("INSERT INTO items (name) VALUES (?)", ["y"])
                try conn.query("INSERT INTO items (name) VALUES (?)", ["x"])
            }
        } throws: { ($0 as? SQLiteError)?.isUniqueViolation == true }
        // The whole transaction rolled back, "y" included.
        #expect(try db.read { try $0.query("SELECT name FROM items ORDER BY id") }.compactMap { $0.text(0) } == ["x"])
    }

    @Test func wrongParameterCountIsAnErrorNotACrash() throws {
        let db = try SQLiteDatabase(migrations: [Self.schema])
        #expect(throws: SQLiteError.self) {
            try db.read { try $0.query("SELECT * FROM items WHERE id = ?", []) }
        }
        #expect(throws: SQLiteError.self) {
            try db.read { try $0.query("SELECT * FROM no_such_table") }
        }
    }

    @Test func fileDatabaseMigratesOnceAndKeepsData() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("sqlite-test-\(UUID()).sqlite").path
        defer {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        do {
            let db = try SQLiteDatabase(path: path, migrations: [Self.schema])
            #expect(try db.schemaVersion == 1)
            try db.transaction { try $0.query("INSERT INTO items (name) VALUES (?)", ["kept"]) }
            #expect(try db.read { try $0.queryFirst("PRAGMA journal_mode") }?.text(0) == "wal")
        }
        let second = SQLiteDatabase.Migration(version: 2, sql: "ALTER TABLE items ADD COLUMN extra TEXT;")
        let reopened = try SQLiteDatabase(path: path, migrations: [Self.schema, second])
        #expect(try reopened.schemaVersion == 2)
        #expect(try reopened.read { try $0.queryFirst("SELECT name, extra FROM items") }?.text(0) == "kept")
    }

    @Test func concurrentWritersLoseNothing() async throws {
        let db = try SQLiteDatabase(migrations: [Self.schema])
        try await withThrowingTaskGroup(of: Void.self) { group in
            for task in 0..<16 {
                group.addTask {
                    for item in 0..<50 {
                        try db.transaction { try $0.query("INSERT INTO items (name) VALUES (?)", [.text("\(task)-\(item)")]) }
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(try db.read { try $0.queryFirst("SELECT count(*) FROM items") }?.integer(0) == 800)
    }

    @Test func foreignKeysAreEnforced() throws {
        let db = try SQLiteDatabase(migrations: [
            .init(
                version: 1,
                sql: """
                    CREATE TABLE parent (id INTEGER PRIMARY KEY);
                    CREATE TABLE child (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES parent(id));
                    """)
        ])
        #expect {
            try db.transaction { try $0.query("INSERT INTO child (parent_id) VALUES (?)", [42]) }
        } throws: { ($0 as? SQLiteError)?.isConstraintViolation == true }
    }
}

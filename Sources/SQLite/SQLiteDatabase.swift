import CSQLite
import Foundation
import Locking

/// A database shared by concurrent callers: one connection behind one lock, each unit of work a transaction.
///
/// SQLite serializes writers anyway; one lock keeps reads consistent with writes and makes lost updates impossible.
public final class SQLiteDatabase: Sendable {
    /// A schema change applied once, in order; `user_version` records how many have run.
    public struct Migration: Sendable {
        public let version: Int
        public let sql: String
        public init(version: Int, sql: String) {
            self.version = version
            self.sql = sql
        }
    }

    private let connection: Locked<SQLiteConnection>
    /// The path given at open; ":memory:" for a private in-memory database.
    public let path: String

    /// Opens (creating if needed) the database, turns on foreign keys, WAL for files, and migrates.
    public init(path: String = ":memory:", migrations: [Migration] = []) throws {
        self.path = path
        let opened = try SQLiteConnection(path: path)
        try opened.executeScript("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
        if path != ":memory:" && !path.isEmpty {
            try opened.executeScript("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;")
        }
        connection = Locked(opened)
        try migrate(migrations)
    }

    /// The schema version stored in the file (`PRAGMA user_version`).
    public var schemaVersion: Int {
        get throws {
            try read { Int(try $0.queryFirst("PRAGMA user_version")?.integer(0) ?? 0) }
        }
    }

    /// Runs `body` in a write transaction (BEGIN IMMEDIATE); any thrown error rolls it back.
    @discardableResult
    public func transaction<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { connection throws -> T in
            try connection.executeScript("BEGIN IMMEDIATE")
            do {
                let result = try body(connection)
                try connection.executeScript("COMMIT")
                return result
            } catch {
                try? connection.executeScript("ROLLBACK")
                throw error
            }
        }
    }

    /// Runs `body` under the lock without opening a write transaction.
    public func read<T: Sendable>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        try connection.withLock { connection throws -> T in try body(connection) }
    }

    private func migrate(_ migrations: [Migration]) throws {
        let current = try schemaVersion
        let pending = migrations.filter { $0.version > current }.sorted { $0.version < $1.version }
        for migration in pending {
            try transaction { connection in
                try connection.executeScript(migration.sql)
                try connection.executeScript("PRAGMA user_version = \(migration.version)")
            }
        }
    }
}

import SQLite

/// The reference's tables. Times are integer microseconds since the epoch (UTC); soft delete is `is_active = 0`.
enum Schema {
    static let migrations: [SQLiteDatabase.Migration] = [
        .init(
            version: 1,
            sql: """
                CREATE TABLE users (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    email TEXT NOT NULL UNIQUE,
                    password_hash TEXT NOT NULL,
                    full_name TEXT,
                    is_active INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE tools (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL UNIQUE,
                    description TEXT,
                    created_at INTEGER NOT NULL
                );
                CREATE TABLE agents (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    model_name TEXT NOT NULL,
                    temperature REAL NOT NULL,
                    parent_id INTEGER REFERENCES agents(id),
                    created_by_id INTEGER NOT NULL REFERENCES users(id),
                    is_active INTEGER NOT NULL DEFAULT 1,
                    created_at INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL
                );
                CREATE INDEX agents_owner ON agents (created_by_id, is_active, created_at DESC, id DESC);
                CREATE INDEX agents_parent ON agents (parent_id, is_active);
                CREATE TABLE agent_tools (
                    agent_id INTEGER NOT NULL REFERENCES agents(id),
                    tool_id INTEGER NOT NULL REFERENCES tools(id),
                    PRIMARY KEY (agent_id, tool_id)
                ) WITHOUT ROWID;
                CREATE TABLE executions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    agent_id INTEGER NOT NULL REFERENCES agents(id),
                    status TEXT NOT NULL,
                    input TEXT NOT NULL,
                    model_name TEXT NOT NULL,
                    output TEXT,
                    created_at INTEGER NOT NULL,
                    completed_at INTEGER
                );
                CREATE INDEX executions_agent ON executions (agent_id, created_at DESC, id DESC);
                """)
    ]
}

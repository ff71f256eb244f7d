import SQLite

/// Moves executions pending → running → completed (or failed) on their own.
///
/// The state is a function of the clock: running from half the delay, finished at the full delay.
/// Reads catch a row up before answering, so with the default delay of zero the very next read
/// already sees the finished execution, and a fixed test clock makes every step deterministic.
final class ExecutionLifecycle: Sendable {
    let database: SQLiteDatabase
    let clock: any WallClock
    /// Microseconds from creation to completion.
    let delay: Int64

    init(database: SQLiteDatabase, clock: any WallClock, delay seconds: Double) {
        self.database = database
        self.clock = clock
        delay = Int64((max(0, seconds) * 1_000_000).rounded())
    }

    /// The status an execution created at `createdAt` has at `now`.
    func status(createdAt: Timestamp, input: String, at now: Timestamp) -> ExecutionStatus {
        let elapsed = now.microseconds - createdAt.microseconds
        if elapsed >= delay { return input == "fail" ? .failed : .completed }
        if elapsed >= delay / 2 && delay > 0 { return .running }
        return .pending
    }

    /// Advances a stored execution to the status the clock implies and persists the change.
    func catchUp(_ db: SQLiteConnection, _ execution: ExecutionRecord) throws -> ExecutionRecord {
        guard !execution.status.isTerminal else { return execution }
        let target = status(createdAt: execution.createdAt, input: execution.input, at: clock.now())
        guard target > execution.status else { return execution }
        var updated = execution
        updated.status = target
        if target.isTerminal {
            updated.completedAt = execution.createdAt.adding(microseconds: delay)
            if target == .completed { updated.output = "[\(execution.modelName)] \(execution.input)" }
        }
        try ExecutionTable.update(db, updated)
        return updated
    }
}

import Foundation

/// A value that several threads or tasks share, reachable only while its lock is held.
///
/// The one audited place where a lock guards state: types that share mutable state hold a `Locked`
/// and stay checked `Sendable`, instead of hand-written lock/unlock pairs behind `@unchecked Sendable`.
/// The value goes in and out as `sending`, as with the standard library's `Mutex`, so nothing
/// reachable from it escapes the lock into another isolation domain.
public final class Locked<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Value

    public init(_ value: sending Value) {
        self.value = value
    }

    /// Runs `body` with exclusive access to the value. Keep it short: no waiting, no I/O.
    public func withLock<Result, Failure: Error>(
        _ body: (inout sending Value) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}

extension Locked where Value: Sendable {
    /// A copy of the value as it is now.
    public var current: Value {
        withLock { $0 }
    }
}

import Foundation

/// Where the reference reads the time, so tests can fix it and step it.
public protocol WallClock: Sendable {
    func now() -> Timestamp
}

/// The system's real-time clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Timestamp { Timestamp(seconds: Date().timeIntervalSince1970) }
}

/// A clock that only moves when told to: timestamps and token expiry become deterministic in tests.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Timestamp

    public init(_ start: Timestamp = Timestamp(microseconds: 1_795_539_600_000_000)) { current = start }

    public func now() -> Timestamp {
        lock.lock()
        defer { lock.unlock() }
        return current
    }

    public func advance(microseconds: Int64) {
        lock.lock()
        current = current.adding(microseconds: microseconds)
        lock.unlock()
    }

    public func set(_ timestamp: Timestamp) {
        lock.lock()
        current = timestamp
        lock.unlock()
    }
}

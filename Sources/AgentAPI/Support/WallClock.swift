import Foundation
import Locking

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
public final class ManualWallClock: WallClock {
    private let time: Locked<Timestamp>

    public init(_ start: Timestamp = Timestamp(microseconds: 1_795_539_600_000_000)) { time = Locked(start) }

    public func now() -> Timestamp { time.current }

    public func advance(microseconds: Int64) { time.withLock { $0 = $0.adding(microseconds: microseconds) } }

    public func set(_ timestamp: Timestamp) { time.withLock { $0 = timestamp } }
}

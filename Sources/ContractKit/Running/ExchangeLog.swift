import Foundation
import HTTPCore
import JSONCore
import Locking

/// One request and its response, as a fixture run saw them.
public struct Exchange: Sendable {
    public let step: Int
    /// The position within a parallel group (0 otherwise).
    public let member: Int
    public let request: HTTPRequest
    public let response: HTTPResponse
    /// Differences from the step's expectation (the recorder's `failed` mode rewrites those steps).
    public let mismatches: [Mismatch]
    /// The fixture's variables when the step was sent: earlier captures and actor properties.
    public let variables: [String: JSONValue]
}

/// Collects the exchanges of a run, from any task.
public final class ExchangeLog: Sendable {
    private let entries = Locked<[Exchange]>([])
    private let known = Locked(Secrets())
    /// The run token the logged run rendered `{{$run}}` with (empty when not told).
    public let runID: String

    public init(runID: String = "") { self.runID = runID }

    func record(_ exchange: Exchange) { entries.withLock { $0.append(exchange) } }

    /// The credentials the logged run used.
    public var secrets: Secrets { known.current }

    func note(_ secrets: Secrets) { known.withLock { $0.add(secrets) } }

    public var exchanges: [Exchange] {
        entries.current.sorted { ($0.step, $0.member) < ($1.step, $1.member) }
    }

    /// The exchange of a step (and parallel member), if it happened.
    public func exchange(step: Int, member: Int = 0) -> Exchange? {
        exchanges.first { $0.step == step && $0.member == member }
    }
}

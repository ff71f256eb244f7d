import Foundation
import Locking

/// Counts the accounts a run creates and the time their requests took, and holds the accounts a run shares
/// (its intruder, its bystanders): against a target that hashes passwords slowly, accounts are most of a
/// run's time, so a run says how many it made.
public final class ProvisioningLedger: Sendable {
    private struct Tally {
        var accounts = 0
        var failures = 0
        var seconds = 0.0
    }

    typealias Provisioned = Result<ProvisionedActor, FixtureExecution.ProvisioningFailure>

    private let tally = Locked(Tally())
    private let shared = Locked<[String: Task<Provisioned, Never>]>([:])

    public init() {}

    /// What the run spent on accounts so far.
    public var summary: ProvisioningSummary {
        tally.withLock { ProvisioningSummary(accounts: $0.accounts, failures: $0.failures, seconds: $0.seconds) }
    }

    func record(succeeded: Bool, seconds: Double) {
        tally.withLock { tally in
            if succeeded { tally.accounts += 1 } else { tally.failures += 1 }
            tally.seconds += seconds
        }
    }

    /// The run's one account under `key`, provisioned by the first caller (later ones wait for it).
    func shared(_ key: String, provision: @escaping @Sendable () async -> Provisioned) async -> Provisioned {
        let task = shared.withLock { started in
            if let existing = started[key] { return existing }
            let task = Task { await provision() }
            started[key] = task
            return task
        }
        return await task.value
    }
}

/// The accounts a run created, the provisionings that failed, and the seconds their requests took in all
/// (summed over concurrent provisionings, so it can exceed the run's wall time).
public struct ProvisioningSummary: Sendable, Equatable {
    public var accounts: Int
    public var failures: Int
    public var seconds: Double

    public init(accounts: Int = 0, failures: Int = 0, seconds: Double = 0) {
        self.accounts = accounts
        self.failures = failures
        self.seconds = seconds
    }
}

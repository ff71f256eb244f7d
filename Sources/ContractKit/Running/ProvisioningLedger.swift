import Foundation
import Locking

/// Counts the accounts a run creates and the time their requests took, and holds the one intruder every
/// read-only ownership check of the run shares: against a target that hashes passwords slowly, accounts
/// are most of a run's time, so a run says how many it made.
public final class ProvisioningLedger: Sendable {
    private struct Tally {
        var accounts = 0
        var failures = 0
        var seconds = 0.0
    }

    private let tally = Locked(Tally())
    private let sharedIntruder = Locked<Task<(FixtureExecution.ExtraActor, Secrets), Never>?>(nil)
    private let bystanders = Locked<[String: Task<Result<ProvisionedActor, FixtureExecution.ProvisioningFailure>, Never>]>([:])

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

    /// The run's shared intruder, provisioned by the first check that asks for it (later ones wait for it).
    /// It only ever reads, so no check can change what another sees through it.
    func intruder(
        provision: @escaping @Sendable () async -> (FixtureExecution.ExtraActor, Secrets)
    ) async -> (FixtureExecution.ExtraActor, Secrets) {
        let task = sharedIntruder.withLock { existing in
            if let existing { return existing }
            let started = Task { await provision() }
            existing = started
            return started
        }
        return await task.value
    }
}

extension ProvisioningLedger {
    /// The run's account for actor `name` in fixtures that only expect it to be refused (`Fixture.bystanders`),
    /// provisioned by the first fixture that needs it.
    func bystander(
        _ name: String, provision: @escaping @Sendable () async -> Result<ProvisionedActor, FixtureExecution.ProvisioningFailure>
    ) async -> Result<ProvisionedActor, FixtureExecution.ProvisioningFailure> {
        let task = bystanders.withLock { started in
            if let existing = started[name] { return existing }
            let task = Task { await provision() }
            started[name] = task
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

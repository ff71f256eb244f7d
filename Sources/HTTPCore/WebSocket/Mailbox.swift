import Foundation
import Locking

/// Messages waiting for their one receiver, in arrival order. Pushes are synchronous, so a sender's
/// order is kept; after `finish` the receiver gets what is queued, then nil. A wait ends with nil when
/// its time-out passes or its task is cancelled. Serves the server's WebSocket channels and the
/// in-memory ones alike.
public final class Mailbox<Element: Sendable>: Sendable {
    private struct State {
        var queued: [Element] = []
        var waiter: (id: Int, continuation: CheckedContinuation<Element?, Never>)?
        var finished = false
        var nextWaiterID = 0
        /// The last wait that reached the queue, and the waits that were given up before they did.
        var lastEntered = 0
        var givenUpEarly: Set<Int> = []
    }

    private let state = Locked(State())

    public init() {}

    public func push(_ element: Element) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
            guard !state.finished else { return nil }
            if let waiter = state.waiter {
                state.waiter = nil
                return waiter.continuation
            }
            state.queued.append(element)
            return nil
        }
        waiter?.resume(returning: element)
    }

    public func finish() {
        let waiter = state.withLock { state in
            state.finished = true
            defer { state.waiter = nil }
            return state.waiter?.continuation
        }
        waiter?.resume(returning: nil)
    }

    public func next() async -> Element? { await next(timeout: nil) }

    /// The next element; nil when finished and drained, when `timeout` seconds pass first, or when the
    /// waiting task is cancelled.
    public func next(timeout: Double?) async -> Element? {
        let id = state.withLock { state in
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        let timer = timeout.map { seconds in
            Task {
                try await Task.sleep(nanoseconds: UInt64(max(0, seconds) * 1_000_000_000))
                self.giveUp(id)
            }
        }
        defer { timer?.cancel() }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let answer = state.withLock { state -> Element?? in
                    state.lastEntered = max(state.lastEntered, id)
                    let givenUp = state.givenUpEarly.remove(id) != nil
                    if !state.queued.isEmpty { return .some(state.queued.removeFirst()) }
                    if state.finished || givenUp { return .some(nil) }
                    state.waiter = (id, continuation)
                    return nil
                }
                if let answer { continuation.resume(returning: answer) }
            }
        } onCancel: {
            giveUp(id)
        }
    }

    /// Ends wait `id` with nil: now if it is waiting, or as soon as it arrives.
    private func giveUp(_ id: Int) {
        let waiter = state.withLock { state -> CheckedContinuation<Element?, Never>? in
            guard let waiter = state.waiter, waiter.id == id else {
                // Already answered, or not waiting yet (the time-out or cancellation beat the wait): remember only the second.
                if id > state.lastEntered { state.givenUpEarly.insert(id) }
                return nil
            }
            state.waiter = nil
            return waiter.continuation
        }
        waiter?.resume(returning: nil)
    }
}

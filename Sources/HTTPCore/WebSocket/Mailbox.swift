import Foundation

/// Messages waiting for their one receiver, in arrival order. Pushes are synchronous, so a sender's
/// order is kept; after `finish` the receiver gets what is queued, then nil. Serves the server's
/// WebSocket channels and the in-memory ones alike.
public final class Mailbox<Element: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [Element] = []
    private var waiter: (id: Int, continuation: CheckedContinuation<Element?, Never>)?
    private var finished = false
    private var nextWaiterID = 0
    /// The last wait that reached the queue, and the waits whose timeout fired before they did.
    private var lastEntered = 0
    private var expiredEarly: Set<Int> = []

    public init() {}

    public func push(_ element: Element) {
        lock.lock()
        guard !finished else { lock.unlock(); return }
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.continuation.resume(returning: element)
        } else {
            queued.append(element)
            lock.unlock()
        }
    }

    public func finish() {
        lock.lock()
        finished = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.continuation.resume(returning: nil)
    }

    public func next() async -> Element? { await next(timeout: nil) }

    /// The next element; nil when finished and drained, or when `timeout` seconds pass first.
    public func next(timeout: Double?) async -> Element? {
        let id: Int = lock.withLock {
            nextWaiterID += 1
            return nextWaiterID
        }
        if let timeout {
            Task {
                try? await Task.sleep(nanoseconds: UInt64(max(0, timeout) * 1_000_000_000))
                self.expire(id)
            }
        }
        return await withCheckedContinuation { continuation in
            lock.lock()
            lastEntered = max(lastEntered, id)
            let expired = expiredEarly.remove(id) != nil
            if !queued.isEmpty {
                let element = queued.removeFirst()
                lock.unlock()
                continuation.resume(returning: element)
            } else if finished || expired {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                waiter = (id, continuation)
                lock.unlock()
            }
        }
    }

    private func expire(_ id: Int) {
        lock.lock()
        guard let waiter, waiter.id == id else {
            // Already answered, or not waiting yet (the timeout beat the wait): remember only the second.
            if id > lastEntered { expiredEarly.insert(id) }
            lock.unlock()
            return
        }
        self.waiter = nil
        lock.unlock()
        waiter.continuation.resume(returning: nil)
    }
}

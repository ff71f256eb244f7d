import CEventLoop
import Foundation

/// One thread that owns every socket: it waits on epoll (poll(2) off Linux), reads and writes,
/// and runs work other threads hand it. Nothing else touches connection state, so no locks are
/// needed around it; the only shared state is the queue of handed-over work.
final class EventLoop: @unchecked Sendable {
    private let poller: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let lock = NSLock()
    private var handedOver: [() -> Void] = []
    private var watched: Set<Int32> = []
    private var handlers: [Int32: (_ readable: Bool, _ writable: Bool) -> Void] = [:]
    private(set) var isRunning = false
    private var stopRequested = false
    /// Called on the loop thread about every 100 ms: timeouts are swept here.
    var onTick: (() -> Void)?

    init() throws {
        cel_ignore_sigpipe()
        poller = cel_create()
        guard poller >= 0 else { throw SocketError.fromErrno("epoll_create") }
        var pair: [Int32] = [0, 0]
        guard cel_wakeup_pair(&pair) == 0 else { throw SocketError.fromErrno("eventfd") }
        wakeRead = pair[0]
        wakeWrite = pair[1]
        _ = cel_watch(poller, wakeRead, 1, 0, 0)
    }

    deinit {
        _ = systemClose(poller)
        _ = systemClose(wakeRead)
        if wakeWrite != wakeRead { _ = systemClose(wakeWrite) }
    }

    /// Runs `work` on the loop thread, soon. Safe from any thread.
    func execute(_ work: @escaping () -> Void) {
        lock.lock()
        handedOver.append(work)
        lock.unlock()
        cel_wakeup_signal(wakeWrite)
    }

    // MARK: Loop-thread API

    func watch(_ fd: Int32, read: Bool, write: Bool, handler: @escaping (_ readable: Bool, _ writable: Bool) -> Void) {
        _ = cel_watch(poller, fd, read ? 1 : 0, write ? 1 : 0, watched.contains(fd) ? 1 : 0)
        watched.insert(fd)
        handlers[fd] = handler
    }

    func update(_ fd: Int32, read: Bool, write: Bool) {
        guard watched.contains(fd) else { return }
        _ = cel_watch(poller, fd, read ? 1 : 0, write ? 1 : 0, 1)
    }

    func unwatch(_ fd: Int32) {
        guard watched.remove(fd) != nil else { return }
        _ = cel_unwatch(poller, fd)
        handlers[fd] = nil
    }

    func stop() { stopRequested = true }

    /// The loop itself; returns after `stop()`.
    func run() {
        isRunning = true
        var events = [cel_event](repeating: cel_event(), count: 256)
        var lastTick = Date().timeIntervalSince1970
        while !stopRequested {
            let count = cel_wait(poller, &events, Int32(events.count), 100)
            if count < 0 && errno != EINTR { break }
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                if event.fd == wakeRead {
                    cel_wakeup_drain(wakeRead)
                    continue
                }
                handlers[event.fd]?(event.readable != 0, event.writable != 0)
            }
            runHandedOver()
            let now = Date().timeIntervalSince1970
            if now - lastTick >= 0.1 {
                lastTick = now
                onTick?()
            }
        }
        runHandedOver()
        isRunning = false
    }

    private func runHandedOver() {
        while true {
            lock.lock()
            let work = handedOver
            handedOver.removeAll()
            lock.unlock()
            if work.isEmpty { return }
            for item in work { item() }
        }
    }
}

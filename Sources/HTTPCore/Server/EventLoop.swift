import CEventLoop
import Foundation
import Locking

/// One thread that owns every socket: it waits on epoll (poll(2) off Linux), reads and writes,
/// and runs work other threads hand it. Nothing else touches connection state, so no locks are
/// needed around it (loop-only calls assert they are on the loop); the only shared state is the
/// queue of handed-over work.
final class EventLoop: @unchecked Sendable {
    private let poller: Int32
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let handedOver = Locked<[@Sendable () -> Void]>([])
    /// The loop's thread, once it runs.
    private let loopThread = Locked<ObjectIdentifier?>(nil)
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
    func execute(_ work: @escaping @Sendable () -> Void) {
        handedOver.withLock { $0.append(work) }
        cel_wakeup_signal(wakeWrite)
    }

    /// Whether the caller is on the loop's thread.
    var inLoop: Bool { loopThread.current == ObjectIdentifier(Thread.current) }

    /// Loop-confined state may only be touched here; debug builds stop at once when it is touched elsewhere.
    func assertInLoop(file: StaticString = #fileID, line: UInt = #line) {
        assert(inLoop, "loop-confined state touched off the event loop", file: file, line: line)
    }

    // MARK: Loop-thread API

    func watch(_ fd: Int32, read: Bool, write: Bool, handler: @escaping (_ readable: Bool, _ writable: Bool) -> Void) {
        assertInLoop()
        _ = cel_watch(poller, fd, read ? 1 : 0, write ? 1 : 0, watched.contains(fd) ? 1 : 0)
        watched.insert(fd)
        handlers[fd] = handler
    }

    func update(_ fd: Int32, read: Bool, write: Bool) {
        assertInLoop()
        guard watched.contains(fd) else { return }
        _ = cel_watch(poller, fd, read ? 1 : 0, write ? 1 : 0, 1)
    }

    func unwatch(_ fd: Int32) {
        assertInLoop()
        guard watched.remove(fd) != nil else { return }
        _ = cel_unwatch(poller, fd)
        handlers[fd] = nil
    }

    func stop() {
        assertInLoop()
        stopRequested = true
    }

    /// The loop itself; returns after `stop()`.
    func run() {
        loopThread.withLock { $0 = ObjectIdentifier(Thread.current) }
        isRunning = true
        var events = [cel_event](repeating: cel_event(), count: 256)
        // Ticks on the monotonic clock: a wall-clock step must neither pause the time-outs nor fire them early.
        var lastTick = DispatchTime.now().uptimeNanoseconds
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
            let now = DispatchTime.now().uptimeNanoseconds
            if now &- lastTick >= 100_000_000 {
                lastTick = now
                onTick?()
            }
        }
        runHandedOver()
        isRunning = false
    }

    private func runHandedOver() {
        while true {
            let work = handedOver.withLock { queue in
                defer { queue.removeAll() }
                return queue
            }
            if work.isEmpty { return }
            for item in work { item() }
        }
    }
}

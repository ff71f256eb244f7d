import Foundation

/// The `WebSocketChannel` of a socket connection: calls hop to the event loop, received messages
/// wait in a mailbox until the handler asks for them.
final class ServerWebSocket: WebSocketChannel, @unchecked Sendable {
    private let server: HTTPServer
    private let connectionID: UInt64
    private let acceptValue: String
    private let mailbox = Mailbox()
    private let lock = NSLock()
    private var answered = false

    init(server: HTTPServer, connectionID: UInt64, acceptValue: String) {
        self.server = server
        self.connectionID = connectionID
        self.acceptValue = acceptValue
    }

    func accept() async {
        guard markAnswered() else { return }
        let (server, id, accept) = (self.server, connectionID, acceptValue)
        server.loop.execute { server.connection(id)?.acceptWebSocket(accept) }
    }

    func refuse() async {
        guard markAnswered() else { return }
        let (server, id) = (self.server, connectionID)
        server.loop.execute { server.connection(id)?.refuseWebSocket() }
    }

    func send(text: String) async {
        let (server, id) = (self.server, connectionID)
        let frame = WebSocketFrame(opcode: .text, payload: Array(text.utf8))
        server.loop.execute { server.connection(id)?.sendWebSocket(frame) }
    }

    func receive() async -> WebSocketMessage? { await mailbox.next() }


    func close(code: UInt16, reason: String) async {
        let (server, id) = (self.server, connectionID)
        let frame = WebSocketFrame.close(code: code, reason: reason)
        server.loop.execute { server.connection(id)?.sendWebSocket(frame) }
        mailbox.finish()
    }

    func abort() async {
        let (server, id) = (self.server, connectionID)
        server.loop.execute { server.connection(id)?.close() }
        mailbox.finish()
    }

    /// A handler that returns without answering the handshake refuses it; one that accepted is closed.
    func handlerFinished() async {
        if markAnswered() {
            let (server, id) = (self.server, connectionID)
            server.loop.execute { server.connection(id)?.refuseWebSocket() }
        } else {
            let (server, id) = (self.server, connectionID)
            server.loop.execute { server.connection(id)?.sendWebSocket(.close(code: WebSocketCloseCode.normal)) }
        }
    }

    // Called on the loop thread.
    func deliver(_ message: WebSocketMessage) { mailbox.push(message) }

    func peerWentAway(code: UInt16? = nil) { mailbox.finish() }

    private func markAnswered() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if answered { return false }
        answered = true
        return true
    }
}

/// Messages waiting for their one receiver, in arrival order; after `finish`, the receiver gets
/// what is queued and then nil. Pushes are synchronous, so the loop thread's order is kept.
final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var queued: [WebSocketMessage] = []
    private var waiter: CheckedContinuation<WebSocketMessage?, Never>?
    private var finished = false

    func push(_ message: WebSocketMessage) {
        lock.lock()
        guard !finished else { lock.unlock(); return }
        if let waiter {
            self.waiter = nil
            lock.unlock()
            waiter.resume(returning: message)
        } else {
            queued.append(message)
            lock.unlock()
        }
    }

    func finish() {
        lock.lock()
        finished = true
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(returning: nil)
    }

    func next() async -> WebSocketMessage? {
        await withCheckedContinuation { continuation in
            lock.lock()
            if !queued.isEmpty {
                let message = queued.removeFirst()
                lock.unlock()
                continuation.resume(returning: message)
            } else if finished {
                lock.unlock()
                continuation.resume(returning: nil)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}

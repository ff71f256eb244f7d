import Foundation
import Locking

/// The `WebSocketChannel` of a socket connection: calls hop to the event loop, received messages
/// wait in a mailbox until the handler asks for them.
final class ServerWebSocket: WebSocketChannel {
    private let server: HTTPServer
    private let connectionID: UInt64
    private let acceptValue: String
    private let mailbox = Mailbox<WebSocketMessage>()
    private let answered = Locked(false)

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
        server.loop.execute { server.connection(id)?.abortWebSocket() }
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

    /// True for the first of accept, refuse or a finished handler: only one of them answers the handshake.
    private func markAnswered() -> Bool {
        answered.withLock { answered in
            defer { answered = true }
            return !answered
        }
    }
}

import ContractKit
import Foundation
import HTTPCore

/// A WebSocket with no socket: the reference's handler gets one end (`WebSocketChannel`), the runner
/// the other (`WebSocketSession`), joined by two in-memory queues of messages.
final class InMemoryWebSocket: @unchecked Sendable {
    enum Handshake { case waiting, accepted, refused }

    private let lock = NSLock()
    private var handshake = Handshake.waiting
    private var handshakeWaiters: [CheckedContinuation<Handshake, Never>] = []
    let toServer = Mailbox<WebSocketMessage>()
    let toClient = Mailbox<WebSocketEvent>()

    var server: ServerEnd { ServerEnd(pipe: self) }
    var client: ClientEnd { ClientEnd(pipe: self) }

    func settle(_ outcome: Handshake) {
        lock.lock()
        guard handshake == .waiting else { lock.unlock(); return }
        handshake = outcome
        let waiters = handshakeWaiters
        handshakeWaiters.removeAll()
        lock.unlock()
        waiters.forEach { $0.resume(returning: outcome) }
    }

    func handshakeOutcome() async -> Handshake {
        await withCheckedContinuation { continuation in
            lock.lock()
            if handshake != .waiting {
                let outcome = handshake
                lock.unlock()
                continuation.resume(returning: outcome)
            } else {
                handshakeWaiters.append(continuation)
                lock.unlock()
            }
        }
    }

    /// The reference's end.
    struct ServerEnd: WebSocketChannel {
        let pipe: InMemoryWebSocket
        func accept() async { pipe.settle(.accepted) }
        func refuse() async {
            pipe.settle(.refused)
            pipe.toServer.finish()
        }
        func send(text: String) async { pipe.toClient.push(.text(text)) }
        func receive() async -> WebSocketMessage? { await pipe.toServer.next() }
        func close(code: UInt16, reason: String) async {
            pipe.toClient.push(.closed(code: code, reason: reason))
            pipe.toClient.finish()
            pipe.toServer.finish()
        }
        func abort() async {
            pipe.toClient.push(.closed(code: nil, reason: ""))
            pipe.toClient.finish()
            pipe.toServer.finish()
        }
    }

    /// The runner's end.
    struct ClientEnd: WebSocketSession {
        let pipe: InMemoryWebSocket
        func send(text: String) async throws { pipe.toServer.push(.text(text)) }
        func send(binary: [UInt8]) async throws { pipe.toServer.push(.binary(binary)) }
        func receive(timeout: Double) async throws -> WebSocketEvent {
            guard let event = await pipe.toClient.next(timeout: timeout) else { throw TargetError.timedOut(timeout) }
            return event
        }
        func close(code: UInt16) async {
            pipe.toServer.finish()
            pipe.toClient.push(.closed(code: code, reason: ""))
            pipe.toClient.finish()
        }
    }
}

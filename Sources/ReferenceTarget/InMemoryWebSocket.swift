import ContractKit
import Foundation
import HTTPCore
import Locking

/// A WebSocket with no socket: the reference's handler gets one end (`WebSocketChannel`), the runner
/// the other (`WebSocketSession`), joined by two in-memory queues of messages.
final class InMemoryWebSocket: Sendable {
    enum Handshake { case waiting, accepted, refused }

    private let handshake = Locked<(outcome: Handshake, waiters: [CheckedContinuation<Handshake, Never>])>((.waiting, []))
    let toServer = Mailbox<WebSocketMessage>()
    let toClient = Mailbox<WebSocketEvent>()

    var server: ServerEnd { ServerEnd(pipe: self) }
    var client: ClientEnd { ClientEnd(pipe: self) }

    func settle(_ outcome: Handshake) {
        let waiters = handshake.withLock { state -> [CheckedContinuation<Handshake, Never>] in
            guard state.outcome == .waiting else { return [] }
            state.outcome = outcome
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume(returning: outcome) }
    }

    func handshakeOutcome() async -> Handshake {
        await withCheckedContinuation { continuation in
            let settled = handshake.withLock { state -> Handshake? in
                if state.outcome == .waiting { state.waiters.append(continuation) }
                return state.outcome == .waiting ? nil : state.outcome
            }
            if let settled { continuation.resume(returning: settled) }
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

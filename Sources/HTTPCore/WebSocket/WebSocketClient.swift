import Crypto
import Foundation
import Locking

/// A blocking WebSocket client over `TCPSocket`: the handshake, masked frames out, and messages,
/// pings and the close in. Callers run it off the cooperative pool (see `HTTPTarget`).
public final class WebSocketClient: Sendable {
    /// The server answered the upgrade with another status (403 for a refused handshake).
    public struct Refused: Error, Sendable { public let status: Int }

    public enum Event: Sendable, Equatable {
        case message(WebSocketMessage)
        /// The close code, or nil when the connection dropped without a close frame (1006).
        case closed(code: UInt16?, reason: String)
    }

    /// What the receiving side has read but not yet handed out.
    private struct Incoming {
        var buffer: [UInt8]
        let decoder: WebSocketFrameDecoder
        var assembler: WebSocketMessageAssembler

        /// The next complete frame's meaning, or nil when more bytes are needed.
        mutating func next() throws -> WebSocketMessageAssembler.Event?? {
            guard let (frame, used) = try decoder.decode(buffer) else { return nil }
            buffer.removeFirst(used)
            return .some(try assembler.add(frame))
        }
    }

    private let socket: TCPSocket
    private let incoming: Locked<Incoming>
    private let closed = Locked(false)

    private init(socket: TCPSocket, leftover: [UInt8], maximumMessage: Int) {
        self.socket = socket
        incoming = Locked(
            Incoming(
                buffer: leftover, decoder: WebSocketFrameDecoder(maximumFramePayload: maximumMessage, expectMasked: false),
                assembler: WebSocketMessageAssembler(maximumMessageBytes: maximumMessage)))
    }

    /// Opens a WebSocket to `host:port` on `target` (path and query) with extra `headers`.
    public static func connect(
        host: String, port: Int, target: String, headers: HTTPHeaders, timeout: Double,
        maximumMessage: Int = 16 * 1024 * 1024
    ) throws -> WebSocketClient {
        let deadline = Date().timeIntervalSince1970 + timeout
        let socket = try TCPSocket.connect(host: host, port: port, timeout: timeout)
        let key = Data(SecureRandom.bytes(16)).base64EncodedString()
        var request = HTTPRequest(method: .get, target: target, headers: headers)
        request.headers.set("Upgrade", "websocket")
        request.headers.set("Connection", "Upgrade")
        request.headers.set("Sec-WebSocket-Key", key)
        request.headers.set("Sec-WebSocket-Version", "13")
        let authority = port == 80 ? host : "\(host):\(port)"
        do {
            try socket.write(HTTPSerializer.request(request, host: authority), deadline: deadline)
            var buffer: [UInt8] = []
            while true {
                if let (head, used) = try HTTPHead.parse(buffer, limits: .client, isResponse: true) {
                    let status = Int(head.startLine[1]) ?? 0
                    guard status == 101 else {
                        socket.close()
                        throw Refused(status: status)
                    }
                    guard head.headers["sec-websocket-accept"] == WebSocketHandshake.acceptValue(forKey: key) else {
                        socket.close()
                        throw HTTPWireError.malformed("wrong Sec-WebSocket-Accept")
                    }
                    return WebSocketClient(socket: socket, leftover: Array(buffer[used...]), maximumMessage: maximumMessage)
                }
                let more = try socket.read(deadline: deadline)
                if more.isEmpty { throw SocketError(kind: .closed, call: "recv") }
                buffer += more
            }
        } catch {
            socket.close()
            throw error
        }
    }

    public func send(text: String, deadline: Double) throws {
        try write(WebSocketFrame(opcode: .text, payload: Array(text.utf8)), deadline: deadline)
    }

    public func send(binary: [UInt8], deadline: Double) throws {
        try write(WebSocketFrame(opcode: .binary, payload: binary), deadline: deadline)
    }

    /// Sends a close frame (if still open) and closes the connection.
    public func close(code: UInt16) {
        try? write(.close(code: code), deadline: Date().timeIntervalSince1970 + 1)
        closed.withLock { $0 = true }
        socket.close()
    }

    /// The next message or the close, waiting until `deadline`; pings are answered on the way.
    public func receive(deadline: Double) throws -> Event {
        while true {
            do {
                if let decoded = try incoming.withLock({ try $0.next() }) {
                    guard let event = decoded else { continue }
                    switch event {
                    case .message(let message): return .message(message)
                    case .ping(let payload): try write(WebSocketFrame(opcode: .pong, payload: payload), deadline: deadline)
                    case .pong: continue
                    case .close(let code, let reason):
                        try? write(.close(code: code ?? WebSocketCloseCode.normal), deadline: deadline)
                        socket.close()
                        return .closed(code: code ?? WebSocketCloseCode.noStatus, reason: reason)
                    }
                    continue
                }
            } catch let violation as WebSocketFrameDecoder.Violation {
                close(code: violation.code)
                throw HTTPWireError.malformed("WebSocket: \(violation.reason)")
            }
            let more: [UInt8]
            do {
                more = try socket.read(deadline: deadline)
            } catch let error as SocketError where error.kind == .connectionReset || error.kind == .closed {
                return .closed(code: nil, reason: "")
            }
            if more.isEmpty { return .closed(code: nil, reason: "") }
            incoming.withLock { $0.buffer += more }
        }
    }

    private func write(_ frame: WebSocketFrame, deadline: Double) throws {
        guard !closed.current else { return }
        try socket.write(frame.encoded(maskKey: SecureRandom.bytes(4)), deadline: deadline)
    }
}

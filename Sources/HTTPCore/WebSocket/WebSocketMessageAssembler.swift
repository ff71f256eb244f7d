/// Turns frames into messages: joins fragments (control frames may arrive between them), enforces the
/// message size limit, validates text as UTF-8, and says how to answer pings and closes.
public struct WebSocketMessageAssembler: Sendable {
    public enum Event: Sendable, Equatable {
        case message(WebSocketMessage)
        /// Answer with a pong carrying this payload.
        case ping([UInt8])
        case pong
        /// The peer closed with this code (nil: no code given); echo a close and finish.
        case close(code: UInt16?, reason: String)
    }

    public let maximumMessageBytes: Int
    private var fragments: [UInt8] = []
    private var fragmentOpcode: WebSocketFrame.Opcode?

    public init(maximumMessageBytes: Int) { self.maximumMessageBytes = maximumMessageBytes }

    public mutating func add(_ frame: WebSocketFrame) throws(WebSocketFrameDecoder.Violation) -> Event? {
        switch frame.opcode {
        case .ping:
            return .ping(frame.payload)
        case .pong:
            return .pong
        case .close:
            return try closeEvent(frame.payload)
        case .text, .binary:
            guard fragmentOpcode == nil else {
                throw .init(code: WebSocketCloseCode.protocolError, reason: "a new message started inside a fragmented one")
            }
            if frame.fin { return try finish(frame.opcode, frame.payload) }
            try append(frame.payload)
            fragmentOpcode = frame.opcode
            return nil
        case .continuation:
            guard let opcode = fragmentOpcode else {
                throw .init(code: WebSocketCloseCode.protocolError, reason: "continuation frame without a message")
            }
            try append(frame.payload)
            guard frame.fin else { return nil }
            let payload = fragments
            fragments = []
            fragmentOpcode = nil
            return try finish(opcode, payload)
        }
    }

    private mutating func append(_ payload: [UInt8]) throws(WebSocketFrameDecoder.Violation) {
        guard fragments.count + payload.count <= maximumMessageBytes else {
            throw .init(code: WebSocketCloseCode.messageTooBig, reason: "message exceeds \(maximumMessageBytes) bytes")
        }
        fragments += payload
    }

    private func finish(_ opcode: WebSocketFrame.Opcode, _ payload: [UInt8]) throws(WebSocketFrameDecoder.Violation) -> Event {
        guard payload.count <= maximumMessageBytes else {
            throw .init(code: WebSocketCloseCode.messageTooBig, reason: "message exceeds \(maximumMessageBytes) bytes")
        }
        if opcode == .binary { return .message(.binary(payload)) }
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw .init(code: WebSocketCloseCode.invalidPayload, reason: "text frame is not valid UTF-8")
        }
        return .message(.text(text))
    }

    private func closeEvent(_ payload: [UInt8]) throws(WebSocketFrameDecoder.Violation) -> Event {
        if payload.isEmpty { return .close(code: nil, reason: "") }
        guard payload.count >= 2 else { throw .init(code: WebSocketCloseCode.protocolError, reason: "close frame with a 1-byte payload") }
        let code = UInt16(payload[0]) << 8 | UInt16(payload[1])
        guard WebSocketCloseCode.isSendable(code) else { throw .init(code: WebSocketCloseCode.protocolError, reason: "invalid close code \(code)") }
        guard let reason = String(validating: payload[2...], as: UTF8.self) else {
            throw .init(code: WebSocketCloseCode.invalidPayload, reason: "close reason is not valid UTF-8")
        }
        return .close(code: code, reason: reason)
    }
}

/// Incremental frame decoding with the checks RFC 6455 requires; any violation carries the close code to send.
public struct WebSocketFrameDecoder: Sendable {
    public struct Violation: Error, Sendable, Equatable {
        public let code: UInt16
        public let reason: String
    }

    /// Largest frame payload accepted; larger frames are refused with 1009 before their payload is read.
    public let maximumFramePayload: Int
    /// Servers require masked frames (clients must mask); clients require unmasked ones.
    public let expectMasked: Bool

    public init(maximumFramePayload: Int, expectMasked: Bool) {
        self.maximumFramePayload = maximumFramePayload
        self.expectMasked = expectMasked
    }

    /// Decodes one frame at the start of `buffer`; nil when more bytes are needed.
    public func decode(_ buffer: [UInt8], from start: Int = 0) throws(Violation) -> (WebSocketFrame, consumed: Int)? {
        let available = buffer.count - start
        guard available >= 2 else { return nil }
        let first = buffer[start], second = buffer[start + 1]
        guard first & 0x70 == 0 else { throw Violation(code: WebSocketCloseCode.protocolError, reason: "reserved bits set") }
        guard let opcode = WebSocketFrame.Opcode(rawValue: first & 0x0F) else {
            throw Violation(code: WebSocketCloseCode.protocolError, reason: "unknown opcode")
        }
        let fin = first & 0x80 != 0
        let masked = second & 0x80 != 0
        guard masked == expectMasked else {
            throw Violation(
                code: WebSocketCloseCode.protocolError, reason: expectMasked ? "client frames must be masked" : "server frames must not be masked")
        }
        var length = UInt64(second & 0x7F)
        var offset = 2
        if length == 126 {
            guard available >= 4 else { return nil }
            length = UInt64(buffer[start + 2]) << 8 | UInt64(buffer[start + 3])
            offset = 4
        } else if length == 127 {
            guard available >= 10 else { return nil }
            length = 0
            for index in 0..<8 { length = length << 8 | UInt64(buffer[start + 2 + index]) }
            guard length & (1 << 63) == 0 else { throw Violation(code: WebSocketCloseCode.protocolError, reason: "invalid length") }
            offset = 10
        }
        if opcode.isControl {
            guard fin else { throw Violation(code: WebSocketCloseCode.protocolError, reason: "fragmented control frame") }
            guard length <= 125 else { throw Violation(code: WebSocketCloseCode.protocolError, reason: "control frame too long") }
        }
        guard length <= UInt64(maximumFramePayload) else {
            throw Violation(code: WebSocketCloseCode.messageTooBig, reason: "frame exceeds \(maximumFramePayload) bytes")
        }
        var maskKey: [UInt8] = []
        if masked {
            guard available >= offset + 4 else { return nil }
            maskKey = Array(buffer[(start + offset)..<(start + offset + 4)])
            offset += 4
        }
        let payloadLength = Int(length)
        guard available >= offset + payloadLength else { return nil }
        var payload = Array(buffer[(start + offset)..<(start + offset + payloadLength)])
        if masked {
            for index in payload.indices { payload[index] ^= maskKey[index & 3] }
        }
        return (WebSocketFrame(fin: fin, opcode: opcode, payload: payload), offset + payloadLength)
    }
}

import Crypto
import Foundation
import HTTPCore
import Testing

@Suite(.serialized)
struct WebSocketTests {
    /// Echoes every message back; closes with 4000 on "bye".
    static let echo: HTTPServer.WebSocketHandler = { _, channel in
        await channel.accept()
        while let message = await channel.receive() {
            switch message {
            case .text("bye"):
                await channel.close(code: 4000, reason: "bye")
                return
            case .text(let text): await channel.send(text: "echo:" + text)
            case .binary(let bytes): await channel.send(text: "binary:\(bytes.count)")
            }
        }
    }

    /// Opens a socket and completes the handshake by hand; returns the client and what came after the 101.
    func handshake(port: Int, path: String = "/ws") async throws -> RawClient {
        let client = try RawClient(port: port)
        try client.send(
            "GET \(path) HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
        let text = await client.read { $0.contains("\r\n\r\n") }
        #expect(text.hasPrefix("HTTP/1.1 101 "))
        #expect(text.contains("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n"), "the RFC 6455 §1.3 example key")
        if let end = text.range(of: "\r\n\r\n") { client.received = Array(text[end.upperBound...].utf8) }
        return client
    }

    /// The next frame from the server, read off the cooperative pool.
    func nextFrame(_ client: RawClient, timeout: Double = 30) async throws -> WebSocketFrame? {
        try await offPool { Result { try self.nextFrameBlocking(client, timeout: timeout) } }.get()
    }

    func nextFrameBlocking(_ client: RawClient, timeout: Double) throws -> WebSocketFrame? {
        let decoder = WebSocketFrameDecoder(maximumFramePayload: 1 << 24, expectMasked: false)
        let deadline = Date().timeIntervalSince1970 + timeout
        while Date().timeIntervalSince1970 < deadline {
            if let (frame, used) = try decoder.decode(client.received) {
                client.received.removeFirst(used)
                return frame
            }
            guard let chunk = try? client.socket.read(deadline: deadline), !chunk.isEmpty else { return nil }
            client.received += chunk
        }
        return nil
    }

    func masked(_ frame: WebSocketFrame) -> [UInt8] { frame.encoded(maskKey: [0x37, 0xfa, 0x21, 0x3d]) }

    @Test func acceptKeyMatchesTheRFCExample() {
        #expect(WebSocketHandshake.acceptValue(forKey: "dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
    }

    @Test func fragmentedTextWithAPingInTheMiddleIsReassembled() async throws {
        try await withServer(webSocket: Self.echo) { _, port in
            let client = try await handshake(port: port)
            try client.send(bytes: masked(WebSocketFrame(fin: false, opcode: .text, payload: Array("Hel".utf8))))
            try client.send(bytes: masked(WebSocketFrame(opcode: .ping, payload: Array("p".utf8))))
            try client.send(bytes: masked(WebSocketFrame(fin: true, opcode: .continuation, payload: Array("lo".utf8))))
            let pong = try #require(try await nextFrame(client))
            #expect(pong.opcode == .pong && pong.payload == Array("p".utf8))
            let echo = try #require(try await nextFrame(client))
            #expect(echo.opcode == .text && String(decoding: echo.payload, as: UTF8.self) == "echo:Hello")
        }
    }

    @Test func a64BitLengthMaskedFrameIsRead() async throws {
        try await withServer(webSocket: Self.echo) { _, port in
            let client = try await handshake(port: port)
            let payload = [UInt8](repeating: 0x61, count: 70_000)
            let bytes = masked(WebSocketFrame(opcode: .text, payload: payload))
            #expect(bytes[1] == 0x80 | 127, "a 64-bit length")
            try client.send(bytes: bytes)
            let echo = try #require(try await nextFrame(client))
            #expect(echo.payload.count == 70_005)
            #expect(Array(echo.encoded().prefix(4)) == [0x81, 126 + 1, 0, 0], "the server answers with a 64-bit length too")
        }
    }

    @Test func a16BitLengthFrameRoundTrips() throws {
        let frame = WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 1, count: 300))
        let bytes = frame.encoded(maskKey: [1, 2, 3, 4])
        #expect(bytes[1] == 0x80 | 126)
        let decoded = try #require(try WebSocketFrameDecoder(maximumFramePayload: 1000, expectMasked: true).decode(bytes))
        #expect(decoded.0 == frame && decoded.consumed == bytes.count)
    }

    /// A frame that breaks the protocol, named by what it breaks (its payload may be kilobytes long).
    struct Violation: Sendable, CustomTestStringConvertible {
        let what: String
        let frame: WebSocketFrame
        let mask: Bool
        let code: UInt16
        var testDescription: String { what }
    }

    @Test(arguments: [
        Violation(what: "invalid UTF-8", frame: WebSocketFrame(opcode: .text, payload: [0xC3, 0x28]), mask: true, code: 1007),
        Violation(what: "an unmasked client frame", frame: WebSocketFrame(opcode: .text, payload: Array("hi".utf8)), mask: false, code: 1002),
        Violation(
            what: "a frame over the size limit", frame: WebSocketFrame(opcode: .binary, payload: [UInt8](repeating: 0, count: 2048)), mask: true,
            code: 1009),
        Violation(what: "a close frame with an invalid code", frame: WebSocketFrame(opcode: .close, payload: [0x03, 0xE7]), mask: true, code: 1002),
        Violation(what: "reserved bits set", frame: WebSocketFrame(opcode: .text, payload: []), mask: true, code: 1002),
        Violation(what: "a continuation without a message", frame: WebSocketFrame(opcode: .continuation, payload: [1]), mask: true, code: 1002),
    ])
    func protocolViolationsCloseWithTheRightCode(violation: Violation) async throws {
        let (what, frame, mask, code) = (violation.what, violation.frame, violation.mask, violation.code)
        let configure: (inout HTTPServerConfiguration) -> Void = { $0.maximumWebSocketMessage = 1024 }
        try await withServer(configure: configure, webSocket: Self.echo) { _, port in
            let client = try await handshake(port: port)
            var bytes = mask ? masked(frame) : frame.encoded()
            if what == "reserved bits set" { bytes[0] |= 0x40 }
            try client.send(bytes: bytes)
            let close = try #require(try await nextFrame(client), "no close frame for \(what)")
            #expect(close.opcode == .close)
            #expect(close.payload.count >= 2 && UInt16(close.payload[0]) << 8 | UInt16(close.payload[1]) == code, "\(what)")
            #expect(await client.waitForClose())
        }
    }

    @Test func aFragmentedMessageOverTheLimitIsRefused() async throws {
        let configure: (inout HTTPServerConfiguration) -> Void = { $0.maximumWebSocketMessage = 1024 }
        try await withServer(configure: configure, webSocket: Self.echo) { _, port in
            let client = try await handshake(port: port)
            try client.send(bytes: masked(WebSocketFrame(fin: false, opcode: .text, payload: [UInt8](repeating: 0x61, count: 1000))))
            try client.send(bytes: masked(WebSocketFrame(fin: true, opcode: .continuation, payload: [UInt8](repeating: 0x61, count: 100))))
            let close = try #require(try await nextFrame(client))
            #expect(close.payload.prefix(2) == [0x03, 0xF1])
        }
    }

    @Test func closeCodesTravelBothWays() async throws {
        try await withServer(webSocket: Self.echo) { _, port in
            let client = try await handshake(port: port)
            try client.send(bytes: masked(WebSocketFrame(opcode: .text, payload: Array("bye".utf8))))
            let close = try #require(try await nextFrame(client))
            #expect(close.opcode == .close && close.payload.prefix(2) == [0x0F, 0xA0])
            #expect(String(decoding: close.payload.dropFirst(2), as: UTF8.self) == "bye")
        }
        try await withServer(webSocket: Self.echo) { _, port in
            let client = try await handshake(port: port)
            try client.send(bytes: masked(.close(code: 1001, reason: "leaving")))
            let close = try #require(try await nextFrame(client))
            #expect(close.opcode == .close && close.payload.prefix(2) == [0x03, 0xE9], "the server echoes the client's code")
            #expect(await client.waitForClose())
        }
    }

    @Test func aRefusedHandshakeIsA403() async throws {
        let refuse: HTTPServer.WebSocketHandler = { _, channel in await channel.refuse() }
        try await withServer(webSocket: refuse) { _, port in
            let client = try RawClient(port: port)
            try client.send(
                "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
            #expect(await client.read { $0.contains("\r\n\r\n") }.hasPrefix("HTTP/1.1 403 "))
            #expect(await client.waitForClose())
        }
    }

    @Test func anInvalidHandshakeIsA400() async throws {
        try await withServer(webSocket: Self.echo) { _, port in
            let client = try RawClient(port: port)
            try client.send("GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 8\r\n\r\n")
            #expect(await client.read { $0.contains("\r\n\r\n") }.hasPrefix("HTTP/1.1 400 "))
        }
    }

    @Test func theClientTalksToTheServer() async throws {
        try await withServer(webSocket: Self.echo) { _, port in
            let events = try await offPool { () -> Result<[WebSocketClient.Event], any Error> in
                Result {
                    let client = try WebSocketClient.connect(host: "127.0.0.1", port: port, target: "/ws", headers: HTTPHeaders(), timeout: 30)
                    let deadline = Date().timeIntervalSince1970 + 30
                    var events: [WebSocketClient.Event] = []
                    try client.send(text: "héllo", deadline: deadline)
                    events.append(try client.receive(deadline: deadline))
                    try client.send(binary: [1, 2, 3], deadline: deadline)
                    events.append(try client.receive(deadline: deadline))
                    try client.send(text: "bye", deadline: deadline)
                    events.append(try client.receive(deadline: deadline))
                    return events
                }
            }.get()
            #expect(events == [.message(.text("echo:héllo")), .message(.text("binary:3")), .closed(code: 4000, reason: "bye")])
        }
    }
}

/// The protocol logic of one server connection as a value: bytes, answers and clock ticks go in,
/// actions come out. It reads no socket and no clock, so every RFC rule it keeps can be tested byte
/// by byte with a made-up time (`ConnectionMachineTests`); `ServerConnection` performs its actions.
struct ConnectionMachine {
    /// What the connection must do next.
    enum Action: Equatable {
        /// Queue these bytes for the client.
        case write([UInt8])
        /// Run the HTTP handler; its answer comes back through `responded`.
        case handle(HTTPRequest)
        /// Run the WebSocket handler; it answers the handshake through `accepted` or `refused`.
        case upgrade(HTTPRequest, accept: String)
        /// Hand a received message to the WebSocket handler.
        case deliver(WebSocketMessage)
        /// Tell the WebSocket handler the peer is gone (with its close code, if it sent one).
        case peerGone(code: UInt16?)
        /// Close the socket now.
        case close
    }

    /// The limits and time-outs, in the machine's units (nanoseconds of a monotonic clock).
    struct Settings: Sendable {
        var limits: HTTPLimits
        var requestTimeout: UInt64
        var idleTimeout: UInt64
        var writeTimeout: UInt64
        var maximumWebSocketMessage: Int

        init(_ configuration: HTTPServerConfiguration) {
            limits = configuration.limits
            requestTimeout = Self.nanoseconds(configuration.requestTimeout)
            idleTimeout = Self.nanoseconds(configuration.idleTimeout)
            writeTimeout = Self.nanoseconds(configuration.writeTimeout)
            maximumWebSocketMessage = configuration.maximumWebSocketMessage
        }

        static func nanoseconds(_ seconds: Double) -> UInt64 { UInt64(max(0, seconds) * 1_000_000_000) }
    }

    /// Now, on the monotonic clock, and the Date header's text for answers written now.
    struct Moment {
        let now: UInt64
        let date: String
    }

    enum Phase: Equatable {
        /// Reading the next request (or waiting for one).
        case reading
        /// A request is with the handler.
        case processing(method: HTTPMethod)
        /// An answer is being written; reading resumes after it (pipelining), unless the connection closes.
        case writing
        /// The WebSocket handler has not answered the handshake yet.
        case webSocketPending
        case webSocket
        case closed
    }

    let settings: Settings
    private(set) var phase = Phase.reading
    /// Received bytes; those before `readerIndex` are used. Compacted now and then, never per request.
    private var buffer: [UInt8] = []
    private var readerIndex = 0
    private var parser: HTTPRequestParser
    private var keepAlive = true
    private var closeAfterWrite = false
    private var peerClosed = false
    private var shuttingDown = false
    /// Set while written bytes are waiting to drain: when the first of them was queued.
    private var writeStarted: UInt64?
    /// When the first byte of the request now being received arrived.
    private var requestStarted: UInt64?
    private var lastActivity: UInt64
    private var frameDecoder: WebSocketFrameDecoder?
    private var assembler: WebSocketMessageAssembler?

    init(settings: Settings, now: UInt64) {
        self.settings = settings
        parser = HTTPRequestParser(limits: settings.limits)
        lastActivity = now
    }

    /// Bytes received and not yet used.
    var unread: Int { buffer.count - readerIndex }

    /// True when nothing is in flight: shutdown may close it at once.
    var isIdle: Bool { phase == .reading && unread == 0 && !parser.isMidRequest && writeStarted == nil }

    /// Whether the glue should keep reading: not once an answer that closes the connection is draining.
    var wantsRead: Bool { phase != .closed && !(closeAfterWrite && writeStarted != nil) }

    /// Bound on what a client can make the server hold while an answer is on its way.
    var readBudget: Int { settings.limits.maximumHeaderBytes + settings.limits.maximumBodyBytes + 65_536 - unread }

    // MARK: Events

    mutating func received(_ bytes: ArraySlice<UInt8>, at moment: Moment) -> [Action] {
        guard phase != .closed, !bytes.isEmpty else { return [] }
        lastActivity = moment.now
        if phase == .reading && requestStarted == nil && unread == 0 { requestStarted = moment.now }
        buffer.append(contentsOf: bytes)
        switch phase {
        case .reading: return processRequests(at: moment)
        case .webSocket: return processFrames(at: moment)
        default: return []
        }
    }

    /// The peer closed its side (read returned 0).
    mutating func peerEnded(at moment: Moment) -> [Action] {
        peerClosed = true
        switch phase {
        case .reading, .webSocketPending: return closeNow()
        case .webSocket: return [.peerGone(code: nil)] + closeNow()
        case .processing, .writing:
            closeAfterWrite = true
            return writeStarted == nil && phase == .writing ? closeNow() : []
        case .closed: return []
        }
    }

    /// The handler's answer to the request in `processing`.
    mutating func responded(_ response: HTTPResponse, at moment: Moment) -> [Action] {
        guard case .processing(let method) = phase else { return [] }
        let close = !keepAlive || shuttingDown || peerClosed
        phase = .writing
        closeAfterWrite = close
        return write(HTTPSerializer.response(response, date: moment.date, includeBody: method != .head, close: close), at: moment)
    }

    /// Everything written so far has drained to the client.
    mutating func drained(at moment: Moment) -> [Action] {
        guard writeStarted != nil else { return [] }
        writeStarted = nil
        if closeAfterWrite { return closeNow() }
        guard phase == .writing else { return [] }
        phase = .reading
        lastActivity = moment.now
        requestStarted = unread > 0 ? moment.now : nil
        return processRequests(at: moment)
    }

    /// The request, idle and write time-outs; called about ten times a second.
    mutating func tick(at moment: Moment) -> [Action] {
        if let writeStarted, moment.now &- writeStarted > settings.writeTimeout { return closeNow() }
        guard phase == .reading else { return [] }
        if let requestStarted, moment.now &- requestStarted > settings.requestTimeout {
            return refuse(HTTPWireError.requestTimeout, at: moment)
        }
        if requestStarted == nil && unread == 0 && writeStarted == nil && moment.now &- lastActivity > settings.idleTimeout { return closeNow() }
        return []
    }

    /// Graceful shutdown: idle connections close, WebSockets are told the server is going away, and
    /// whatever is in flight finishes with `connection: close`.
    mutating func beginShutdown(at moment: Moment) -> [Action] {
        shuttingDown = true
        keepAlive = false
        if isIdle { return closeNow() }
        if phase == .webSocket { return send(.close(code: WebSocketCloseCode.goingAway), at: moment) }
        return []
    }

    // MARK: HTTP

    private mutating func processRequests(at moment: Moment) -> [Action] {
        var actions: [Action] = []
        while phase == .reading && unread > 0 {
            let outcome: HTTPRequestParser.Outcome
            do {
                outcome = try parser.parse(buffer, from: readerIndex)
            } catch {
                return actions + refuse(error, at: moment)
            }
            switch outcome {
            case .incomplete:
                return actions
            case .expectsContinue:
                parser.markContinueSent()
                return actions + write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), at: moment)
            case .complete(let request, let consumed, let keepAlive):
                readerIndex += consumed
                compact()
                requestStarted = unread > 0 ? moment.now : nil
                actions += dispatch(request, keepAlive: keepAlive, at: moment)
            }
        }
        return actions
    }

    private mutating func dispatch(_ request: HTTPRequest, keepAlive: Bool, at moment: Moment) -> [Action] {
        self.keepAlive = keepAlive && !shuttingDown
        if WebSocketHandshake.isUpgrade(request) {
            guard let accept = WebSocketHandshake.acceptValue(for: request) else {
                return refuse(.malformed("invalid WebSocket handshake"), at: moment, message: "Invalid WebSocket handshake.")
            }
            phase = .webSocketPending
            return [.upgrade(request, accept: accept)]
        }
        phase = .processing(method: request.method)
        return [.handle(request)]
    }

    /// Answers a malformed, oversized or too-slow request with its status, then closes (RFC 9112 §9.6:
    /// after a framing error nothing more on the connection can be trusted).
    private mutating func refuse(_ error: HTTPWireError, at moment: Moment, message: String? = nil) -> [Action] {
        phase = .writing
        closeAfterWrite = true
        let text = message ?? (error.status == 400 ? "Invalid HTTP request received." : HTTPStatus.reasonPhrase(error.status))
        let response = HTTPResponse(status: error.status, headers: ["content-type": "text/plain; charset=utf-8"], body: Array(text.utf8))
        return write(HTTPSerializer.response(response, date: moment.date, close: true), at: moment)
    }

    private mutating func write(_ bytes: [UInt8], at moment: Moment) -> [Action] {
        if writeStarted == nil { writeStarted = moment.now }
        return [.write(bytes)]
    }

    private mutating func closeNow() -> [Action] {
        guard phase != .closed else { return [] }
        phase = .closed
        return [.close]
    }

    /// Drops used bytes once they are most of the buffer: amortised O(1) per byte, however many requests
    /// a client pipelines.
    private mutating func compact() {
        if readerIndex == buffer.count {
            buffer.removeAll(keepingCapacity: buffer.count <= 65_536)
            readerIndex = 0
        } else if readerIndex >= 65_536 && readerIndex * 2 >= buffer.count {
            buffer.removeFirst(readerIndex)
            readerIndex = 0
        }
    }

    // MARK: WebSocket

    /// The handler accepted the handshake.
    mutating func accepted(accept: String, at moment: Moment) -> [Action] {
        guard phase == .webSocketPending else { return [] }
        phase = .webSocket
        frameDecoder = WebSocketFrameDecoder(maximumFramePayload: settings.maximumWebSocketMessage, expectMasked: true)
        assembler = WebSocketMessageAssembler(maximumMessageBytes: settings.maximumWebSocketMessage)
        var actions = write(HTTPSerializer.response(WebSocketHandshake.switchingProtocols(accept: accept), date: moment.date), at: moment)
        if shuttingDown { actions += send(.close(code: WebSocketCloseCode.goingAway), at: moment) }
        return actions + processFrames(at: moment)
    }

    /// The handler refused the handshake: Starlette answers a bare 403, as uvicorn sends it.
    mutating func refused(at moment: Moment) -> [Action] {
        guard phase == .webSocketPending else { return [] }
        phase = .writing
        closeAfterWrite = true
        let response = HTTPResponse(status: 403, headers: ["content-type": "text/plain; charset=utf-8", "content-length": "0"])
        return write(HTTPSerializer.response(response, date: moment.date, close: true), at: moment)
    }

    /// A frame from the handler; a close frame ends the connection once it has drained.
    mutating func send(_ frame: WebSocketFrame, at moment: Moment) -> [Action] {
        guard phase == .webSocket else { return [] }
        if frame.opcode == .close { closeAfterWrite = true }
        return write(frame.encoded(), at: moment)
    }

    /// The handler dropped the connection without a close frame (what a client sees as 1006).
    mutating func abort() -> [Action] { closeNow() }

    private mutating func processFrames(at moment: Moment) -> [Action] {
        guard let decoder = frameDecoder else { return [] }
        var actions: [Action] = []
        while phase == .webSocket && !closeAfterWrite {
            do {
                guard let (frame, used) = try decoder.decode(buffer, from: readerIndex) else { break }
                readerIndex += used
                guard let event = try assembler?.add(frame) else { continue }
                switch event {
                case .message(let message):
                    actions.append(.deliver(message))
                case .ping(let payload):
                    actions += write(WebSocketFrame(opcode: .pong, payload: payload).encoded(), at: moment)
                case .pong:
                    break
                case .close(let code, _):
                    actions.append(.peerGone(code: code))
                    actions += send(.close(code: code ?? WebSocketCloseCode.normal), at: moment)
                }
            } catch {
                actions.append(.peerGone(code: error.code))
                actions += send(.close(code: error.code, reason: error.reason), at: moment)
            }
        }
        compact()
        return actions
    }
}

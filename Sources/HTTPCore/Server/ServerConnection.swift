import Foundation

/// One client connection, owned by the event loop thread: reads, parses, hands requests to the
/// handler, writes responses in order (pipelining), enforces every limit and timeout, and speaks
/// WebSocket after an upgrade.
final class ServerConnection {
    enum State { case reading, processing, writing, webSocketPending, webSocket, closed }

    let fd: Int32
    let id: UInt64
    unowned let server: HTTPServer
    private(set) var state = State.reading
    private var buffer: [UInt8] = []
    private var parser: HTTPRequestParser
    private var outbox: [UInt8] = []
    private var outboxOffset = 0
    private var wantsWrite = false
    private var closeAfterWrite = false
    private var keepAlive = true
    private var currentMethod = HTTPMethod.get
    private var peerClosed = false
    /// When the first byte of the request now being received arrived.
    private var requestStarted: Double?
    private var lastActivity: Double
    private var writeStarted: Double?
    private var webSocket: ServerWebSocket?
    private var frameDecoder: WebSocketFrameDecoder?
    private var assembler: WebSocketMessageAssembler?

    init(fd: Int32, id: UInt64, server: HTTPServer) {
        self.fd = fd
        self.id = id
        self.server = server
        parser = HTTPRequestParser(limits: server.configuration.limits)
        lastActivity = Date().timeIntervalSince1970
    }

    /// True when nothing is in flight: shutdown may close it.
    var isIdle: Bool { state == .reading && buffer.isEmpty && !parser.isMidRequest }

    // MARK: Events

    func onEvent(readable: Bool, writable: Bool) {
        if writable { flush() }
        if readable && state != .closed { readAvailable() }
    }

    private func readAvailable() {
        var received = false
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                received = true
                buffer.append(contentsOf: chunk[0..<count])
                if count < chunk.count { break }
                // Bound what a client can make us hold while a request is being answered.
                if buffer.count > server.configuration.limits.maximumHeaderBytes + server.configuration.limits.maximumBodyBytes + 65_536 {
                    break
                }
                continue
            }
            if count == 0 {
                peerClosed = true
                break
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { break }
            close()
            return
        }
        let now = Date().timeIntervalSince1970
        if received {
            lastActivity = now
            if state == .reading && requestStarted == nil { requestStarted = now }
        }
        switch state {
        case .reading: processBuffer()
        case .webSocket: processFrames()
        default: break
        }
        if peerClosed {
            switch state {
            case .reading, .webSocketPending: close()
            case .webSocket:
                webSocket?.peerWentAway()
                close()
            case .processing, .writing:
                closeAfterWrite = true
                server.loop.update(fd, read: false, write: wantsWrite)
            case .closed: break
            }
        }
    }

    // MARK: HTTP

    private func processBuffer() {
        while state == .reading && !buffer.isEmpty {
            let outcome: HTTPRequestParser.Outcome
            do {
                outcome = try parser.parse(buffer)
            } catch {
                sendError(error.status, error.status == 400 ? "Invalid HTTP request received." : HTTPStatus.reasonPhrase(error.status))
                return
            }
            switch outcome {
            case .incomplete:
                return
            case .expectsContinue:
                parser.markContinueSent()
                queue(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8))
                return
            case .complete(let request, let consumed, let keepAlive):
                buffer.removeFirst(consumed)
                requestStarted = buffer.isEmpty ? nil : Date().timeIntervalSince1970
                dispatch(request, keepAlive: keepAlive)
            }
        }
    }

    private func dispatch(_ request: HTTPRequest, keepAlive: Bool) {
        self.keepAlive = keepAlive && !server.isShuttingDown
        currentMethod = request.method
        if WebSocketHandshake.isUpgrade(request), let handler = server.webSocketHandler {
            guard let accept = WebSocketHandshake.acceptValue(for: request) else {
                sendError(400, "Invalid WebSocket handshake.")
                return
            }
            startWebSocket(request, accept: accept, handler: handler)
            return
        }
        state = .processing
        server.loop.update(fd, read: true, write: false)
        let connectionID = id
        let server = self.server
        let started = Date().timeIntervalSince1970
        Task {
            let response = await server.handler(request)
            server.loop.execute {
                server.connection(connectionID)?.respond(response, to: request, started: started)
            }
        }
    }

    private func respond(_ response: HTTPResponse, to request: HTTPRequest, started: Double) {
        guard state == .processing else { return }
        server.logRequest(request, status: response.status, seconds: Date().timeIntervalSince1970 - started)
        let close = !keepAlive || server.isShuttingDown || peerClosed
        state = .writing
        closeAfterWrite = close
        queue(HTTPSerializer.response(response, date: server.currentDate, includeBody: currentMethod != .head, close: close))
    }

    /// Answers a malformed, oversized or too-slow request, then closes.
    func sendError(_ status: Int, _ message: String) {
        state = .writing
        closeAfterWrite = true
        let body = Array(message.utf8)
        let response = HTTPResponse(status: status, headers: ["content-type": "text/plain; charset=utf-8"], body: body)
        queue(HTTPSerializer.response(response, date: server.currentDate, close: true))
    }

    // MARK: Writing

    func queue(_ bytes: [UInt8]) {
        if outboxOffset == outbox.count {
            outbox = bytes
            outboxOffset = 0
        } else {
            outbox += bytes
        }
        if writeStarted == nil { writeStarted = Date().timeIntervalSince1970 }
        flush()
    }

    private func flush() {
        while outboxOffset < outbox.count {
            let written = outbox.withUnsafeBytes { raw in
                systemWrite(fd, raw.baseAddress?.advanced(by: outboxOffset), outbox.count - outboxOffset)
            }
            if written > 0 {
                outboxOffset += written
                continue
            }
            if written < 0 && errno == EINTR { continue }
            if written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                if !wantsWrite {
                    wantsWrite = true
                    server.loop.update(fd, read: state != .writing || !closeAfterWrite, write: true)
                }
                return
            }
            close()
            return
        }
        outbox.removeAll(keepingCapacity: true)
        outboxOffset = 0
        writeStarted = nil
        if wantsWrite {
            wantsWrite = false
            server.loop.update(fd, read: true, write: false)
        }
        writeCompleted()
    }

    private func writeCompleted() {
        if closeAfterWrite {
            close()
            return
        }
        if state == .writing {
            state = .reading
            lastActivity = Date().timeIntervalSince1970
            if !buffer.isEmpty { requestStarted = lastActivity }
            processBuffer()
        }
    }

    // MARK: Timeouts

    /// Applies the request, idle and write timeouts; called by the loop about ten times a second.
    func sweep(now: Double) {
        let configuration = server.configuration
        if let writeStarted, now - writeStarted > configuration.writeTimeout {
            close()
            return
        }
        guard state == .reading else { return }
        if let requestStarted, now - requestStarted > configuration.requestTimeout {
            sendError(408, "Request Timeout")
        } else if requestStarted == nil && buffer.isEmpty && now - lastActivity > configuration.idleTimeout {
            close()
        }
    }

    func close() {
        guard state != .closed else { return }
        state = .closed
        webSocket?.peerWentAway()
        server.loop.unwatch(fd)
        _ = systemClose(fd)
        server.connectionClosed(id)
    }

    // MARK: WebSocket

    private func startWebSocket(_ request: HTTPRequest, accept: String, handler: @escaping HTTPServer.WebSocketHandler) {
        state = .webSocketPending
        let channel = ServerWebSocket(server: server, connectionID: id, acceptValue: accept)
        webSocket = channel
        server.logRequest(request, status: 101, seconds: 0)
        Task {
            await handler(request, channel)
            await channel.handlerFinished()
        }
    }

    func acceptWebSocket(_ accept: String) {
        guard state == .webSocketPending else { return }
        state = .webSocket
        frameDecoder = WebSocketFrameDecoder(maximumFramePayload: server.configuration.maximumWebSocketMessage, expectMasked: true)
        assembler = WebSocketMessageAssembler(maximumMessageBytes: server.configuration.maximumWebSocketMessage)
        queue(HTTPSerializer.response(WebSocketHandshake.switchingProtocols(accept: accept), date: server.currentDate))
        processFrames()
    }

    func refuseWebSocket() {
        guard state == .webSocketPending else { return }
        // Starlette answers a refused handshake with a bare 403 (as uvicorn sends it).
        state = .writing
        closeAfterWrite = true
        let response = HTTPResponse(status: 403, headers: ["content-type": "text/plain; charset=utf-8", "content-length": "0"])
        queue(HTTPSerializer.response(response, date: server.currentDate, close: true))
    }

    func sendWebSocket(_ frame: WebSocketFrame) {
        guard state == .webSocket else { return }
        queue(frame.encoded())
        if frame.opcode == .close {
            closeAfterWrite = true
            if outbox.isEmpty { close() }
        }
    }

    private func processFrames() {
        guard state == .webSocket, let decoder = frameDecoder else { return }
        var offset = 0
        defer { if offset > 0 && state != .closed { buffer.removeFirst(min(offset, buffer.count)) } }
        while state == .webSocket {
            do {
                guard let (frame, used) = try decoder.decode(buffer, from: offset) else { return }
                offset += used
                guard let event = try assembler?.add(frame) else { continue }
                switch event {
                case .message(let message):
                    webSocket?.deliver(message)
                case .ping(let payload):
                    queue(WebSocketFrame(opcode: .pong, payload: payload).encoded())
                case .pong:
                    break
                case .close(let code, _):
                    webSocket?.peerWentAway(code: code)
                    sendWebSocket(.close(code: code ?? WebSocketCloseCode.normal))
                    return
                }
            } catch {
                webSocket?.peerWentAway(code: error.code)
                sendWebSocket(.close(code: error.code, reason: error.reason))
                return
            }
        }
    }
}

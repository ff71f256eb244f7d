import Dispatch
import Foundation

/// One client connection's socket, owned by the event loop thread: it reads, feeds the protocol machine
/// (`ConnectionMachine`), and performs what the machine asks (write, run a handler, close). All HTTP and
/// WebSocket rules live in the machine; this is file-descriptor glue.
final class ServerConnection {
    let fd: Int32
    let id: UInt64
    unowned let server: HTTPServer
    private var machine: ConnectionMachine
    private var outbox: [UInt8] = []
    private var outboxOffset = 0
    private var wantsWrite = false
    private var webSocket: ServerWebSocket?
    /// The request with the handler and when it arrived, for the request log.
    private var inFlight: (request: HTTPRequest, started: UInt64)?

    init(fd: Int32, id: UInt64, server: HTTPServer) {
        self.fd = fd
        self.id = id
        self.server = server
        machine = ConnectionMachine(settings: server.machineSettings, now: server.moment().now)
    }

    /// True when nothing is in flight: shutdown may close it.
    var isIdle: Bool { machine.isIdle && outboxOffset == outbox.count }

    var isClosed: Bool { machine.phase == .closed }

    // MARK: Events

    func onEvent(readable: Bool, writable: Bool) {
        server.loop.assertInLoop()
        if writable { flush() }
        if readable && !isClosed { readAvailable() }
    }

    private func readAvailable() {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        var ended = false
        while !isClosed && machine.readBudget > 0 {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, min($0.count, machine.readBudget)) }
            if count > 0 {
                perform(machine.received(chunk[0..<count], at: server.moment()))
                if count < chunk.count { break }
                continue
            }
            if count == 0 {
                ended = true
                break
            }
            if errno == EINTR { continue }
            if errno == EAGAIN || errno == EWOULDBLOCK { break }
            close()
            return
        }
        if ended && !isClosed { perform(machine.peerEnded(at: server.moment())) }
    }

    /// Does what the machine asks, in order.
    private func perform(_ actions: [ConnectionMachine.Action]) {
        for action in actions {
            switch action {
            case .write(let bytes): queue(bytes)
            case .handle(let request): handle(request)
            case .upgrade(let request, let accept): upgrade(request, accept: accept)
            case .deliver(let message): webSocket?.deliver(message)
            case .peerGone(let code): webSocket?.peerWentAway(code: code)
            case .close: close()
            }
            if isClosed { return }
        }
        updateInterest()
    }

    private func handle(_ request: HTTPRequest) {
        inFlight = (request, server.moment().now)
        let (server, connectionID) = (self.server, id)
        Task {
            let response = await server.handler(request)
            server.loop.execute { server.connection(connectionID)?.respond(response) }
        }
    }

    private func respond(_ response: HTTPResponse) {
        if let (request, started) = inFlight {
            server.logRequest(request, status: response.status, seconds: Double(server.moment().now &- started) / 1_000_000_000)
            inFlight = nil
        }
        perform(machine.responded(response, at: server.moment()))
    }

    // MARK: Writing

    private func queue(_ bytes: [UInt8]) {
        if outboxOffset == outbox.count {
            outbox = bytes
            outboxOffset = 0
        } else {
            outbox += bytes
        }
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
                wantsWrite = true
                updateInterest()
                return
            }
            close()
            return
        }
        outbox.removeAll(keepingCapacity: outbox.count <= 65_536)
        outboxOffset = 0
        wantsWrite = false
        perform(machine.drained(at: server.moment()))
    }

    private func updateInterest() {
        guard !isClosed else { return }
        server.loop.update(fd, read: machine.wantsRead, write: wantsWrite)
    }

    // MARK: Time and shutdown

    /// Applies the request, idle and write time-outs.
    func sweep(at moment: ConnectionMachine.Moment) { perform(machine.tick(at: moment)) }

    func beginShutdown() { perform(machine.beginShutdown(at: server.moment())) }

    /// Closes the socket once, whoever asks (the machine, a time-out, shutdown, a failed write).
    func close() {
        server.loop.assertInLoop()
        guard !descriptorClosed else { return }
        descriptorClosed = true
        _ = machine.abort()
        webSocket?.peerWentAway()
        server.loop.unwatch(fd)
        _ = systemClose(fd)
        server.connectionClosed(id)
    }

    private var descriptorClosed = false

    // MARK: WebSocket

    private func upgrade(_ request: HTTPRequest, accept: String) {
        guard let handler = server.webSocketHandler else {
            perform(machine.refused(at: server.moment()))
            return
        }
        let channel = ServerWebSocket(server: server, connectionID: id, acceptValue: accept)
        webSocket = channel
        server.logRequest(request, status: 101, seconds: 0)
        Task {
            await handler(request, channel)
            await channel.handlerFinished()
        }
    }

    func acceptWebSocket(_ accept: String) { perform(machine.accepted(accept: accept, at: server.moment())) }

    func refuseWebSocket() { perform(machine.refused(at: server.moment())) }

    func sendWebSocket(_ frame: WebSocketFrame) { perform(machine.send(frame, at: server.moment())) }

    func abortWebSocket() { perform(machine.abort()) }
}

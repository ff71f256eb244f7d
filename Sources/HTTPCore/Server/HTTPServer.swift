import Foundation
import Locking

/// A zero-dependency HTTP/1.1 and WebSocket server for any `(HTTPRequest) async -> HTTPResponse` handler.
///
/// One event-loop thread owns every socket (epoll, no busy waiting, buffered reads); handlers run as
/// tasks. Keep-alive, pipelining, chunked bodies, `Expect: 100-continue`, the `Date` header, every
/// limit of `HTTPServerConfiguration`, and graceful shutdown are built in.
public final class HTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (HTTPRequest) async -> HTTPResponse
    public typealias WebSocketHandler = @Sendable (HTTPRequest, any WebSocketChannel) async -> Void

    public let configuration: HTTPServerConfiguration
    let handler: Handler
    let webSocketHandler: WebSocketHandler?
    /// One line per request when set (`contract serve --log`).
    public var requestLog: (@Sendable (String) -> Void)?
    let loop: EventLoop
    private var listener: ListeningSocket?
    private var connections: [UInt64: ServerConnection] = [:]
    private var connectionsByDescriptor: [Int32: UInt64] = [:]
    private var nextID: UInt64 = 1
    private(set) var isShuttingDown = false
    /// On the monotonic clock, so a wall-clock step can neither fire time-outs early nor disable them.
    private var shutdownDeadline: UInt64?
    private var thread: Thread?
    /// Set once the loop thread has finished; tasks waiting for that.
    private let stopState = Locked<(stopped: Bool, waiters: [UInt64: CheckedContinuation<Void, Never>], nextWaiter: UInt64)>((false, [:], 0))
    private(set) var currentDate = HTTPSerializer.httpDate()
    private var currentDateSecond = Int(Date().timeIntervalSince1970)

    public init(
        configuration: HTTPServerConfiguration = HTTPServerConfiguration(), handler: @escaping Handler,
        webSocketHandler: WebSocketHandler? = nil
    ) throws {
        self.configuration = configuration
        self.handler = handler
        self.webSocketHandler = webSocketHandler
        loop = try EventLoop()
    }

    /// The port the server listens on (after `start()`).
    public private(set) var port = 0

    /// Binds, starts the event loop thread, and returns the bound port (useful with port 0).
    @discardableResult
    public func start() throws -> Int {
        let listener = try ListeningSocket.bind(host: configuration.host, port: configuration.port)
        self.listener = listener
        port = listener.port
        // The loop thread keeps the server alive until it has run its last callback, so nothing on the loop
        // can outlive the server, and stop waiters resume only then.
        loop.onTick = { [unowned self] in self.tick() }
        loop.execute { [unowned self] in
            self.loop.watch(listener.descriptor, read: true, write: false) { [unowned self] readable, _ in
                if readable { self.acceptAll() }
            }
        }
        let thread = Thread { [self] in
            loop.run()
            didStop()
        }
        thread.name = "http-event-loop"
        thread.start()
        self.thread = thread
        return port
    }

    /// Stops accepting, lets in-flight requests finish (up to `shutdownGrace`), closes idle connections,
    /// and returns once everything is closed.
    public func shutdown() async {
        loop.execute { [unowned self] in self.beginShutdown() }
        await waitUntilStopped()
    }

    /// Returns once the server has stopped and its loop thread has finished, or when the waiting task is cancelled.
    public func waitUntilStopped() async {
        let id = stopState.withLock { state in
            state.nextWaiter += 1
            return state.nextWaiter
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let done = stopState.withLock { state in
                    if !state.stopped && !Task.isCancelled { state.waiters[id] = continuation }
                    return state.stopped || Task.isCancelled
                }
                if done { continuation.resume() }
            }
        } onCancel: {
            stopState.withLock { $0.waiters.removeValue(forKey: id) }?.resume()
        }
    }

    /// Open connections right now (tests and load figures).
    public var connectionCount: Int {
        get async {
            await withCheckedContinuation { continuation in
                loop.execute { [unowned self] in continuation.resume(returning: self.connections.count) }
            }
        }
    }

    // MARK: Loop thread

    func connection(_ id: UInt64) -> ServerConnection? {
        loop.assertInLoop()
        return connections[id]
    }

    private func acceptAll() {
        loop.assertInLoop()
        guard let listener, !isShuttingDown else { return }
        while let fd = listener.accept() {
            if connections.count >= configuration.maximumConnections {
                _ = systemClose(fd)
                continue
            }
            let id = nextID
            nextID += 1
            let connection = ServerConnection(fd: fd, id: id, server: self)
            connections[id] = connection
            connectionsByDescriptor[fd] = id
            loop.watch(fd, read: true, write: false) { [weak connection] readable, writable in
                connection?.onEvent(readable: readable, writable: writable)
            }
        }
    }

    func connectionClosed(_ id: UInt64) {
        loop.assertInLoop()
        if let connection = connections.removeValue(forKey: id) { connectionsByDescriptor[connection.fd] = nil }
        if isShuttingDown && connections.isEmpty { finish() }
    }

    private func tick() {
        loop.assertInLoop()
        let wall = Date().timeIntervalSince1970
        if Int(wall) != currentDateSecond {
            currentDateSecond = Int(wall)
            currentDate = HTTPSerializer.httpDate()
        }
        let moment = self.moment()
        for connection in Array(connections.values) { connection.sweep(at: moment) }
        if isShuttingDown {
            for connection in Array(connections.values) where connection.isIdle { connection.close() }
            if let shutdownDeadline, moment.now > shutdownDeadline {
                for connection in Array(connections.values) { connection.close() }
            }
            if connections.isEmpty { finish() }
        }
    }

    /// Now on the monotonic clock, with the Date header's text.
    func moment() -> ConnectionMachine.Moment { ConnectionMachine.Moment(now: DispatchTime.now().uptimeNanoseconds, date: currentDate) }

    /// The connection machines' limits and time-outs.
    var machineSettings: ConnectionMachine.Settings { ConnectionMachine.Settings(configuration) }

    private func beginShutdown() {
        loop.assertInLoop()
        guard !isShuttingDown else { return }
        isShuttingDown = true
        shutdownDeadline = moment().now + ConnectionMachine.Settings.nanoseconds(configuration.shutdownGrace)
        if let listener {
            loop.unwatch(listener.descriptor)
            _ = systemClose(listener.descriptor)
            self.listener = nil
        }
        for connection in Array(connections.values) { connection.beginShutdown() }
        if connections.isEmpty { finish() }
    }

    private func finish() { loop.stop() }

    /// On the loop thread, after its last callback.
    private func didStop() {
        let waiters = stopState.withLock { state in
            state.stopped = true
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    func logRequest(_ request: HTTPRequest, status: Int, seconds: Double) {
        guard let requestLog else { return }
        requestLog("\(request.method.rawValue) \(Self.loggable(request)) \(status) \(String(format: "%.1f", seconds * 1000))ms")
    }

    /// The request target as a log line shows it: credentials in the query (a WebSocket's `?token=`) masked.
    public static func loggable(_ request: HTTPRequest) -> String {
        guard !request.rawQuery.isEmpty else { return request.target }
        let credentials: Set<String> = ["token", "access_token", "password", "api_key", "key", "secret"]
        let pairs = request.rawQuery.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            let name = pair.split(separator: "=", maxSplits: 1).first.map { PercentDecoding.unquote(String($0)).lowercased() } ?? ""
            return credentials.contains(name) ? (pair.split(separator: "=", maxSplits: 1).first.map(String.init) ?? "") + "=***" : String(pair)
        }
        return String(request.rawPath) + "?" + pairs.joined(separator: "&")
    }
}

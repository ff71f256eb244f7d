import Dispatch
import Foundation

/// A small HTTP/1.1 client with keep-alive over our own sockets: fast enough to measure a fast server,
/// and with every read bounded by a deadline.
public final class HTTPClient: @unchecked Sendable {
    public let host: String
    public let port: Int
    public let limits: HTTPLimits
    private let lock = NSLock()
    private var idle: [TCPSocket] = []
    /// Idle connections kept for reuse.
    public static let maximumIdleConnections = 32

    public init(host: String, port: Int, limits: HTTPLimits = .client) {
        self.host = host
        self.port = port
        self.limits = limits
    }

    deinit {
        for socket in idle { socket.close() }
    }

    /// The Host header value for this origin.
    public var authority: String {
        let bracketed = host.contains(":") ? "[\(host)]" : host
        return port == 80 ? bracketed : "\(bracketed):\(port)"
    }

    /// Sends a request and reads the response, on a worker thread so the caller's task never blocks.
    public func send(_ request: HTTPRequest, timeout: Double) async throws -> HTTPResponse {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try self.sendBlocking(request, timeout: timeout) })
            }
        }
    }

    /// The blocking exchange. A reused connection that turns out closed is retried once on a new one,
    /// since the server may close an idle connection at any moment.
    public func sendBlocking(_ request: HTTPRequest, timeout: Double) throws -> HTTPResponse {
        let deadline = Date().timeIntervalSince1970 + timeout
        if let reused = takeIdle() {
            do {
                return try exchange(request, on: reused, deadline: deadline)
            } catch let error as SocketError where error.kind == .closed || error.kind == .connectionReset {
                reused.close()
            }
        }
        let socket = try TCPSocket.connect(host: host, port: port, timeout: max(0.001, deadline - Date().timeIntervalSince1970))
        return try exchange(request, on: socket, deadline: deadline)
    }

    private func exchange(_ request: HTTPRequest, on socket: TCPSocket, deadline: Double) throws -> HTTPResponse {
        do {
            try socket.write(HTTPSerializer.request(request, host: authority), deadline: deadline)
            var buffer: [UInt8] = []
            let (response, keepAlive) = try HTTPResponseReader(limits: limits).read(
                buffer: &buffer, requestMethod: request.method, read: { try socket.read(deadline: deadline) })
            if keepAlive && buffer.isEmpty && request.headers["connection"]?.lowercased() != "close" {
                putIdle(socket)
            } else {
                socket.close()
            }
            return response
        } catch {
            socket.close()
            throw error
        }
    }

    private func takeIdle() -> TCPSocket? {
        lock.lock()
        defer { lock.unlock() }
        while let socket = idle.popLast() {
            if !socket.isStale { return socket }
            socket.close()
        }
        return nil
    }

    private func putIdle(_ socket: TCPSocket) {
        lock.lock()
        defer { lock.unlock() }
        if idle.count < Self.maximumIdleConnections { idle.append(socket) } else { socket.close() }
    }

    /// Closes every idle connection.
    public func shutdown() {
        lock.lock()
        let sockets = idle
        idle.removeAll()
        lock.unlock()
        for socket in sockets { socket.close() }
    }
}

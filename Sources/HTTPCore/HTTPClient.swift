import Dispatch
import Foundation
import Locking

/// A small HTTP/1.1 client with keep-alive over our own sockets: fast enough to measure a fast server,
/// and with every read bounded by a deadline.
public final class HTTPClient: Sendable {
    public let host: String
    public let port: Int
    public let limits: HTTPLimits
    private let idle = Locked<[TCPSocket]>([])
    /// Idle connections kept for reuse.
    public static let maximumIdleConnections = 32

    public init(host: String, port: Int, limits: HTTPLimits = .client) {
        self.host = host
        self.port = port
        self.limits = limits
    }

    deinit { shutdown() }

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
        while let socket = idle.withLock({ $0.popLast() }) {
            if !socket.isStale { return socket }
            socket.close()
        }
        return nil
    }

    private func putIdle(_ socket: TCPSocket) {
        let kept = idle.withLock { idle in
            guard idle.count < Self.maximumIdleConnections else { return false }
            idle.append(socket)
            return true
        }
        if !kept { socket.close() }
    }

    /// Closes every idle connection.
    public func shutdown() {
        for socket in idle.withLock({ idle in
            defer { idle.removeAll() }
            return idle
        }) { socket.close() }
    }
}

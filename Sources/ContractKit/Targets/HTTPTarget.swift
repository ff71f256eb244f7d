import Foundation
import HTTPCore

/// A server at a base URL, spoken to over HTTP/1.1 with keep-alive on our own sockets.
public struct HTTPTarget: Target {
    /// Deployment settings: where, with which extra headers, how patiently.
    public struct Settings: Sendable {
        /// Headers added to every request (`--header 'X-Env: staging'`); a step's own headers win.
        public var extraHeaders: [(String, String)] = []
        /// Seconds to wait for each response.
        public var timeout: Double = 30
        /// Attempts after the first when the connection fails (never for a response that came back),
        /// or when the target answers 429/503 with Retry-After.
        public var retries: Int = 2
        /// Longest Retry-After honoured, in seconds.
        public var maximumRetryAfter: Double = 10

        public init() {}

        /// After a 429 or 503 with a short enough Retry-After, and while retries remain: waits, counts the
        /// attempt and says to send again.
        func waitedToRetry(_ response: HTTPResponse, attempt: inout Int) async throws -> Bool {
            guard attempt < retries, response.status == 429 || response.status == 503,
                let delay = response.headers["retry-after"].flatMap(Double.init), delay <= maximumRetryAfter
            else { return false }
            attempt += 1
            try await Task.sleep(nanoseconds: UInt64(max(0, delay) * 1_000_000_000))
            return true
        }
    }

    public let baseURL: URL
    public let settings: Settings
    private let client: HTTPClient
    private let basePath: String

    public var description: String { baseURL.absoluteString }

    /// A target at `baseURL` (`http://host:port/optional/base/path`); nil with a reason when it cannot be.
    public init(baseURL: URL, settings: Settings = Settings()) throws {
        guard baseURL.scheme?.lowercased() == "http" else {
            throw TargetError.unsupported(
                "\(baseURL.scheme ?? "no") scheme in \(baseURL.absoluteString); use http:// (or URLSessionTarget for https)")
        }
        guard let host = baseURL.host, !host.isEmpty else { throw TargetError.unsupported("a URL without a host: \(baseURL.absoluteString)") }
        self.baseURL = baseURL
        self.settings = settings
        client = HTTPClient(host: host, port: baseURL.port ?? 80)
        var path = baseURL.path
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
    }

    /// Connects once (with the usual retries) without sending anything.
    public func checkReachable() async throws {
        var attempt = 0
        while true {
            do {
                let (host, port, timeout) = (client.host, client.port, min(settings.timeout, 10))
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    DispatchQueue.global().async {
                        continuation.resume(with: Result { try TCPSocket.connect(host: host, port: port, timeout: timeout).close() })
                    }
                }
                return
            } catch let error as SocketError {
                guard attempt < settings.retries, error.kind != .hostNotFound else {
                    throw TargetError.unreachable("\(baseURL.absoluteString): \(error)")
                }
                attempt += 1
                try await Task.sleep(nanoseconds: UInt64(100_000_000 << min(attempt, 5)))
            }
        }
    }

    /// A WebSocket over our own client; a refused handshake throws `WebSocketRefused` with the status.
    public func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
        var allHeaders = headers
        for (name, value) in settings.extraHeaders where !allHeaders.contains(name) { allHeaders.add(name, value) }
        let (host, port, path, timeout, headers) = (client.host, client.port, basePath + target, settings.timeout, allHeaders)
        let description = baseURL.absoluteString
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    let socket = try WebSocketClient.connect(host: host, port: port, target: path, headers: headers, timeout: timeout)
                    continuation.resume(returning: SocketWebSocketSession(client: socket))
                } catch let refused as WebSocketClient.Refused {
                    continuation.resume(throwing: WebSocketRefused(status: refused.status))
                } catch let error as SocketError where error.kind == .connectionRefused || error.kind == .hostNotFound {
                    continuation.resume(throwing: TargetError.unreachable("\(description): \(error)"))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var outgoing = request
        outgoing.target = basePath + request.target
        for (name, value) in settings.extraHeaders where !outgoing.headers.contains(name) {
            outgoing.headers.add(name, value)
        }
        var attempt = 0
        while true {
            do {
                let response = try await client.send(outgoing, timeout: settings.timeout)
                if try await settings.waitedToRetry(response, attempt: &attempt) { continue }
                return response
            } catch let error as SocketError {
                switch error.kind {
                case .timedOut:
                    throw TargetError.timedOut(settings.timeout)
                case .connectionRefused, .hostNotFound, .connectionReset, .closed, .other:
                    // A dropped connection may have delivered the request: only idempotent methods are sent again,
                    // so a retry can never create a second agent. Refused connections never carried anything.
                    let resendable =
                        error.kind == .connectionRefused || ["GET", "HEAD", "PUT", "DELETE", "OPTIONS"].contains(outgoing.method.rawValue)
                    guard attempt < settings.retries, error.kind != .hostNotFound, resendable else {
                        // Nothing listening stops the run; a server that takes the connection and then drops
                        // it is up but broken: that step fails and the run goes on.
                        if error.kind == .connectionReset || error.kind == .closed {
                            throw TargetError.protocolError(
                                "the connection was dropped before a complete response (\(error))"
                                    + (attempt > 0 ? ", \(attempt + 1) attempts" : ""))
                        }
                        throw TargetError.unreachable("\(baseURL.absoluteString): \(error)")
                    }
                    attempt += 1
                    try await Task.sleep(nanoseconds: UInt64(100_000_000 << min(attempt, 5)))
                }
            } catch let error as HTTPWireError {
                throw TargetError.protocolError(error.description)
            }
        }
    }
}

/// `WebSocketSession` over a socket: each blocking call runs on a worker thread.
struct SocketWebSocketSession: WebSocketSession {
    let client: WebSocketClient

    func send(text: String) async throws {
        try await blocking { try client.send(text: text, deadline: Date().timeIntervalSince1970 + 30) }
    }

    func send(binary: [UInt8]) async throws {
        try await blocking { try client.send(binary: binary, deadline: Date().timeIntervalSince1970 + 30) }
    }

    func receive(timeout: Double) async throws -> WebSocketEvent {
        let event: WebSocketClient.Event
        do {
            event = try await blocking { try client.receive(deadline: Date().timeIntervalSince1970 + timeout) }
        } catch let error as SocketError where error.kind == .timedOut {
            throw TargetError.timedOut(timeout)
        }
        switch event {
        case .message(.text(let text)): return .text(text)
        case .message(.binary(let bytes)): return .binary(bytes)
        case .closed(let code, let reason): return .closed(code: code, reason: reason)
        }
    }

    func close(code: UInt16) async { client.close(code: code) }

    private func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}

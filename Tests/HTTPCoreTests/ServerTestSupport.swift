import Foundation
import HTTPCore
import Testing

/// A server on a free loopback port for one test, with an echoing handler and short timeouts.
func withServer(
    configure: (inout HTTPServerConfiguration) -> Void = { _ in },
    handler: @escaping HTTPServer.Handler = echoHandler,
    webSocket: HTTPServer.WebSocketHandler? = nil,
    _ body: (HTTPServer, Int) async throws -> Void
) async throws {
    var configuration = HTTPServerConfiguration()
    configuration.port = 0
    // Generous by default: test suites run in parallel on two cores, so a test can be slow to send
    // its next request. Tests of the timeouts set their own.
    configuration.idleTimeout = 60
    configuration.requestTimeout = 60
    configure(&configuration)
    let server = try HTTPServer(configuration: configuration, handler: handler, webSocketHandler: webSocket)
    let port = try server.start()
    do {
        try await body(server, port)
    } catch {
        await server.shutdown()
        throw error
    }
    await server.shutdown()
}

/// Answers with the method, target and body it received.
let echoHandler: HTTPServer.Handler = { request in
    let text = "\(request.method.rawValue) \(request.target) \(String(decoding: request.body, as: UTF8.self))"
    return HTTPResponse(status: 200, headers: ["content-type": "text/plain"], body: Array(text.utf8))
}

/// Runs blocking socket work on a Dispatch thread, never on the cooperative pool the server's
/// handlers need (blocking it would starve them when test suites run in parallel).
func offPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
    await withCheckedContinuation { continuation in
        DispatchQueue.global().async { continuation.resume(returning: work()) }
    }
}

/// A raw connection for sending exact bytes and reading what comes back.
final class RawClient: @unchecked Sendable {
    let socket: TCPSocket
    var received: [UInt8] = []

    init(port: Int) throws {
        socket = try TCPSocket.connect(host: "127.0.0.1", port: port, timeout: 30)
    }

    func send(_ text: String) throws { try socket.write(Array(text.utf8), deadline: Date().timeIntervalSince1970 + 30) }
    func send(bytes: [UInt8]) throws { try socket.write(bytes, deadline: Date().timeIntervalSince1970 + 30) }

    /// Reads until `done` holds for the text received so far, the peer closes, or `timeout` passes.
    @discardableResult
    func read(until done: @escaping @Sendable (String) -> Bool, timeout: Double = 30) async -> String {
        await offPool { self.readBlocking(until: done, timeout: timeout) }
    }

    private func readBlocking(until done: (String) -> Bool, timeout: Double) -> String {
        let deadline = Date().timeIntervalSince1970 + timeout
        while !done(text) && Date().timeIntervalSince1970 < deadline {
            guard let chunk = try? socket.read(deadline: deadline), !chunk.isEmpty else { break }
            received += chunk
        }
        return text
    }

    /// Reads until the peer closes the connection; true if it did within `timeout`.
    func waitForClose(timeout: Double = 30) async -> Bool {
        await offPool { self.waitForCloseBlocking(timeout: timeout) }
    }

    private func waitForCloseBlocking(timeout: Double) -> Bool {
        let deadline = Date().timeIntervalSince1970 + timeout
        while Date().timeIntervalSince1970 < deadline {
            do {
                let chunk = try socket.read(deadline: deadline)
                if chunk.isEmpty { return true }
                received += chunk
            } catch let error as SocketError where error.kind == .connectionReset {
                return true
            } catch {
                return false
            }
        }
        return false
    }

    var text: String { String(decoding: received, as: UTF8.self) }

    /// The number of complete responses received (status lines).
    var responseCount: Int { text.components(separatedBy: "HTTP/1.1 ").count - 1 }
}

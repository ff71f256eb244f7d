import HTTPCore

/// Anything the runner can fire requests at: the in-process reference, or a server at a URL.
///
/// The runner, recorder, test helpers and benchmarks all talk to a `Target` and know nothing else.
public protocol Target: Sendable {
    /// How the target reads in reports ("in-process reference", "http://127.0.0.1:8000").
    var description: String { get }
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
    /// Opens a WebSocket on `target` (path and query); a refused handshake throws `WebSocketRefused`.
    func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession
    /// Throws `TargetError.unreachable` when nothing answers, so a run can stop with one clear line.
    func checkReachable() async throws
}

/// One open WebSocket, as a fixture step drives it.
public protocol WebSocketSession: Sendable {
    func send(text: String) async throws
    func send(binary: [UInt8]) async throws
    /// The next message or the close, waiting at most `timeout` seconds.
    func receive(timeout: Double) async throws -> WebSocketEvent
    func close(code: UInt16) async
}

/// What arrives on a WebSocket.
public enum WebSocketEvent: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
    /// The peer closed; `code` is nil when the connection dropped without a close frame (1006).
    case closed(code: UInt16?, reason: String)
}

/// The server refused the upgrade; `status` is the HTTP status it answered with instead.
public struct WebSocketRefused: Error, Sendable, Equatable {
    public let status: Int
    public init(status: Int) { self.status = status }
}

/// Why a request never got an answer. `unreachable` stops a run with exit code 3.
public enum TargetError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreachable(String)
    case timedOut(Double)
    case protocolError(String)
    case unsupported(String)

    public var description: String {
        switch self {
        case .unreachable(let reason): return "target unreachable: \(reason)"
        case .timedOut(let seconds): return "no response within \(PythonFloatText.short(seconds)) s"
        case .protocolError(let reason): return "invalid response: \(reason)"
        case .unsupported(let what): return "not supported by this target: \(what)"
        }
    }
}

extension Target {
    public func checkReachable() async throws {}

    public func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
        throw TargetError.unsupported("WebSocket")
    }
}

/// Seconds in reports: `0.5`, `30`.
enum PythonFloatText {
    static func short(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(format: "%.3g", value)
    }
}

/// Where a server listens and the bounds it holds every client to. Each limit is a named setting
/// with its own test; the defaults are the ones the server issue specifies.
public struct HTTPServerConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    /// 0 asks the kernel for a free port; `HTTPServer.start()` returns the one it got.
    public var port: Int = 8000
    /// Request line and header size, header count, body size (431, 431, 413).
    public var limits = HTTPLimits.server
    /// Seconds a client may take to send a whole request once it has started one (then 408 and close).
    public var requestTimeout: Double = HTTPServerConfiguration.defaultRequestTimeout
    /// Seconds an idle keep-alive connection is kept open.
    public var idleTimeout: Double = HTTPServerConfiguration.defaultIdleTimeout
    /// Seconds a response may take to drain to a client that does not read (then the connection is dropped).
    public var writeTimeout: Double = HTTPServerConfiguration.defaultWriteTimeout
    /// Seconds graceful shutdown waits for in-flight requests before closing everything.
    public var shutdownGrace: Double = 10
    /// Largest WebSocket message (and frame) accepted; larger ones close the socket with 1009.
    public var maximumWebSocketMessage = HTTPServerConfiguration.defaultWebSocketMessageBytes
    /// Largest number of open connections; further ones are accepted and closed at once.
    public var maximumConnections = 10_000

    public static let defaultRequestTimeout: Double = 10
    public static let defaultIdleTimeout: Double = 5
    public static let defaultWriteTimeout: Double = 30
    public static let defaultWebSocketMessageBytes = 1024 * 1024

    public init() {}
}

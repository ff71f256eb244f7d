import Crypto
import Foundation

/// A data message on a WebSocket.
public enum WebSocketMessage: Sendable, Equatable {
    case text(String)
    case binary([UInt8])
}

/// The server side of one WebSocket, as an application handler sees it, whether it runs over a
/// socket or in memory. Nothing is sent before `accept()`; `refuse()` makes the client see HTTP 403.
public protocol WebSocketChannel: Sendable {
    /// Completes the handshake (101 Switching Protocols).
    func accept() async
    /// Refuses the handshake: the client gets 403 and no WebSocket.
    func refuse() async
    func send(text: String) async
    /// The next message, or nil once the peer closed or the connection dropped.
    func receive() async -> WebSocketMessage?
    /// Sends a close frame with `code` and ends the session.
    func close(code: UInt16, reason: String) async
    /// Drops the connection without a close frame (the client sees 1006), as a crashed handler does.
    func abort() async
}

/// RFC 6455 §4.2 handshake checks and the accept key.
public enum WebSocketHandshake {
    static let magic = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    /// True when the request asks to upgrade to a WebSocket (whatever else is wrong with it).
    public static func isUpgrade(_ request: HTTPRequest) -> Bool {
        request.headers["upgrade"]?.lowercased() == "websocket"
    }

    /// The `Sec-WebSocket-Accept` value for a request, or nil when the handshake is invalid.
    public static func acceptValue(for request: HTTPRequest) -> String? {
        guard request.method == .get,
            request.headers["connection"]?.lowercased().split(separator: ",").contains(where: {
                HTTPText.trimmingASCIISpace($0) == "upgrade"
            }) == true,
            // RFC 6455 §11.3.1 and §11.3.5: the key and the version appear once each.
            request.headers.values(for: "sec-websocket-version") == ["13"],
            request.headers.values(for: "sec-websocket-key").count == 1,
            let key = request.headers["sec-websocket-key"],
            let decoded = Data(base64Encoded: key), decoded.count == 16
        else { return nil }
        return acceptValue(forKey: key)
    }

    public static func acceptValue(forKey key: String) -> String {
        Data(SHA1.hash(Array((key + magic).utf8))).base64EncodedString()
    }

    /// The 101 response that completes a valid handshake.
    public static func switchingProtocols(accept: String) -> HTTPResponse {
        HTTPResponse(status: 101, headers: ["upgrade": "websocket", "connection": "Upgrade", "sec-websocket-accept": accept])
    }
}

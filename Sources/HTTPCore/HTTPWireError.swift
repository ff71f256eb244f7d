/// Why bytes on the wire are not a valid HTTP/1.1 message; each case maps to the status a server answers.
public enum HTTPWireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The request line and headers exceed the size limit (431).
    case headersTooLarge
    /// More header fields than allowed (431).
    case tooManyHeaders
    /// The declared or received body exceeds the limit (413).
    case bodyTooLarge
    /// A Transfer-Encoding other than chunked (501).
    case unsupportedTransferEncoding(String)
    /// Anything else malformed (400), with what was wrong.
    case malformed(String)
    /// The client took too long to send a whole request (408).
    case requestTimeout
    /// An HTTP major version other than 1 (505).
    case unsupportedVersion(String)

    /// The status a server sends for this error, as RFC 9110/9112 say.
    public var status: Int {
        switch self {
        case .headersTooLarge, .tooManyHeaders: return 431
        case .bodyTooLarge: return 413
        case .unsupportedTransferEncoding: return 501
        case .malformed: return 400
        case .requestTimeout: return 408
        case .unsupportedVersion: return 505
        }
    }

    public var description: String {
        switch self {
        case .headersTooLarge: return "request line and headers are too large"
        case .tooManyHeaders: return "too many header fields"
        case .bodyTooLarge: return "body is too large"
        case .unsupportedTransferEncoding(let coding): return "unsupported transfer coding: \(coding)"
        case .malformed(let what): return "malformed message: \(what)"
        case .requestTimeout: return "the request took too long to arrive"
        case .unsupportedVersion(let version): return "unsupported HTTP version \(version)"
        }
    }
}

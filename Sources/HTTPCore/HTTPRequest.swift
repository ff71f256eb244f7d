/// An HTTP request as a handler sees it, whether it came from a socket or was built in-process.
public struct HTTPRequest: Sendable, Equatable {
    public var method: HTTPMethod
    /// The request target exactly as sent: the path, percent-encoded, then `?query` if any.
    public var target: String
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(method: HTTPMethod, target: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The raw path (still percent-encoded), without the query.
    public var rawPath: Substring {
        if let mark = target.firstIndex(of: "?") { return target[..<mark] }
        return Substring(target)
    }

    /// The raw query string after `?`, empty when there is none.
    public var rawQuery: Substring {
        if let mark = target.firstIndex(of: "?") { return target[target.index(after: mark)...] }
        return ""
    }
}

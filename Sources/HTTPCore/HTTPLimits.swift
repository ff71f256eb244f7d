/// The bounds every HTTP read is held to; one place, so each can be tested and tuned.
public struct HTTPLimits: Sendable {
    /// Request line (or status line) plus all header fields.
    public var maximumHeaderBytes: Int
    public var maximumHeaderCount: Int
    public var maximumBodyBytes: Int

    public init(
        maximumHeaderBytes: Int = HTTPLimits.defaultHeaderBytes, maximumHeaderCount: Int = HTTPLimits.defaultHeaderCount,
        maximumBodyBytes: Int = HTTPLimits.defaultBodyBytes
    ) {
        self.maximumHeaderBytes = maximumHeaderBytes
        self.maximumHeaderCount = maximumHeaderCount
        self.maximumBodyBytes = maximumBodyBytes
    }

    /// 16 KiB of request line and headers, as the server issue specifies.
    public static let defaultHeaderBytes = 16 * 1024
    /// 100 header fields.
    public static let defaultHeaderCount = 100
    /// 1 MiB request bodies.
    public static let defaultBodyBytes = 1024 * 1024

    /// What a client accepts from a server: larger bodies (16 MiB), same header bounds ×4.
    public static let client = HTTPLimits(maximumHeaderBytes: 64 * 1024, maximumHeaderCount: 400, maximumBodyBytes: 16 * 1024 * 1024)
    public static let server = HTTPLimits()
}

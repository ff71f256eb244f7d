import AgentAPI
import ContractKit
import HTTPCore

/// The reference implementation behind the `Target` protocol: requests go straight to `AgentAPI.handle`,
/// with no socket and no port, each run on a fresh in-memory database.
public struct ReferenceTarget: Target {
    public let api: AgentAPI

    public var description: String { "in-process reference" }

    /// A reference with the test configuration (1,000 PBKDF2 iterations), optionally with a mutant.
    public init(configuration: AgentAPIConfiguration = .testing()) throws {
        api = try AgentAPI(configuration)
    }

    public init(api: AgentAPI) { self.api = api }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var request = request
        // A real client always sends Host; Starlette's test client calls itself "testserver".
        if !request.headers.contains("host") { request.headers.add("host", "testserver") }
        return await api.handle(request)
    }
}

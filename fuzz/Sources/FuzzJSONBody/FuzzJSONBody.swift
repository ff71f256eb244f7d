import AgentAPI
import Dispatch
import HTTPCore
import JSONCore

/// Arbitrary bytes as the JSON body of the reference's create and update endpoints (decoding, then
/// Pydantic-style validation), and through both JSON parser modes. Any answer is allowed but a crash;
/// every answer must be a well-formed FastAPI error or resource.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    _ = try? JSONParser.parse(bytes: bytes, options: .python)
    _ = try? JSONParser.parse(bytes: bytes, options: .strict)
    guard let session = Session.shared else { return 0 }
    let json: HTTPHeaders = ["Content-Type": "application/json", "Authorization": "Bearer " + session.token]
    for (method, target) in [(HTTPMethod.post, "/api/v1/agents"), (.patch, "/api/v1/agents/\(session.agent)"), (.post, "/api/v1/tools"),
                             (.post, "/api/v1/agents/\(session.agent)/execute")] {
        let response = session.handle(HTTPRequest(method: method, target: target, headers: json, body: bytes))
        precondition([200, 201, 202, 400, 404, 409, 422, 500].contains(response.status), "unexpected status \(response.status)")
        if response.status != 500 {
            precondition((try? JSONParser.parse(bytes: response.body, options: .strict)) != nil, "an answer that is not JSON")
        }
    }
    return 0
}

/// One reference with a user, a token and an agent, made on first use.
final class Session: @unchecked Sendable {
    let api: AgentAPI
    let token: String
    let agent: Int64

    static let shared: Session? = Session()

    private init?() {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        guard let api = try? AgentAPI(configuration) else { return nil }
        self.api = api
        _ = Self.blocking { await api.handle(HTTPRequest(method: .post, target: "/api/v1/users", headers: ["Content-Type": "application/json"],
                                                           body: Array(#"{"email":"fuzz@example.com","password":"password123"}"#.utf8))) }
        let login = Self.blocking {
            await api.handle(HTTPRequest(method: .post, target: "/api/v1/auth/login", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                                         body: Array("username=fuzz@example.com&password=password123".utf8)))
        }
        guard let token = (try? JSONParser.parse(bytes: login.body))?["access_token"]?.stringValue else { return nil }
        self.token = token
        let created = Self.blocking {
            await api.handle(HTTPRequest(method: .post, target: "/api/v1/agents",
                                         headers: ["Content-Type": "application/json", "Authorization": "Bearer " + token],
                                         body: Array(#"{"name":"fuzz","model_name":"gpt-4"}"#.utf8)))
        }
        guard let id = (try? JSONParser.parse(bytes: created.body))?["id"]?.numberValue?.int64 else { return nil }
        agent = id
    }

    func handle(_ request: HTTPRequest) -> HTTPResponse { Self.blocking { [api] in await api.handle(request) } }

    static func blocking(_ work: @escaping @Sendable () async -> HTTPResponse) -> HTTPResponse {
        final class Slot: @unchecked Sendable { var response = HTTPResponse(status: 0) }
        let slot = Slot(), done = DispatchSemaphore(value: 0)
        Task {
            slot.response = await work()
            done.signal()
        }
        done.wait()
        return slot.response
    }
}

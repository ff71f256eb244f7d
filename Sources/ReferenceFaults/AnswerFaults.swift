import AgentAPI
import Crypto
import HTTPCore
import JSONCore

/// Every answer with one status gets another (201 → 200, 403 → 404), body and headers unchanged.
struct StatusRewrite: ReferenceMiddleware {
    let from: Int
    let to: Int

    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        var response = await next(request)
        if response.status == from { response.status = to }
        return response
    }
}

/// A header disappears from every answer.
struct HeaderRemoval: ReferenceMiddleware {
    let name: String

    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        var response = await next(request)
        response.headers.remove(name)
        return response
    }
}

/// The source design's crash: execute on a missing agent reads an attribute of None, and the app answers 500.
struct MissingAgentExecutionCrashes: ReferenceMiddleware {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let response = await next(request)
        guard request.method == .post, request.path(is: "/api/v1/agents/*/execute"), response.status == 404 else { return response }
        return AgentAPI.internalServerError()
    }
}

/// The source design's silent delete: another user's agent answers 204 and stays as it was.
struct SilentForeignDelete: ReferenceMiddleware {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let response = await next(request)
        guard request.method == .delete, request.path(is: "/api/v1/agents/*"), response.status == 404 else { return response }
        // The agent exists and is someone else's when its owner-only read answers 403.
        var read = request
        read.method = .get
        guard await next(read).status == 403 else { return response }
        return HTTPResponse(status: 204, headers: ["content-type": "application/json"], body: [])
    }
}

/// DELETE answers 204 but removes nothing: the "deleted" agent stays readable, changeable and listed.
struct DeleteDoesNothing: ReferenceMiddleware {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        guard request.method == .delete, request.path(is: "/api/v1/agents/*") else { return await next(request) }
        var read = request
        read.method = .get
        guard await next(read).status == 200 else { return await next(request) }
        return HTTPResponse(status: 204, headers: ["content-type": "application/json"], body: [])
    }
}

/// Lists validate `skip`, then answer as if it were absent.
struct SkipIgnored: ReferenceMiddleware {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let response = await next(request)
        let lists = request.path(is: "/api/v1/agents") || request.path(is: "/api/v1/tools") || request.path(is: "/api/v1/agents/*/executions")
        let query = PercentDecoding.parseQuery(request.rawQuery)
        guard request.method == .get, lists, response.status == 200, query.contains(where: { $0.name == "skip" }) else { return response }
        var withoutSkip = request
        let kept = request.rawQuery.split(separator: "&").filter { pair in
            PercentDecoding.parseQuery(String(pair)).first?.name != "skip"
        }
        withoutSkip.target = String(request.rawPath) + (kept.isEmpty ? "" : "?" + kept.joined(separator: "&"))
        return await next(withoutSkip)
    }
}

/// The registration answer carries the stored password hash.
struct PasswordHashLeak: ReferenceMiddleware {
    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let response = await next(request)
        guard request.method == .post, request.path(is: "/api/v1/users"), response.status == 201,
            case .object(var user)? = try? JSONParser.parse(bytes: response.body),
            case .object(let sent)? = try? JSONParser.parse(bytes: request.body), let password = sent["password"]?.stringValue
        else { return response }
        let salt = SecureRandom.bytes(16)
        let derived = PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: 100)
        user["password_hash"] = .string("pbkdf2_sha256$100$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))")
        return response.replacingJSON(.object(user))
    }
}

/// A PATCH that sets no field still moves `updated_at`, as if it had changed the name to itself.
struct EmptyPatchTouchesUpdatedAt: ReferenceMiddleware {
    static let fields = ["name", "model_name", "temperature", "tool_ids", "parent_id"]

    func respond(to request: HTTPRequest, next: @Sendable (HTTPRequest) async -> HTTPResponse) async -> HTTPResponse {
        let response = await next(request)
        guard request.method == .patch, request.path(is: "/api/v1/agents/*"), response.status == 200,
            case .object(let sent)? = try? JSONParser.parse(bytes: request.body, options: .python),
            !Self.fields.contains(where: { sent[$0] != nil }),
            let name = (try? JSONParser.parse(bytes: response.body))?["name"]
        else { return response }
        var touch = request
        touch.body = JSONWriter.compactBytes(["name": name])
        touch.headers.set("content-type", "application/json")
        return await next(touch)
    }
}

extension HTTPResponse {
    /// The same answer with another JSON body (and its length).
    func replacingJSON(_ value: JSONValue) -> HTTPResponse {
        var copy = self
        copy.body = JSONWriter.compactBytes(value)
        if copy.headers.contains("content-length") { copy.headers.set("content-length", String(copy.body.count)) }
        return copy
    }
}

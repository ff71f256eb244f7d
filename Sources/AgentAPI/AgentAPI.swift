import Dispatch
import Foundation
import HTTPCore
import JSONCore
import SQLite

/// The reference implementation of the agent API, callable in-process: no socket, no port.
///
/// It answers exactly as a faithful FastAPI 0.121 / Pydantic 2.12 implementation of the contract does,
/// so every later piece (runner, server, recorder) can treat it as the ground truth.
public final class AgentAPI: AgentService {
    public let configuration: AgentAPIConfiguration
    let database: SQLiteDatabase
    let routes = RouteTable.agentAPI
    let tokens: TokenCodec
    let verifier: any AccessTokenVerifier
    let passwords: PasswordHasher
    let lifecycle: ExecutionLifecycle
    /// `GET /openapi.json`, generated once from the route table and the field rules in force.
    let openAPIResponse: HTTPResponse
    /// Where handlers run: they hash passwords and wait on SQLite, which would starve the cooperative pool.
    private let workers = DispatchQueue(label: "agent-api.handlers", attributes: .concurrent)

    public init(_ configuration: AgentAPIConfiguration = AgentAPIConfiguration()) throws {
        self.configuration = configuration
        database = try SQLiteDatabase(path: configuration.databasePath, migrations: Schema.migrations)
        let secret = Array(configuration.secretKey.utf8)
        tokens = TokenCodec(secret: secret)
        verifier = configuration.policies.tokenVerifier ?? PyJWTVerifier(secret: secret)
        passwords = PasswordHasher(iterations: configuration.passwordIterations)
        lifecycle = ExecutionLifecycle(database: database, clock: configuration.clock, delay: configuration.executionDelay)
        let document = OpenAPIDocument.bytes(routes, configuration.policies.fieldRules)
        openAPIResponse = HTTPResponse(
            status: 200, headers: ["content-length": String(document.count), "content-type": "application/json"], body: document)
    }

    var policies: AgentAPIPolicies { configuration.policies }

    /// Answers one request. Never throws: every failure becomes the response FastAPI would send.
    public func handle(_ incoming: HTTPRequest) async -> HTTPResponse {
        let request = Self.asReceivedOverTheWire(incoming)
        return await withCheckedContinuation { continuation in
            workers.async {
                var response = self.route(request)
                // uvicorn sends no body for HEAD but keeps the headers (content-length included).
                if request.method == .head { response.body = [] }
                continuation.resume(returning: response)
            }
        }
    }

    /// Starlette's answer to an unhandled exception: a bare 500.
    public static func internalServerError() -> HTTPResponse { ResponseBuilder.internalServerError() }

    /// HTTP parsers strip optional whitespace around header values; in-process callers get the same.
    static func asReceivedOverTheWire(_ request: HTTPRequest) -> HTTPRequest {
        func padded(_ value: String) -> Bool {
            let edges = [value.utf8.first, value.utf8.last]
            return edges.contains(UInt8(ascii: " ")) || edges.contains(UInt8(ascii: "\t"))
        }
        guard request.headers.contains(where: { padded($0.value) }) else { return request }
        var copy = request
        copy.headers = HTTPHeaders(
            request.headers.map { field in
                (field.name, field.value.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
            })
        return copy
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        let path = PercentDecoding.unquote(request.rawPath)
        switch routes.route(request.method, path: path) {
        case .notFound:
            return APIError(404, "Not Found").response()
        case .methodNotAllowed(let allow):
            return APIError(405, "Method Not Allowed", headers: [("allow", allow.map(\.rawValue).joined(separator: ", "))])
                .response()
        case .redirect(let twin):
            return ResponseBuilder.redirect(to: redirectLocation(for: request, path: twin))
        case .matched(let route, let parameters):
            do {
                return try route.serve(self, RequestContext(request: request, pathParameters: parameters))
            } catch let error as APIError {
                return error.response()
            } catch {
                configuration.errorLog("agent-api error: \(request.method) \(request.target): \(error)")
                return ResponseBuilder.internalServerError()
            }
        }
    }

    /// Starlette builds the redirect from the scheme (uvicorn honours X-Forwarded-Proto), the Host header
    /// (or just the path without one) and the query, and RedirectResponse percent-quotes the result.
    private func redirectLocation(for request: HTTPRequest, path: String) -> String {
        var location = path
        if let host = request.headers["host"] {
            // uvicorn's proxy headers: the last X-Forwarded-Proto, stripped, if it is one of four exact words
            // (so `ws` gives a ws:// Location on a plain HTTP request, as uvicorn does).
            let forwarded = request.headers.values(for: "x-forwarded-proto").last?.trimmingPythonSpace()
            let scheme = forwarded.flatMap { ["http", "https", "ws", "wss"].contains($0) ? $0 : nil } ?? "http"
            location = "\(scheme)://\(host)\(path)"
        }
        if !request.rawQuery.isEmpty { location += "?" + request.rawQuery }
        return PercentDecoding.quote(location, keeping: Set(":/%#?=@[]!$&'()*+,;".utf8))
    }
}

/// The reference as something that answers requests and WebSocket sessions: `AgentAPI` itself, or
/// `AgentAPI` wrapped in something (the fault catalogue's deliberate defects). Targets and servers take this.
public protocol AgentService: Sendable {
    func handle(_ request: HTTPRequest) async -> HTTPResponse
    func handleWebSocket(_ request: HTTPRequest, channel: any WebSocketChannel) async
}

import Foundation
import HTTPCore
import JSONCore
import SQLite

/// The reference implementation of the agent API, callable in-process: no socket, no port.
///
/// It answers exactly as a faithful FastAPI 0.121 / Pydantic 2.12 implementation of agent-api.md does,
/// so every later piece (runner, server, recorder) can treat it as the ground truth.
public final class AgentAPI: Sendable {
    public let configuration: AgentAPIConfiguration
    let database: SQLiteDatabase
    let router = Router.agentAPI
    let tokens: TokenCodec
    let passwords: PasswordHasher
    let lifecycle: ExecutionLifecycle

    public init(_ configuration: AgentAPIConfiguration = AgentAPIConfiguration()) throws {
        self.configuration = configuration
        database = try SQLiteDatabase(path: configuration.databasePath, migrations: Schema.migrations)
        tokens = TokenCodec(secret: Array(configuration.secretKey.utf8), mutant: configuration.mutant)
        passwords = PasswordHasher(iterations: configuration.passwordIterations)
        lifecycle = ExecutionLifecycle(database: database, clock: configuration.clock, delay: configuration.executionDelay)
        try lifecycle.resumeUnfinished()
    }

    /// Answers one request. Never throws: every failure becomes the response FastAPI would send.
    public func handle(_ incoming: HTTPRequest) async -> HTTPResponse {
        let request = Self.asReceivedOverTheWire(incoming)
        var response = route(request)
        // uvicorn sends no body for HEAD but keeps the headers (content-length included).
        if request.method == .head { response.body = [] }
        return response
    }

    /// HTTP parsers strip optional whitespace around header values; in-process callers get the same.
    static func asReceivedOverTheWire(_ request: HTTPRequest) -> HTTPRequest {
        var copy = request
        copy.headers = HTTPHeaders(request.headers.map { field in
            (field.name, field.value.trimmingCharacters(in: CharacterSet(charactersIn: " \t")))
        })
        return copy
    }

    private func route(_ request: HTTPRequest) -> HTTPResponse {
        let path = PercentDecoding.unquote(request.rawPath)
        switch router.route(request.method, path: path) {
        case .notFound:
            return APIError(404, "Not Found").response()
        case .methodNotAllowed(let allow):
            return APIError(405, "Method Not Allowed", headers: [("allow", allow.map(\.rawValue).joined(separator: ", "))])
                .response()
        case .redirect(let twin):
            return ResponseBuilder.redirect(to: redirectLocation(for: request, path: twin))
        case .matched(let endpoint, let parameters):
            do {
                let context = RequestContext(request: request, pathParameters: parameters)
                return try serve(endpoint, context)
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
            let forwarded = request.headers["x-forwarded-proto"]?.trimmingCharacters(in: .whitespaces)
            let scheme = forwarded == "https" || forwarded == "http" ? forwarded ?? "http" : "http"
            location = "\(scheme)://\(host)\(path)"
        }
        if !request.rawQuery.isEmpty { location += "?" + request.rawQuery }
        return PercentDecoding.quote(location, keeping: Set(":/%#?=@[]!$&'()*+,;".utf8))
    }
}

/// Where unexpected failures are reported: one line on standard error, never a password or token.

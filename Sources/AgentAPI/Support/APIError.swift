import HTTPCore
import JSONCore

/// FastAPI's `HTTPException`: a status, a `detail` and extra headers, rendered as `{"detail": …}`.
struct APIError: Error, Sendable {
    let status: Int
    let detail: JSONValue
    var headers: [(String, String)] = []

    init(_ status: Int, _ detail: String, headers: [(String, String)] = []) {
        self.status = status
        self.detail = .string(detail)
        self.headers = headers
    }

    init(status: Int, detail: JSONValue, headers: [(String, String)] = []) {
        self.status = status
        self.detail = detail
        self.headers = headers
    }

    /// 422 with Pydantic's error items, as FastAPI's `request_validation_exception_handler` writes it.
    static func validation(_ issues: [ValidationIssue]) -> APIError {
        APIError(status: 422, detail: .array(issues.map(\.json)))
    }

    func response() -> HTTPResponse {
        ResponseBuilder.json(["detail": detail], status: status, extraHeaders: headers)
    }
}

/// Builds responses the way Starlette does: extra headers first, then content-length and content-type.
enum ResponseBuilder {
    /// The deepest response FastAPI's JSON encoder writes under CPython's default recursion limit.
    static let maximumEncodableDepth = 958

    static func json(_ value: JSONValue, status: Int, extraHeaders: [(String, String)] = []) -> HTTPResponse {
        // Starlette's JSONResponse refuses NaN and infinity, UTF-8 cannot encode a lone surrogate, and
        // json.dumps runs out of Python's recursion limit past 958 levels (a 422 echoing a body nested
        // 956 to 960 deep; deeper bodies never parse): in each case the app answers with a bare 500.
        guard isEncodable(value, depthLeft: maximumEncodableDepth) else { return internalServerError() }
        let body = status == 204 || status == 304 ? [] : JSONWriter.compactBytes(value)
        var headers = HTTPHeaders(extraHeaders)
        if status != 204 && status != 304 && !(100..<200).contains(status) {
            headers.add("content-length", String(body.count))
        }
        headers.add("content-type", "application/json")
        return HTTPResponse(status: status, headers: headers, body: body)
    }

    /// One walk over the value for all three of Python's refusals (every response takes it).
    private static func isEncodable(_ value: JSONValue, depthLeft: Int) -> Bool {
        switch value {
        case .number(let number): return number.isInteger || number.double.isFinite
        case .string(let text): return !text.unicodeScalars.contains(JSONValue.loneSurrogateMarker)
        case .array(let items): return depthLeft > 0 && items.allSatisfy { isEncodable($0, depthLeft: depthLeft - 1) }
        case .object(let object):
            return depthLeft > 0
                && object.allSatisfy { member in
                    !member.key.unicodeScalars.contains(JSONValue.loneSurrogateMarker) && isEncodable(member.value, depthLeft: depthLeft - 1)
                }
        default: return true
        }
    }

    /// Starlette's ServerErrorMiddleware answer to an unhandled exception.
    static func internalServerError() -> HTTPResponse {
        let body = Array("Internal Server Error".utf8)
        return HTTPResponse(
            status: 500,
            headers: [
                "content-length": String(body.count),
                "content-type": "text/plain; charset=utf-8",
            ], body: body)
    }

    /// Starlette's RedirectResponse for a trailing-slash mismatch.
    static func redirect(to location: String) -> HTTPResponse {
        HTTPResponse(status: 307, headers: ["content-length": "0", "location": location])
    }
}

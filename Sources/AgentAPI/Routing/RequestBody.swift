import HTTPCore
import JSONCore

/// Reads a request body the way FastAPI's request handler does, before any dependency runs:
/// JSON content types (or none) are parsed with Python's `json.loads`; other types are kept as text.
enum RequestBody {
    /// What the body became: nothing, a parsed JSON document, or raw text FastAPI hands to Pydantic as-is.
    enum Decoded {
        case absent
        case json(JSONValue)
        case text(String)
    }

    static func decodeJSON(_ request: HTTPRequest) throws(APIError) -> Decoded {
        guard !request.body.isEmpty else { return .absent }
        guard isJSONContentType(request.headers["content-type"]) else {
            return .text(String(decoding: request.body, as: UTF8.self))
        }
        do {
            return .json(try JSONParser.parse(bytes: request.body, options: .python))
        } catch {
            guard error.kind == .syntax else { throw APIError(400, "There was an error parsing the body") }
            let item = ValidationIssue("json_invalid", loc: ["body", .integer(error.offset)], msg: "JSON decode error",
                                       input: .object(JSONObject()), ctx: JSONObject([("error", .string(error.message))]))
            throw APIError.validation([item])
        }
    }

    /// FastAPI's test: `email.message.Message` content type with main type `application` and
    /// subtype `json` or `*+json`; an absent header also means JSON.
    static func isJSONContentType(_ header: String?) -> Bool {
        guard let header, !header.isEmpty else { return true }
        let type = header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let lowered = type.lowercased().trimmingPythonSpace()
        let parts = lowered.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] == "application" else { return false }
        return parts[1] == "json" || parts[1].hasSuffix("+json")
    }

    /// Starlette's form parsing: url-encoded bodies are split into fields; any other content type
    /// (JSON included) gives an empty form.
    static func decodeForm(_ request: HTTPRequest) -> [(name: String, value: String)] {
        guard let header = request.headers["content-type"] else { return [] }
        let type = header.split(separator: ";", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        guard type.trimmingPythonSpace().lowercased() == "application/x-www-form-urlencoded" else { return [] }
        return PercentDecoding.parseQuery(PercentDecoding.latin1(request.body))
    }
}

extension StringProtocol {
    /// `str.strip()` with Python's notion of whitespace.
    func trimmingPythonSpace() -> String {
        var scalars = Substring(self).unicodeScalars[...]
        while let first = scalars.first, PythonText.isSpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, PythonText.isSpace(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }
}

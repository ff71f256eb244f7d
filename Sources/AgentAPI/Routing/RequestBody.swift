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

    static func decodeJSON(_ request: HTTPRequest) throws -> Decoded {
        guard !request.body.isEmpty else { return .absent }
        guard isJSONContentType(request.headers["content-type"]) else {
            // FastAPI echoes the bytes in a 422 after decoding them as UTF-8, which fails on anything else.
            guard let text = String(validating: request.body, as: UTF8.self) else {
                throw InternalError("a non-JSON body that is not UTF-8 cannot be echoed")
            }
            return .text(text)
        }
        do {
            return .json(try JSONParser.parse(bytes: request.body, options: .python))
        } catch {
            guard error.kind == .syntax else { throw APIError(400, "There was an error parsing the body") }
            let item = ValidationIssue(
                "json_invalid", loc: ["body", .integer(error.offset)], msg: "JSON decode error",
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

    /// Starlette's form parsing: url-encoded and multipart bodies are split into fields; any other
    /// content type (JSON included) gives an empty form. A multipart body Starlette refuses is a 400 with its
    /// message; one python-multipart cannot parse is FastAPI's 400 "There was an error parsing the body".
    static func decodeForm(_ request: HTTPRequest) throws(APIError) -> [(name: String, value: FormValue)] {
        guard let header = request.headers["content-type"] else { return [] }
        // python-multipart's parse_options_header, on the header's Latin-1 bytes (each code point is one byte,
        // as the HTTP layer decodes header values as Latin-1).
        let contentType = OptionsHeader(header.unicodeScalars.map { UInt8(truncatingIfNeeded: $0.value) })
        switch contentType.value {
        case Array("application/x-www-form-urlencoded".utf8):
            return PercentDecoding.parseQuery(PercentDecoding.latin1(request.body)).map { ($0.name, .text($0.value)) }
        case Array("multipart/form-data".utf8):
            do {
                return try MultipartForm.fields(request.body, contentType: contentType)
            } catch .refused(let message) {
                throw APIError(400, message)
            } catch {
                throw APIError(400, "There was an error parsing the body")
            }
        default:
            return []
        }
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

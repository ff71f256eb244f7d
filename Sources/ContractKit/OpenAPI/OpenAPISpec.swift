import Foundation
import JSONCore

/// An OpenAPI 3.x document, read defensively: it may come from any target. Loading checks it is one
/// (not OpenAPI 2.0), bounds its size, and that every `$ref` names something and none loops on itself,
/// so the comparison and the response checks never hang or crash on it.
public struct OpenAPISpec: Sendable {
    public let document: JSONValue

    /// Documents larger than this are refused (FastAPI's for this API is 15 KB).
    public static let maximumBytes = 8 * 1024 * 1024

    /// Why a document cannot be used: what is wrong and where (a JSON pointer).
    public struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        public let pointer: JSONPointer
        public let message: String
        public var description: String { pointer.tokens.isEmpty ? message : "\(message) (at \(pointer))" }
    }

    public init(bytes: [UInt8]) throws(Problem) {
        guard bytes.count <= Self.maximumBytes else {
            throw Problem(pointer: JSONPointer(), message: "the document is \(bytes.count) bytes, more than the \(Self.maximumBytes) allowed")
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes: bytes)
        } catch {
            throw Problem(pointer: JSONPointer(), message: "the document is not JSON: \(error)")
        }
        try self.init(document: value)
    }

    public init(document: JSONValue) throws(Problem) {
        guard case .object(let root) = document else { throw Problem(pointer: JSONPointer(), message: "the document is not a JSON object") }
        if root["swagger"] != nil {
            throw Problem(pointer: JSONPointer(["swagger"]), message: "this is a Swagger (OpenAPI 2.0) document; only OpenAPI 3.0 and 3.1 are read")
        }
        guard case .string(let version)? = root["openapi"], version.hasPrefix("3.") else {
            throw Problem(
                pointer: JSONPointer(["openapi"]),
                message: "not an OpenAPI 3 document (\"openapi\" is \(root["openapi"].map(JSONWriter.compact) ?? "missing"))")
        }
        guard case .object? = root["paths"] else { throw Problem(pointer: JSONPointer(["paths"]), message: "the document has no \"paths\" object") }
        self.document = document
        try checkReferences(document, at: JSONPointer())
    }

    /// Every `$ref` must resolve, and following `$ref`s alone must never come back to where it started.
    private func checkReferences(_ value: JSONValue, at pointer: JSONPointer) throws(Problem) {
        var stack: [(JSONValue, JSONPointer)] = [(value, pointer)]
        var visited = 0
        while let (current, place) = stack.popLast() {
            visited += 1
            guard visited < 2_000_000 else { throw Problem(pointer: place, message: "the document is too large to check") }
            switch current {
            case .object(let object):
                if case .string(let reference)? = object["$ref"] {
                    var seen: [String] = []
                    var next = reference
                    while true {
                        guard next.hasPrefix("#"), let target = JSONPointer(parsing: next) else {
                            throw Problem(
                                pointer: place.appending("$ref"),
                                message: "$ref \(JSONWriter.compact(.string(next))) is not a reference into this document")
                        }
                        guard let resolved = target.resolve(in: document) else {
                            throw Problem(pointer: place.appending("$ref"), message: "$ref \(next) names nothing in the document")
                        }
                        guard !seen.contains(next) else {
                            throw Problem(
                                pointer: place.appending("$ref"), message: "$ref \(reference) loops: " + (seen + [next]).joined(separator: " → "))
                        }
                        seen.append(next)
                        guard case .string(let further)? = resolved.objectValue?["$ref"] else { break }
                        next = further
                    }
                }
                for (key, member) in object { stack.append((member, place.appending(key))) }
            case .array(let items):
                for (index, item) in items.enumerated() { stack.append((item, place.appending(index))) }
            default:
                break
            }
        }
    }

    // MARK: Reading

    /// The value a local `$ref` names (following chains), or the value itself.
    public func resolved(_ value: JSONValue) -> JSONValue {
        var current = value
        var hops = 0
        while case .string(let reference)? = current.objectValue?["$ref"], hops < 64,
            let target = JSONPointer(parsing: reference)?.resolve(in: document)
        {
            current = target
            hops += 1
        }
        return current
    }

    /// One operation: where it lives, its method and path template.
    public struct Operation: Sendable {
        public let path: String
        public let method: String
        public let object: JSONObject
        public var pointer: JSONPointer { JSONPointer(["paths", path, method]) }
    }

    static let methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    public var operations: [Operation] {
        guard case .object(let paths)? = document["paths"] else { return [] }
        return paths.flatMap { path, item -> [Operation] in
            guard case .object(let item) = resolved(item) else { return [] }
            return Self.methods.compactMap { method in
                item[method]?.objectValue.map { Operation(path: path, method: method, object: $0) }
            }
        }
    }

    /// The operation that serves `method` on a concrete path (`/api/v1/agents/12`), template segments
    /// matching any one segment; a literal segment wins over a template one, as servers route.
    public func operation(method: String, path: String) -> Operation? {
        let segments = path.split(separator: "/", omittingEmptySubsequences: false)
        let candidates = operations.filter { operation in
            guard operation.method == method.lowercased() else { return false }
            let template = operation.path.split(separator: "/", omittingEmptySubsequences: false)
            guard template.count == segments.count else { return false }
            return zip(template, segments).allSatisfy { part, segment in
                (part.hasPrefix("{") && part.hasSuffix("}") && !segment.isEmpty) || part == segment
            }
        }
        return candidates.min { literalSegments($0.path) > literalSegments($1.path) }
    }

    private func literalSegments(_ template: String) -> Int {
        template.split(separator: "/").filter { !($0.hasPrefix("{") && $0.hasSuffix("}")) }.count
    }

    /// What the document says of an answer with this status.
    public enum ResponseDocumentation: Sendable {
        /// No response object for this status (nor a range or `default` that covers it).
        case undocumented
        /// Documented, with no JSON body (a 204, or another media type).
        case withoutJSONBody
        /// The JSON schema of the body, and where it sits in the document.
        case schema(JSONValue, JSONPointer)
    }

    /// The answer with this status: an exact code first, then `4XX`-style ranges, then `default`.
    public func responseDocumentation(_ operation: Operation, status: Int) -> ResponseDocumentation {
        guard case .object(let responses)? = operation.object["responses"] else { return .undocumented }
        let key = [String(status), "\(status / 100)XX", "\(status / 100)xx", "default"].first { responses[$0] != nil }
        guard let key, let response = responses[key] else { return .undocumented }
        let content = resolved(response)["content"]?.objectValue
        let json = content?.first { $0.key.lowercased().hasPrefix("application/json") || $0.key.lowercased().hasSuffix("+json") }
        guard let json, let schema = json.value["schema"] else { return .withoutJSONBody }
        return .schema(schema, operation.pointer.appending("responses").appending(key).appending("content").appending(json.key).appending("schema"))
    }
}

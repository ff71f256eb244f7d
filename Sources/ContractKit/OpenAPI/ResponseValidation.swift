import HTTPCore
import JSONCore

/// `contract run --validate-responses`: each answer's body checked against its operation's response schema
/// in an OpenAPI document, besides the fixture's own expectations. A status the document does not list is a
/// note (FastAPI documents only the success and 422), never a failure.
public struct ResponseValidation: Sendable {
    public let spec: OpenAPISpec
    let validator: JSONSchemaValidator

    public init(spec: OpenAPISpec) {
        self.spec = spec
        validator = JSONSchemaValidator(document: spec.document)
    }

    /// The differences between the answer and the document, and what is worth a note.
    public func check(_ request: HTTPRequest, _ response: HTTPResponse) -> (mismatches: [Mismatch], notes: [ResponseNote]) {
        let path = PercentDecoding.unquote(request.rawPath)
        guard let operation = spec.operation(method: request.method.rawValue, path: path) else { return ([], [.noOperation]) }
        switch spec.responseDocumentation(operation, status: response.status) {
        case .undocumented:
            return ([], [.undocumentedStatus(operation: "\(operation.method.uppercased()) \(operation.path)", status: response.status)])
        case .withoutJSONBody:
            return ([], [])
        case .schema(let schema, let pointer):
            guard !response.body.isEmpty || request.method != .head else { return ([], []) }
            guard let body = try? JSONParser.parse(bytes: response.body) else {
                return ([Mismatch(.rawBody, .schemaViolation("the document says JSON (\(pointer))"), expected: nil, actual: nil)], [])
            }
            let mismatches = validator.violations(of: body, against: schema, at: pointer).map { violation in
                Mismatch(
                    .body(violation.path), .schemaViolation("\(violation.message) (\(violation.schemaPointer))"), expected: nil,
                    actual: Self.value(at: violation.path, in: body))
            }
            return (mismatches, [])
        }
    }

    private static func value(at path: JSONPath, in body: JSONValue) -> JSONValue? {
        var current: JSONValue? = body
        for component in path.components {
            switch component {
            case .key(let key): current = current?[key]
            case .index(let index): current = current?.arrayValue.flatMap { $0.indices.contains(index) ? $0[index] : nil }
            }
        }
        return current
    }
}

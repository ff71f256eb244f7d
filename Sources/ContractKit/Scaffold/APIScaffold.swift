import Foundation
import JSONCore

/// What `contract init --from-openapi` reads from an OpenAPI document: how users register and log in, the
/// resources (a collection that creates, an item path that reads, changes, deletes), the operations and
/// their bounds. It writes a starting suite from that; what the document cannot tell is a `todo`.
public struct APIScaffold: Sendable {
    public let spec: OpenAPISpec

    public init(spec: OpenAPISpec) { self.spec = spec }

    /// The registration operation: a public POST whose JSON body has a password field.
    struct Registration {
        let operation: OpenAPISpec.Operation
        let schema: JSONValue
        /// The body field the user logs in with (`username`, `email`, `login`…).
        let loginField: String
        let passwordField: String
    }

    /// A resource: the collection that creates and lists it, and the item path that reads, changes and deletes.
    public struct Resource: Sendable {
        public let name: String
        /// The collection's own word (`heroes`), for script step names.
        public let collectionName: String
        public let parameter: String
        public let collection: String
        public let item: String
        let create: OpenAPISpec.Operation?
        let list: OpenAPISpec.Operation?
        let itemOperations: [OpenAPISpec.Operation]
        /// The id field of a created resource, read from the create answer's schema.
        let idField: String
    }

    // MARK: Reading the document

    var validator: SchemaValues { SchemaValues(spec: spec) }

    /// The OAuth2 password flow's token URL.
    var tokenURL: String? {
        for (_, scheme) in spec.document["components"]?["securitySchemes"]?.objectValue ?? JSONObject() {
            if let url = spec.resolved(scheme)["flows"]?["password"]?["tokenUrl"]?.stringValue {
                return url.hasPrefix("/") ? url : "/" + url
            }
        }
        return nil
    }

    func isSecured(_ operation: OpenAPISpec.Operation) -> Bool {
        let requirements = operation.object["security"] ?? spec.document["security"] ?? .array([])
        return requirements.arrayValue?.contains { !($0.objectValue?.isEmpty ?? true) } ?? false
    }

    func jsonBodySchema(_ operation: OpenAPISpec.Operation) -> JSONValue? {
        let body = operation.object["requestBody"].map(spec.resolved)
        return body?["content"]?["application/json"]?["schema"]
    }

    var registration: Registration? {
        for operation in spec.operations where operation.method == "post" && !isSecured(operation) && operation.path != tokenURL {
            guard let schema = jsonBodySchema(operation) else { continue }
            let properties = validator.concrete(schema)["properties"]?.objectValue ?? JSONObject()
            guard let password = properties.keys.first(where: { $0.lowercased().contains("password") }) else { continue }
            let login = ["username", "email", "login", "user_name", "name"].first { properties[$0] != nil }
            guard let login else { continue }
            return Registration(operation: operation, schema: schema, loginField: login, passwordField: password)
        }
        return nil
    }

    /// Collections (a POST path) with an item path below them (`/heroes/` and `/heroes/{hero_id}`).
    public var resources: [Resource] {
        let operations = spec.operations
        var found: [Resource] = []
        let itemPaths = Set(operations.map(\.path)).filter { $0.hasSuffix("}") }
        for item in itemPaths.sorted() {
            let segments = item.split(separator: "/")
            guard let last = segments.last, last.hasPrefix("{") else { continue }
            let parameter = String(last.dropFirst().dropLast())
            let parent = "/" + segments.dropLast().joined(separator: "/")
            let collection = [parent + "/", parent].first { path in operations.contains { $0.path == path } } ?? parent
            let create = operations.first { $0.path == collection && $0.method == "post" && isSecured($0) }
            let itemOperations = operations.filter { $0.path == item && isSecured($0) }
            guard !itemOperations.isEmpty else { continue }
            let createdSchema = create.flatMap { operation -> JSONValue? in
                let success = operation.object["responses"]?.objectValue?.first { $0.key.hasPrefix("2") }?.value
                return success.map(spec.resolved)?["content"]?["application/json"]?["schema"].map(validator.concrete)
            }
            let idField = ["id", parameter].first { createdSchema?["properties"]?[$0] != nil } ?? "id"
            let name = String(segments.dropLast().last ?? "item")
            found.append(
                Resource(
                    name: Self.singular(name), collectionName: name, parameter: parameter, collection: collection, item: item, create: create,
                    list: operations.first { $0.path == collection && $0.method == "get" && isSecured($0) },
                    itemOperations: itemOperations, idField: idField))
        }
        return found
    }

    static func singular(_ word: String) -> String {
        if word.hasSuffix("ies") { return word.dropLast(3) + "y" }
        if ["ses", "xes", "zes", "ches", "shes", "oes"].contains(where: word.hasSuffix) { return String(word.dropLast(2)) }
        if word.hasSuffix("s") && !word.hasSuffix("ss") { return String(word.dropLast()) }
        return word
    }

    /// The route name as api.json writes it.
    static func routeName(_ operation: OpenAPISpec.Operation) -> String { "\(operation.method.uppercased()) \(operation.path)" }

    // MARK: actors.json

    /// How an actor gets an account; nil (with the reason) when the document shows no registration or login.
    public func actors() -> (document: JSONValue, todos: [String]) {
        var todos: [String] = []
        guard let registration else {
            todos.append("actors.json: no public POST with a password field was found; write the registration step by hand")
            return (placeholderActors(), todos)
        }
        let loginKey = registration.loginField.lowercased().contains("email") ? "email" : "login"
        var body = validator.object(registration.schema)?.objectValue ?? JSONObject()
        body[registration.loginField] = .string("{{\(loginKey)}}")
        body[registration.passwordField] = "{{password}}"
        var steps: [JSONValue] = [
            [
                "name": "register",
                "request": ["method": "POST", "path": .string(registration.operation.path), "json": .object(body)],
                "expect": ["status": .array(Self.successStatuses(registration.operation).map(JSONValue.integer))],
            ]
        ]
        let created = registration.operation.object["responses"]?.objectValue?.first { $0.key.hasPrefix("2") }?.value
        let createdSchema = created.map(spec.resolved)?["content"]?["application/json"]?["schema"].map(validator.concrete)
        if createdSchema?["properties"]?["id"] != nil, case .object(var first) = steps[0] {
            first["capture"] = ["id": "$.id"]
            steps[0] = .object(first)
        }
        if let tokenURL {
            steps.append([
                "name": "log in",
                "request": [
                    "method": "POST", "path": .string(tokenURL), "form": ["username": .string("{{\(loginKey)}}"), "password": "{{password}}"],
                ],
                "expect": ["status": 200],
                "capture": ["token": "$.access_token"],
            ])
        } else {
            todos.append("actors.json: the document names no OAuth2 password flow; write the login step by hand (it must capture token)")
        }
        let login: JSONValue = loginKey == "email" ? "{{$actor}}-{{$unique}}@example.com" : "{{$actor}}-{{$unique}}"
        return (
            .object(
                JSONObject([
                    ("description", .string("How an actor gets an account (written by contract init from the OpenAPI document).")),
                    (loginKey, login), ("password", "pw-{{$random}}"), ("steps", .array(steps)), ("authorization", "Bearer {{token}}"),
                ])), todos
        )
    }

    private func placeholderActors() -> JSONValue {
        [
            "description": "TODO: how an actor registers and logs in", "login": "{{$actor}}-{{$unique}}", "password": "pw-{{$random}}",
            "steps": [], "authorization": "Bearer {{token}}",
        ]
    }

    static func successStatuses(_ operation: OpenAPISpec.Operation) -> [Int] {
        let codes = (operation.object["responses"]?.objectValue?.keys ?? []).compactMap(Int.init).filter { (200..<300).contains($0) }
        return codes.isEmpty ? [200] : codes
    }
}

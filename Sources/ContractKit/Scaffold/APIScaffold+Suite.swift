import JSONCore

extension APIScaffold {
    /// The starting suite: `contracts/actors.json`, `contracts/api.json` and one script per operation and
    /// per owned resource, by relative path. With a `target`, what the document cannot say is asked of it.
    public func suite(
        probing target: (any Target)?, secret: [UInt8]? = nil
    ) async -> (
        files: [(path: String, document: JSONValue)], todos: [String], notes: [String]
    ) {
        var findings = ScaffoldProbe.Findings()
        if let target {
            findings = await ScaffoldProbe(target: target, scaffold: self, secret: secret).run()
        } else {
            findings.notes.append("no target to ask: the answers to a missing or bad credential and to another user are TODOs in api.json")
        }
        let (actors, actorTodos) = actors()
        let (contract, contractTodos) = apiContract(findings)
        // The document itself, so `contract openapi` and `--validate-responses` can hold the API to it.
        var files: [(String, JSONValue)] = [
            ("contracts/actors.json", actors), ("contracts/api.json", contract), ("contracts/openapi.json", spec.document),
        ]
        files += operationScripts().map { ("fixtures/" + $0.path, $0.document) }
        files += ownershipScripts().map { ("fixtures/" + $0.path, $0.document) }
        return (files, actorTodos + contractTodos, findings.notes)
    }

    // MARK: api.json

    func apiContract(_ findings: ScaffoldProbe.Findings) -> (JSONValue, [String]) {
        var todos: [String] = []
        var root = JSONObject()
        root["description"] = "Written by contract init from the OpenAPI document; read the todo list, then record the fixtures."
        var auth = JSONObject([("credential", ["header": "Authorization", "scheme": "Bearer"])])
        if !findings.tokenIsJWT {
            auth["token"] = ["format": "opaque"]
        } else if let subject = findings.subject {
            var token = JSONObject([
                ("format", "jwt"), ("algorithm", "HS256"), ("subjectClaim", .string(subject.claim)), ("subject", .string(subject.property)),
            ])
            switch findings.expiryRequired {
            case true?: token["expiry"] = "required"
            case false?: token["expiry"] = "optional"
            case nil:
                todos.append(
                    "api.json auth.token.expiry: whether a token without exp is refused was not asked (give init --jwt-secret); required assumed")
            }
            auth["token"] = .object(token)
        } else {
            auth["token"] = ["format": "jwt", "algorithm": "HS256", "subjectClaim": "sub", "subject": "id"]
            todos.append("api.json auth.token: which claim names the user, and which actor property it holds, was not found (sub = id assumed)")
        }
        root["auth"] = .object(auth)
        root["unauthenticated"] = findings.unauthenticated ?? ["status": 401]
        root["badToken"] = findings.badToken ?? ["status": 401]
        if findings.unauthenticated == nil { todos.append("api.json unauthenticated: the answer without credentials (status 401 assumed)") }
        if findings.badToken == nil { todos.append("api.json badToken: the answer to a bad token (status 401 assumed)") }
        let fastAPI = spec.document["components"]?["schemas"]?["HTTPValidationError"] != nil
        root["validationErrors"] = fastAPI ? "pydantic-v2-types" : ["dialect": "generic", "status": 422]

        var models = JSONObject()
        var routes: [JSONValue] = []
        for operation in spec.operations {
            var route = JSONObject([("method", .string(operation.method.uppercased())), ("path", .string(operation.path))])
            if !isSecured(operation) { route["public"] = true }
            var statuses = Set(operation.object["responses"]?.objectValue?.keys.compactMap(Int.init) ?? [])
            if isSecured(operation) { statuses.insert(findings.unauthenticated?["status"]?.numberValue?.int64.map(Int.init) ?? 401) }
            if operation.path.contains("{") { statuses.insert(404) }
            route["statuses"] = .array(statuses.sorted().map(JSONValue.integer))
            let name = Self.modelName(operation)
            if let schema = jsonBodySchema(operation), let model = model(schema) {
                let modelName = spec.resolved(schema) == schema ? name + "Body" : Self.referenceName(schema) ?? name + "Body"
                models[modelName] = model
                route["body"] = .string(modelName)
            }
            for place in ["query", "path"] {
                let parameters = parameters(operation, in: place)
                guard !parameters.isEmpty else { continue }
                let modelName = name + (place == "query" ? "Query" : "Path")
                models[modelName] = .object(
                    JSONObject(parameters.compactMap { name, schema, required in field(schema, required: required).map { (name, $0) } }))
                route[place == "query" ? "query" : "pathParameters"] = .string(modelName)
            }
            routes.append(.object(route))
        }
        var resourceEntries = JSONObject()
        var ownership: [JSONValue] = []
        for resource in resources {
            var entry = JSONObject([("read", .string("GET \(resource.item)"))])
            if resource.idField != "id" { entry["idField"] = .string(resource.idField) }
            if let list = resource.list {
                let limit = parameters(list, in: "query").first { ["limit", "size", "per_page", "page_size"].contains($0.name) }
                let offset = parameters(list, in: "query").first { ["offset", "skip", "start"].contains($0.name) }
                if let limit, let offset {
                    let maximum = validator.concrete(limit.schema)["maximum"]?.numberValue?.int64 ?? 100
                    entry["list"] = [
                        "route": .string(Self.routeName(list)),
                        "allPages": ["skip": .string(offset.name), "limit": .string(limit.name), "size": .integer(min(maximum, 100))],
                    ]
                } else {
                    entry["list"] = .string(Self.routeName(list))
                }
                ownership.append(["route": .string(Self.routeName(list)), "lists": .string(resource.name), "otherUser": ["status": 200]])
            }
            resourceEntries[resource.parameter] = .object(entry)
            for operation in resource.itemOperations {
                let route = Self.routeName(operation)
                var answer = findings.otherUser[route]
                if answer == nil {
                    answer = ["status": 404]
                    todos.append("api.json ownership \(route): what another user's request gets was not probed (404 assumed)")
                }
                ownership.append(["route": .string(route), "resource": .string(resource.parameter), "otherUser": answer ?? .null])
            }
        }
        if self.resources.isEmpty {
            todos.append("api.json: no owned resource found (a secured POST collection with an item path below it); ownership rules are empty")
        }
        root["resources"] = .object(resourceEntries)
        root["routes"] = .array(routes)
        root["ownership"] = .array(ownership)
        root["models"] = .object(models)
        if !todos.isEmpty { root["todo"] = .array(todos.map(JSONValue.string)) }
        return (.object(root), todos)
    }

    /// The parameters of an operation in one place, with their schemas.
    func parameters(_ operation: OpenAPISpec.Operation, in place: String) -> [(name: String, schema: JSONValue, required: Bool)] {
        (operation.object["parameters"]?.arrayValue ?? []).compactMap { raw in
            let parameter = spec.resolved(raw)
            guard parameter["in"]?.stringValue == place, let name = parameter["name"]?.stringValue else { return nil }
            return (name, parameter["schema"] ?? .bool(true), parameter["required"] == .bool(true))
        }
    }

    /// An api.json model from an object schema; nil when it has no properties.
    func model(_ schema: JSONValue) -> JSONValue? {
        let object = validator.concrete(schema)
        guard let properties = object["properties"]?.objectValue, !properties.isEmpty else { return nil }
        let required = Set(object["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        return .object(JSONObject(properties.compactMap { name, property in field(property, required: required.contains(name)).map { (name, $0) } }))
    }

    /// One api.json field from its schema.
    func field(_ schema: JSONValue, required: Bool) -> JSONValue? {
        let resolved = spec.resolved(schema)
        let nullable = resolved["anyOf"]?.arrayValue?.contains { spec.resolved($0)["type"] == "null" } ?? false
        let concrete = validator.concrete(schema)
        guard let type = SchemaValues.type(of: concrete), ["string", "integer", "number", "boolean", "array", "object"].contains(type) else {
            return nil
        }
        var field = JSONObject([("type", .string(type))])
        for key in ["minLength", "maxLength", "pattern", "minimum", "maximum"] {
            if let value = concrete[key] { field[key] = value }
        }
        if type == "array", let items = SchemaValues.type(of: validator.concrete(concrete["items"] ?? .bool(true))) {
            field["items"] = ["type": .string(items)]
        }
        if nullable { field["nullable"] = true }
        if required { field["required"] = true }
        return .object(field)
    }

    static func referenceName(_ schema: JSONValue) -> String? {
        schema["$ref"]?.stringValue?.split(separator: "/").last.map(String.init)
    }

    /// A model name from the operation id (`create_hero_heroes__post` → `CreateHeroHeroesPost`).
    static func modelName(_ operation: OpenAPISpec.Operation) -> String {
        let id = operation.object["operationId"]?.stringValue ?? "\(operation.method)_\(operation.path)"
        return id.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}

import JSONCore

extension APIScaffold {
    /// One script per operation (registration and login aside, actors.json does those): a valid request,
    /// then one request per bound of its body and query, just past it. No expectations: `contract record`
    /// writes them from the target's answers.
    func operationScripts() -> [(path: String, document: JSONValue)] {
        let account = [registration?.operation.path, tokenURL].compactMap { $0 }
        return spec.operations.filter { !account.contains($0.path) }.map { operation in
            var steps: [JSONValue] = []
            var path = operation.path
            let secured = isSecured(operation)
            var needsActor = secured
            // An item path needs an item: the actor creates one first, when its collection can.
            for resource in resources where operation.path == resource.item {
                guard let create = resource.create, let body = jsonBodySchema(create).flatMap(validator.object) else { continue }
                steps.append(
                    step(
                        "alice creates a \(resource.name)", create.method, create.path, json: body, actor: "alice",
                        capture: JSONObject([(resource.name, .string("$.\(resource.idField)"))])))
                path = path.replacingOccurrences(of: "{\(resource.parameter)}", with: "{{\(resource.name)}}")
                needsActor = true
            }
            for (name, _, _) in parameters(operation, in: "path") where path.contains("{\(name)}") {
                path = path.replacingOccurrences(of: "{\(name)}", with: "1")
            }
            let actor = secured ? "alice" : nil
            let body = jsonBodySchema(operation).flatMap(validator.object)
            steps.append(step("a valid request", operation.method, path, json: body, actor: actor))
            if let schema = jsonBodySchema(operation), case .object(let valid)? = body {
                let object = validator.concrete(schema)
                for (field, property) in object["properties"]?.objectValue ?? JSONObject() {
                    for (value, what) in validator.pastBounds(property) {
                        var changed = valid
                        changed[field] = value
                        steps.append(step("\(field): \(what)", operation.method, path, json: .object(changed), actor: actor))
                    }
                }
                if let required = object["required"]?.arrayValue?.compactMap(\.stringValue).first, valid[required] != nil {
                    var changed = valid
                    changed[required] = nil
                    steps.append(step("\(required) missing", operation.method, path, json: .object(changed), actor: actor))
                }
            }
            for (name, schema, _) in parameters(operation, in: "query") {
                for (value, what) in validator.pastBounds(schema) where value.numberValue != nil {
                    steps.append(step("\(name) \(what)", operation.method, path, query: JSONObject([(name, value)]), actor: actor))
                }
            }
            var document = JSONObject()
            document["description"] = .string(
                "\(operation.method.uppercased()) \(operation.path): a valid request, then one just past each bound (written by contract init; record it)."
            )
            document["tags"] = .array([.string(folder(operation))])
            if needsActor { document["actors"] = ["alice"] }
            document["steps"] = .array(steps)
            return ("\(folder(operation))/\(scriptName(operation)).json", .object(document))
        }
    }

    /// Per owned resource: the owner creates one; another user reads, changes and deletes it and lists the
    /// collection; the owner reads it again. What each gets is for `contract record` to write, and for the
    /// user to check: nobody reads, changes or deletes another user's resource.
    func ownershipScripts() -> [(path: String, document: JSONValue)] {
        resources.compactMap { resource -> (path: String, document: JSONValue)? in
            guard let create = resource.create, let body = jsonBodySchema(create).flatMap(validator.object) else { return nil }
            let item = resource.item.replacingOccurrences(of: "{\(resource.parameter)}", with: "{{\(resource.name)}}")
            var steps: [JSONValue] = [
                step(
                    "alice creates a \(resource.name)", create.method, create.path, json: body, actor: "alice",
                    capture: JSONObject([(resource.name, .string("$.\(resource.idField)"))]))
            ]
            let order = ["get": 0, "put": 1, "patch": 2, "delete": 3]
            for operation in resource.itemOperations.sorted(by: { order[$0.method, default: 4] < order[$1.method, default: 4] }) {
                let change = jsonBodySchema(operation).flatMap(validator.object)
                steps.append(
                    step("bob tries \(operation.method.uppercased()) on alice's \(resource.name)", operation.method, item, json: change, actor: "bob")
                )
            }
            if let list = resource.list {
                steps.append(step("bob lists \(resource.collectionName)", list.method, list.path, actor: "bob"))
            }
            if resource.itemOperations.contains(where: { $0.method == "get" }) {
                steps.append(step("alice still reads her \(resource.name), unchanged", "get", item, actor: "alice"))
            }
            let document: JSONValue = [
                "description": .string(
                    "Only its owner reads, changes or deletes a \(resource.name) (written by contract init; record it, then check every answer)."),
                "tags": ["ownership"], "actors": ["alice", "bob"], "steps": .array(steps),
            ]
            return ("ownership/\(resource.name)-belongs-to-its-owner.json", document)
        }
    }

    private func step(
        _ name: String, _ method: String, _ path: String, json: JSONValue? = nil, query: JSONObject? = nil, actor: String?,
        capture: JSONObject? = nil
    ) -> JSONValue {
        var request = JSONObject([("method", .string(method.uppercased())), ("path", .string(path))])
        if let query { request["query"] = .object(query) }
        if let json { request["json"] = json }
        var step = JSONObject([("name", .string(name))])
        if let actor { step["as"] = .string(actor) }
        step["request"] = .object(request)
        if let capture { step["capture"] = .object(capture) }
        return .object(step)
    }

    private func folder(_ operation: OpenAPISpec.Operation) -> String {
        if let tag = operation.object["tags"]?.arrayValue?.first?.stringValue { return Self.fileName(tag) }
        return Self.fileName(String(operation.path.split(separator: "/").first ?? "root"))
    }

    private func scriptName(_ operation: OpenAPISpec.Operation) -> String {
        Self.fileName(operation.object["operationId"]?.stringValue ?? "\(operation.method)-\(operation.path)")
    }

    static func fileName(_ text: String) -> String {
        let cleaned = text.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" }
        return String(cleaned).split(separator: "-").joined(separator: "-")
    }
}

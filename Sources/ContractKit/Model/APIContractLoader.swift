import JSONCore

extension APIContract {
    /// Reads `api.json`, reporting every problem with file:line:column.
    public static func load(bytes: [UInt8], file: String) -> Result<APIContract, FixtureLoader.Failure> {
        let value: JSONValue
        var reader: DocumentReader
        do {
            (value, reader) = try DocumentReader.open(bytes, file: file)
        } catch {
            return .failure(error)
        }
        let keys: Set<String> = [
            "description", "unauthenticated", "badToken", "routes", "routing", "ownership", "models", "behaviours",
            "resources", "validationErrors", "document", "derivedCoverage", "notObservable", "auth", "todo",
        ]
        guard let root = reader.object(value, at: [], allowed: keys, what: "the API contract") else {
            return .failure(.init(issues: reader.issues))
        }
        let unauthenticated = readAnswer(&reader, root["unauthenticated"], at: ["unauthenticated"])
        let badToken = readAnswer(&reader, root["badToken"], at: ["badToken"])
        var routes: [Route] = []
        for (index, item) in (root["routes"]?.arrayValue ?? []).enumerated() {
            let path = ["routes", String(index)]
            guard
                let object = reader.object(
                    item, at: path,
                    allowed: [
                        "method", "path", "public", "websocket", "statuses", "body", "form",
                        "query", "pathParameters", "credentialQuery",
                    ], what: "a route")
            else { continue }
            var route = Route(
                method: reader.string(object, "method", at: path, required: true) ?? "GET",
                path: reader.string(object, "path", at: path, required: true) ?? "/",
                isPublic: reader.bool(object, "public", at: path), isWebSocket: reader.bool(object, "websocket", at: path),
                statuses: object["statuses"].flatMap { reader.statuses($0, at: path + ["statuses"]) } ?? [],
                body: reader.string(object, "body", at: path), form: reader.string(object, "form", at: path),
                query: reader.string(object, "query", at: path),
                pathParameters: reader.string(object, "pathParameters", at: path))
            route.credentialQuery = reader.string(object, "credentialQuery", at: path)
            routes.append(route)
        }
        var ownership: [OwnershipRule] = []
        for (index, item) in (root["ownership"]?.arrayValue ?? []).enumerated() {
            let path = ["ownership", String(index)]
            guard let object = reader.object(item, at: path, allowed: ["route", "resource", "in", "lists", "otherUser"], what: "an ownership rule")
            else { continue }
            let route = reader.string(object, "route", at: path, required: true) ?? ""
            if !routes.contains(where: { $0.name == route }) { reader.report("no route \"\(route)\" in routes", at: path + ["route"]) }
            ownership.append(
                OwnershipRule(
                    route: route, resource: reader.string(object, "resource", at: path),
                    inBody: object["in"] == .string("body"), lists: reader.string(object, "lists", at: path),
                    otherUser: readAnswer(&reader, object["otherUser"], at: path + ["otherUser"])))
        }
        var models: [Model] = []
        if let object = reader.object(root["models"], at: ["models"], allowed: Set(root["models"]?.objectValue?.keys ?? []), what: "models") {
            for (name, fieldsValue) in object {
                var fields: [Field] = []
                let fieldKeys: Set<String> = [
                    "type", "required", "nullable", "minLength", "maxLength", "pattern", "minimum", "maximum",
                    "items", "noSurroundingWhitespace",
                ]
                for (fieldName, spec) in fieldsValue.objectValue ?? JSONObject() {
                    let path = ["models", name, fieldName]
                    guard let field = reader.object(spec, at: path, allowed: fieldKeys, what: "a field") else { continue }
                    let type = reader.string(field, "type", at: path, required: true) ?? "string"
                    if !["string", "integer", "number", "array", "boolean", "object"].contains(type) {
                        reader.report("unknown type \"\(type)\"", at: path + ["type"])
                    }
                    fields.append(
                        Field(
                            name: fieldName, type: type, required: reader.bool(field, "required", at: path),
                            nullable: reader.bool(field, "nullable", at: path),
                            minLength: reader.number(field, "minLength", at: path, integer: true)?.int64.map(Int.init),
                            maxLength: reader.number(field, "maxLength", at: path, integer: true)?.int64.map(Int.init),
                            pattern: reader.string(field, "pattern", at: path),
                            minimum: reader.number(field, "minimum", at: path)?.double, maximum: reader.number(field, "maximum", at: path)?.double,
                            itemsType: field["items"]?["type"]?.stringValue,
                            noSurroundingWhitespace: reader.string(field, "noSurroundingWhitespace", at: path)))
                }
                models.append(Model(name: name, fields: fields))
            }
        }
        for route in routes {
            for reference in [route.body, route.form, route.query, route.pathParameters].compactMap({ $0 })
            where !models.contains(where: { $0.name == reference }) {
                reader.report("route \(route.name) names an unknown model \"\(reference)\"", at: ["routes"])
            }
        }
        var behaviours: [Behaviour] = []
        for (index, item) in (root["behaviours"]?.arrayValue ?? []).enumerated() {
            let path = ["behaviours", String(index)]
            guard let object = reader.object(item, at: path, allowed: ["id", "text", "fixtures"], what: "a behaviour") else { continue }
            behaviours.append(
                Behaviour(
                    id: reader.string(object, "id", at: path, required: true) ?? "",
                    text: reader.string(object, "text", at: path, required: true) ?? "",
                    fixtures: reader.strings(object, "fixtures", at: path)))
        }
        var routing: [RoutingRule] = []
        for (index, item) in (root["routing"]?.arrayValue ?? []).enumerated() {
            let path = ["routing", String(index)]
            guard let object = reader.object(item, at: path, allowed: ["id", "text", "status", "json"], what: "a routing rule") else { continue }
            routing.append(
                RoutingRule(
                    id: reader.string(object, "id", at: path, required: true) ?? "",
                    text: reader.string(object, "text", at: path, required: true) ?? "",
                    status: reader.number(object, "status", at: path, integer: true)?.int64.map(Int.init) ?? 0))
        }
        var resources: [Resource] = []
        for (parameter, spec) in root["resources"]?.objectValue ?? JSONObject() {
            let path = ["resources", parameter]
            guard let object = reader.object(spec, at: path, allowed: ["read", "list", "idField"], what: "a resource") else { continue }
            let read = reader.string(object, "read", at: path, required: true) ?? ""
            var list: ListRead?
            switch object["list"] {
            case .string(let route)?: list = ListRead(route: route, pages: nil)
            case .object(let spec)?:
                let listPath = path + ["list"]
                if let read = reader.object(.object(spec), at: listPath, allowed: ["route", "allPages"], what: "a list") {
                    var pages: PageWalk?
                    if let walk = reader.object(read["allPages"], at: listPath + ["allPages"], allowed: ["skip", "limit", "size"], what: "allPages") {
                        var chosen = PageWalk()
                        if let skip = reader.string(walk, "skip", at: listPath + ["allPages"]) { chosen.skip = skip }
                        if let limit = reader.string(walk, "limit", at: listPath + ["allPages"]) { chosen.limit = limit }
                        if let size = reader.number(walk, "size", at: listPath + ["allPages"], integer: true)?.int64, size >= 1 {
                            chosen.size = Int(size)
                        }
                        pages = chosen
                    }
                    list = ListRead(route: reader.string(read, "route", at: listPath, required: true) ?? "", pages: pages)
                }
            case nil: break
            case let other?:
                reader.report(
                    "a list is a route (\"GET /items\") or {\"route\": …, \"allPages\": {\"size\": 100}}, not \(other.typeName)", at: path + ["list"])
            }
            for name in [read] + (list.map { [$0.route] } ?? []) where !routes.contains(where: { $0.name == name }) {
                reader.report("no route \"\(name)\" in routes", at: path)
            }
            var resource = Resource(parameter: parameter, read: read, list: list)
            resource.idField = reader.string(object, "idField", at: path) ?? "id"
            resources.append(resource)
        }
        var dialect = ValidationDialect.pydanticTypes
        switch root["validationErrors"] {
        case nil: break
        case .string("pydantic-v2")?: dialect = .pydanticExact
        case .string("pydantic-v2-types")?: dialect = .pydanticTypes
        case .object(let spec)?:
            if let object = reader.object(.object(spec), at: ["validationErrors"], allowed: ["dialect", "status"], what: "validationErrors") {
                if reader.string(object, "dialect", at: ["validationErrors"], required: true) != "generic" {
                    reader.report(
                        "an object form of validationErrors is {\"dialect\": \"generic\", \"status\": 422}", at: ["validationErrors", "dialect"])
                }
                dialect = .generic(status: reader.number(object, "status", at: ["validationErrors"], integer: true)?.int64.map(Int.init) ?? 422)
            }
        default:
            reader.report(
                "validationErrors is \"pydantic-v2\" (items compared whole), \"pydantic-v2-types\" (by type and loc, the default) or {\"dialect\": \"generic\", \"status\": 422}",
                at: ["validationErrors"])
        }
        let auth = AuthDescription.read(&reader, root["auth"])
        let document = reader.string(root, "document", at: [])
        var derivedCoverage: [(check: String, statements: [String])] = []
        if let coverage = reader.object(
            root["derivedCoverage"], at: ["derivedCoverage"], allowed: Set(APIContract.derivedCheckNames),
            what: "derivedCoverage")
        {
            for (check, _) in coverage { derivedCoverage.append((check, reader.strings(coverage, check, at: ["derivedCoverage"]))) }
        }
        var notObservable: [(statement: String, reason: String)] = []
        if let value = root["notObservable"],
            let reasons = reader.object(value, at: ["notObservable"], allowed: Set(value.objectValue?.keys ?? []), what: "notObservable")
        {
            for (statement, value) in reasons {
                if let reason = value.stringValue, !reason.isEmpty {
                    notObservable.append((statement, reason))
                } else {
                    reader.report("the reason a statement cannot be observed, as text", at: ["notObservable", statement])
                }
            }
        }
        guard reader.issues.isEmpty else { return .failure(.init(issues: reader.issues)) }
        var contract = APIContract(
            routes: routes, resources: resources, pydanticMessages: dialect == .pydanticExact,
            unauthenticated: unauthenticated, badToken: badToken, ownership: ownership,
            models: models, behaviours: behaviours, routing: routing)
        contract.document = document
        contract.derivedCoverage = derivedCoverage
        contract.notObservable = notObservable
        contract.auth = auth
        contract.todos = reader.strings(root, "todo", at: [])
        contract.validationDialect = dialect
        return .success(contract)
    }

    private static func readAnswer(_ reader: inout DocumentReader, _ value: JSONValue?, at path: [String]) -> Answer {
        guard let object = reader.object(value, at: path, allowed: ["status", "json", "headers"], what: "an answer") else {
            if value == nil, let key = path.last {
                reader.report("missing \"\(key)\": an answer like {\"status\": 401, \"json\": {…}}", at: path.dropLast())
            }
            return Answer(status: 0, json: nil, headers: [])
        }
        let status = object["status"].flatMap { reader.statuses($0, at: path + ["status"])?.first } ?? 0
        let headers = (object["headers"]?.objectValue ?? JSONObject()).compactMap { member in
            member.value.stringValue.map { (name: member.key, value: $0) }
        }
        return Answer(status: status, json: object["json"], headers: headers)
    }
}

import HTTPCore
import JSONCore

/// The OpenAPI 3.1 document FastAPI 0.121.3 generates for the agent API, built from the route table and the
/// validation models, so a route or a bound that changes changes the document too. Its bytes are the
/// contract's `openapi.json` (a test compares them).
enum OpenAPIDocument {
    static let title = "Agent API"
    static let version = "0.1.0"
    static let securityScheme = "OAuth2PasswordBearer"
    static let tokenURL = "/api/v1/auth/login"

    /// The document as `GET /openapi.json` sends it: compact JSON, no trailing newline.
    static func bytes(_ routes: RouteTable, _ rules: FieldRules) -> [UInt8] {
        JSONWriter.compactBytes(document(routes, rules))
    }

    static func document(_ routes: RouteTable, _ rules: FieldRules) -> JSONValue {
        var paths = JSONObject()
        for route in routes.routes where route.inSchema {
            let path = route.template.description
            var item = paths[path]?.objectValue ?? JSONObject()
            item[route.method.rawValue.lowercased()] = .object(operation(route))
            paths[path] = .object(item)
        }
        let schemas = OpenAPIComponents.models(rules).sorted { $0.name < $1.name }.map { ($0.name, $0.schema) }
        let flows: JSONValue = ["password": ["scopes": .object(JSONObject()), "tokenUrl": .string(tokenURL)]]
        return .object(
            JSONObject([
                ("openapi", "3.1.0"),
                ("info", .object(JSONObject([("title", .string(title)), ("version", .string(version))]))),
                ("paths", .object(paths)),
                (
                    "components",
                    .object(
                        JSONObject([
                            ("schemas", .object(JSONObject(schemas))),
                            ("securitySchemes", .object(JSONObject([(securityScheme, ["type": "oauth2", "flows": flows])]))),
                        ])
                    )
                ),
            ]))
    }

    /// One operation, its keys in FastAPI's order. FastAPI 0.121.3 writes two orders, as its own document
    /// shows: a public operation, or one with neither parameters nor body, in the order of its OpenAPI
    /// model's fields (security last, a body's content before `required`); any other in the order it
    /// builds them (security after the operation id, `required` first).
    private static func operation(_ route: Route) -> JSONObject {
        let operation = route.operation
        let id = operationID(route)
        let modelOrder = !route.requiresAuthentication || (route.parameters.isEmpty && route.body == .none)
        let security: JSONValue = [.object(JSONObject([(securityScheme, [])]))]
        var object = JSONObject()
        object["tags"] = [.string(operation.tag)]
        object["summary"] = .string(PythonTitle.of(operation.name.replacingOccurrences(of: "_", with: " ")))
        if let description = operation.description { object["description"] = .string(description) }
        object["operationId"] = .string(id)
        if route.requiresAuthentication && !modelOrder { object["security"] = security }
        if !route.parameters.isEmpty { object["parameters"] = .array(route.parameters.map(parameter)) }
        if let body = requestBody(route, contentFirst: modelOrder) { object["requestBody"] = body }
        var responses = JSONObject()
        responses[String(operation.status)] = success(operation, title: "Response " + PythonTitle.of(id.replacingOccurrences(of: "_", with: " ")))
        if !route.parameters.isEmpty || route.body != .none {
            responses["422"] = [
                "description": "Validation Error",
                "content": ["application/json": ["schema": ["$ref": "#/components/schemas/HTTPValidationError"]]],
            ]
        }
        object["responses"] = .object(responses)
        if route.requiresAuthentication && modelOrder { object["security"] = security }
        return object
    }

    /// FastAPI's `generate_unique_id`: the function name, the path with every non-word character as `_`, the method.
    static func operationID(_ route: Route) -> String {
        let path = String(
            String.UnicodeScalarView(
                route.template.description.unicodeScalars.map { scalar in
                    scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "_" ? scalar : "_"
                }))
        return route.operation.name + path + "_" + route.method.rawValue.lowercased()
    }

    private static func parameter(_ spec: ParameterSpec) -> JSONValue {
        var schema = JSONObject(SchemaShape.integer(maximum: spec.maximum, minimum: spec.minimum).members)
        if let defaultValue = spec.defaultValue { schema["default"] = .integer(defaultValue) }
        schema["title"] = .string(PythonTitle.of(spec.name.replacingOccurrences(of: "_", with: " ")))
        return .object(
            JSONObject([
                ("name", .string(spec.name)), ("in", .string(spec.location.rawValue)),
                ("required", .bool(spec.location == .path)), ("schema", .object(schema)),
            ]))
    }

    private static func requestBody(_ route: Route, contentFirst: Bool) -> JSONValue? {
        let content: JSONValue
        switch route.body {
        case .none: return nil
        case .json(let model): content = ["application/json": ["schema": .string("#/components/schemas/\(model)").asReference]]
        case .form(let model):
            content = ["application/x-www-form-urlencoded": ["schema": .string("#/components/schemas/\(model)").asReference]]
        }
        return .object(
            JSONObject(route.requiresAuthentication ? [("required", true), ("content", content)] : [("content", content), ("required", true)]))
    }

    private static func success(_ operation: Operation, title: String) -> JSONValue {
        let schema: SchemaShape
        switch operation.response {
        case .empty: return ["description": "Successful Response"]
        case .model(let model): schema = .reference(model)
        case .list(let model):
            // A response list writes `type` before `items`, unlike a model's list field.
            let list = JSONObject([
                ("type", "array"), ("items", .object(JSONObject(SchemaShape.reference(model).members))), ("title", .string(title)),
            ])
            return ["description": "Successful Response", "content": ["application/json": ["schema": .object(list)]]]
        case .stringMap: schema = .stringMap
        }
        var object = JSONObject(schema.members)
        if case .model = operation.response {} else { object["title"] = .string(title) }
        return ["description": "Successful Response", "content": ["application/json": ["schema": .object(object)]]]
    }
}

extension JSONValue {
    /// `{"$ref": <this string>}`.
    fileprivate var asReference: JSONValue { .object(JSONObject([("$ref", self)])) }
}

import JSONCore

/// Compares a target's OpenAPI document with the contract's, as a client of the API would care: every
/// operation, parameter, body, status, schema constraint and the security scheme. What cannot change a
/// client's behaviour (titles, descriptions, summaries, examples, tags) is a note, not a difference.
public struct OpenAPIComparison: Sendable {
    public struct Finding: Sendable, Equatable {
        public enum Weight: String, Sendable { case difference, note }
        public let weight: Weight
        /// Where, in the contract's document (the target's place when the contract has no such place).
        public let pointer: JSONPointer
        public let message: String
        public let expected: JSONValue?
        public let actual: JSONValue?
    }

    public let contract: OpenAPISpec
    public let target: OpenAPISpec

    public init(contract: OpenAPISpec, target: OpenAPISpec) {
        self.contract = contract
        self.target = target
    }

    /// Every finding, differences first, each place reported once.
    public func findings() -> [Finding] {
        var walk = Walk()
        compareOperations(&walk)
        compareSecuritySchemes(&walk)
        var seen = Set<String>()
        let unique = walk.found.filter { seen.insert("\($0.pointer)|\($0.message)").inserted }
        return unique.filter { $0.weight == .difference } + unique.filter { $0.weight == .note }
    }

    private struct Walk {
        var found: [Finding] = []
        /// Schema pairs already compared (by their pointers), so recursive schemas end.
        var compared: Set<String> = []

        mutating func difference(_ pointer: JSONPointer, _ message: String, expected: JSONValue? = nil, actual: JSONValue? = nil) {
            found.append(Finding(weight: .difference, pointer: pointer, message: message, expected: expected, actual: actual))
        }

        mutating func note(_ pointer: JSONPointer, _ message: String, expected: JSONValue? = nil, actual: JSONValue? = nil) {
            found.append(Finding(weight: .note, pointer: pointer, message: message, expected: expected, actual: actual))
        }
    }

    // MARK: Operations

    /// A path with its parameter names blanked, so `/agents/{agent_id}` and `/agents/{id}` are one path.
    private static func shape(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map { $0.hasPrefix("{") && $0.hasSuffix("}") ? "{}" : String($0) }
            .joined(separator: "/")
    }

    private func compareOperations(_ walk: inout Walk) {
        let theirs = Dictionary(target.operations.map { ("\($0.method) \(Self.shape($0.path))", $0) }, uniquingKeysWith: { first, _ in first })
        var matched = Set<String>()
        for mine in contract.operations {
            let key = "\(mine.method) \(Self.shape(mine.path))"
            guard let other = theirs[key] else {
                walk.difference(mine.pointer, "the target does not document \(mine.method.uppercased()) \(mine.path)")
                continue
            }
            matched.insert(key)
            if other.path != mine.path {
                walk.note(mine.pointer, "the path's parameters are named differently", expected: .string(mine.path), actual: .string(other.path))
            }
            compareOperation(mine, other, &walk)
        }
        for other in target.operations where !matched.contains("\(other.method) \(Self.shape(other.path))") {
            walk.note(other.pointer, "the target documents an operation the contract does not have: \(other.method.uppercased()) \(other.path)")
        }
    }

    private func compareOperation(_ mine: OpenAPISpec.Operation, _ other: OpenAPISpec.Operation, _ walk: inout Walk) {
        let pointer = mine.pointer
        for key in ["summary", "description", "tags"]
        where mine.object[key].map({ !JSONSchemaValidator.equal($0, other.object[key] ?? .null) }) ?? (other.object[key] != nil) {
            walk.note(pointer.appending(key), "\(key) differs", expected: mine.object[key], actual: other.object[key])
        }
        if mine.object["operationId"] != other.object["operationId"] {
            walk.difference(
                pointer.appending("operationId"), "the operation id differs (generated clients name their methods after it)",
                expected: mine.object["operationId"], actual: other.object["operationId"])
        }
        let secured = { (operation: OpenAPISpec.Operation, spec: OpenAPISpec) -> Bool in
            let requirements = operation.object["security"] ?? spec.document["security"] ?? .array([])
            return requirements.arrayValue?.contains { !($0.objectValue?.isEmpty ?? true) } ?? false
        }
        if secured(mine, contract) != secured(other, target) {
            walk.difference(
                pointer.appending("security"),
                secured(mine, contract)
                    ? "the contract requires credentials here; the target's document does not"
                    : "the target's document requires credentials the contract does not",
                expected: mine.object["security"], actual: other.object["security"])
        }
        compareParameters(mine, other, &walk)
        compareRequestBody(mine, other, &walk)
        compareResponses(mine, other, &walk)
    }

    private func parameters(_ operation: OpenAPISpec.Operation, _ spec: OpenAPISpec) -> [(key: String, value: JSONObject, pointer: JSONPointer)] {
        let list = operation.object["parameters"]?.arrayValue ?? []
        return list.enumerated().compactMap { index, raw in
            guard case .object(let parameter) = spec.resolved(raw), let name = parameter["name"]?.stringValue,
                let place = parameter["in"]?.stringValue
            else { return nil }
            // Path parameters are matched by position (their names may differ), the rest by name.
            let key = place == "path" ? "path #\(pathPosition(name, operation.path))" : "\(place) \(name)"
            return (key, parameter, operation.pointer.appending("parameters").appending(index))
        }
    }

    private func pathPosition(_ name: String, _ path: String) -> Int {
        path.split(separator: "/").filter { $0.hasPrefix("{") }.firstIndex(of: Substring("{\(name)}")) ?? -1
    }

    private func compareParameters(_ mine: OpenAPISpec.Operation, _ other: OpenAPISpec.Operation, _ walk: inout Walk) {
        let theirs = Dictionary(parameters(other, target).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let ours = parameters(mine, contract)
        for parameter in ours {
            guard let counterpart = theirs[parameter.key] else {
                walk.difference(parameter.pointer, "the target does not document the \(parameter.key) parameter", expected: .object(parameter.value))
                continue
            }
            let required = parameter.value["required"] == .bool(true), theirsRequired = counterpart.value["required"] == .bool(true)
            if required != theirsRequired {
                walk.difference(parameter.pointer.appending("required"), "required differs", expected: .bool(required), actual: .bool(theirsRequired))
            }
            compareSchema(
                parameter.value["schema"] ?? .bool(true), parameter.pointer.appending("schema"), counterpart.value["schema"] ?? .bool(true),
                counterpart.pointer.appending("schema"), &walk)
        }
        let known = Set(ours.map(\.key))
        for parameter in theirs.values where !known.contains(parameter.key) {
            if parameter.value["required"] == .bool(true) {
                walk.difference(
                    mine.pointer.appending("parameters"), "the target requires a parameter the contract does not have: \(parameter.key)",
                    actual: .object(parameter.value))
            } else {
                walk.note(
                    mine.pointer.appending("parameters"), "the target documents an optional parameter the contract does not have: \(parameter.key)")
            }
        }
    }

    private func compareRequestBody(_ mine: OpenAPISpec.Operation, _ other: OpenAPISpec.Operation, _ walk: inout Walk) {
        let pointer = mine.pointer.appending("requestBody")
        let ours = mine.object["requestBody"].map(contract.resolved)?.objectValue
        let theirs = other.object["requestBody"].map(target.resolved)?.objectValue
        guard let ours else {
            if theirs?["required"] == .bool(true) { walk.difference(pointer, "the target requires a body the contract does not have") }
            return
        }
        guard let theirs else {
            walk.difference(pointer, "the target documents no request body")
            return
        }
        if (ours["required"] == .bool(true)) != (theirs["required"] == .bool(true)) {
            walk.difference(
                pointer.appending("required"), "required differs", expected: ours["required"] ?? false, actual: theirs["required"] ?? false)
        }
        compareContent(
            ours["content"]?.objectValue, pointer.appending("content"), theirs["content"]?.objectValue,
            other.pointer.appending("requestBody").appending("content"), &walk)
    }

    private func compareResponses(_ mine: OpenAPISpec.Operation, _ other: OpenAPISpec.Operation, _ walk: inout Walk) {
        let pointer = mine.pointer.appending("responses")
        let ours = mine.object["responses"]?.objectValue ?? JSONObject()
        let theirs = other.object["responses"]?.objectValue ?? JSONObject()
        for (status, response) in ours {
            guard let counterpart = theirs[status] else {
                let documented = theirs.keys.joined(separator: ", ")
                walk.difference(
                    pointer.appending(status),
                    "the target does not document status \(status)" + (documented.isEmpty ? "" : " (it documents \(documented))"))
                continue
            }
            compareContent(
                contract.resolved(response)["content"]?.objectValue, pointer.appending(status).appending("content"),
                target.resolved(counterpart)["content"]?.objectValue, other.pointer.appending("responses").appending(status).appending("content"),
                &walk)
        }
        for status in theirs.keys where ours[status] == nil {
            walk.note(pointer, "the target documents status \(status), which the contract does not")
        }
    }

    private func compareContent(_ ours: JSONObject?, _ pointer: JSONPointer, _ theirs: JSONObject?, _ theirPointer: JSONPointer, _ walk: inout Walk) {
        for (type, media) in ours ?? JSONObject() {
            guard let counterpart = theirs?[type] else {
                walk.difference(
                    pointer.appending(type), "the target does not document \(type) here", actual: theirs.map { .array($0.keys.map(JSONValue.string)) }
                )
                continue
            }
            compareSchema(
                media["schema"] ?? .bool(true), pointer.appending(type).appending("schema"), counterpart["schema"] ?? .bool(true),
                theirPointer.appending(type).appending("schema"), &walk)
        }
    }

    // MARK: Schemas

    /// Keywords whose difference changes what a client may send or receive.
    private static let constraints = [
        "type", "format", "enum", "const", "pattern", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
        "minLength", "maxLength", "minItems", "maxItems", "uniqueItems", "minProperties", "maxProperties", "default", "nullable",
    ]
    private static let cosmetic = ["title", "description", "example", "examples", "deprecated", "readOnly", "writeOnly", "externalDocs", "xml"]

    private func compareSchema(_ ours: JSONValue, _ pointer: JSONPointer, _ theirs: JSONValue, _ theirPointer: JSONPointer, _ walk: inout Walk) {
        // Follow refs on both sides; a difference is reported where the contract's schema is written.
        var pointer = pointer, theirPointer = theirPointer
        let mine = follow(ours, in: contract, &pointer), other = follow(theirs, in: target, &theirPointer)
        guard walk.compared.insert("\(pointer)|\(theirPointer)").inserted else { return }
        guard case .object(let a) = mine, case .object(let b) = other else {
            if !JSONSchemaValidator.equal(mine, other) { walk.difference(pointer, "the schema differs", expected: mine, actual: other) }
            return
        }
        for key in Self.constraints where !equalOrAbsent(a[key], b[key]) {
            let message: String
            switch (a[key], b[key]) {
            case (_?, nil): message = "the target's schema has no \(key)"
            case (nil, _?): message = "the target's schema adds \(key)"
            default: message = "\(key) differs"
            }
            walk.difference(pointer.appending(key), message, expected: a[key], actual: b[key])
        }
        for key in Self.cosmetic where !equalOrAbsent(a[key], b[key]) {
            walk.note(pointer.appending(key), "\(key) differs", expected: a[key], actual: b[key])
        }
        let required = Set(a["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        let theirRequired = Set(b["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        if required != theirRequired {
            walk.difference(
                pointer.appending("required"), "the required properties differ",
                expected: .array(required.sorted().map(JSONValue.string)), actual: .array(theirRequired.sorted().map(JSONValue.string)))
        }
        let properties = a["properties"]?.objectValue ?? JSONObject(), theirProperties = b["properties"]?.objectValue ?? JSONObject()
        for (name, schema) in properties {
            guard let counterpart = theirProperties[name] else {
                walk.difference(pointer.appending("properties").appending(name), "the target's schema has no property \(name)")
                continue
            }
            compareSchema(
                schema, pointer.appending("properties").appending(name), counterpart, theirPointer.appending("properties").appending(name), &walk)
        }
        for name in theirProperties.keys where properties[name] == nil {
            walk.difference(pointer.appending("properties"), "the target's schema has a property the contract does not: \(name)")
        }
        for key in ["items", "additionalProperties", "not"] {
            switch (a[key], b[key]) {
            case (let x?, let y?): compareSchema(x, pointer.appending(key), y, theirPointer.appending(key), &walk)
            case (nil, nil): break
            default:
                walk.difference(
                    pointer.appending(key), a[key] == nil ? "the target's schema adds \(key)" : "the target's schema has no \(key)", expected: a[key],
                    actual: b[key])
            }
        }
        for key in ["anyOf", "oneOf", "allOf", "prefixItems"] {
            let x = a[key]?.arrayValue, y = b[key]?.arrayValue
            guard x != nil || y != nil else { continue }
            guard let x, let y, x.count == y.count else {
                walk.difference(
                    pointer.appending(key), "\(key) has \(x?.count ?? 0) alternatives in the contract, \(y?.count ?? 0) in the target",
                    expected: a[key], actual: b[key])
                continue
            }
            for index in x.indices {
                compareSchema(x[index], pointer.appending(key).appending(index), y[index], theirPointer.appending(key).appending(index), &walk)
            }
        }
    }

    /// A schema with its `$ref` chain followed; `pointer` moves to where it is written.
    private func follow(_ schema: JSONValue, in spec: OpenAPISpec, _ pointer: inout JSONPointer) -> JSONValue {
        var current = schema
        for _ in 0..<64 {
            guard case .string(let reference)? = current.objectValue?["$ref"], let target = JSONPointer(parsing: reference),
                let resolved = target.resolve(in: spec.document)
            else { break }
            current = resolved
            pointer = target
        }
        return current
    }

    private func equalOrAbsent(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (let x?, let y?):
            if case .array(let xs) = x, case .array(let ys) = y, xs.count == ys.count {
                // enum and type lists: order does not matter
                return xs.allSatisfy { item in ys.contains { JSONSchemaValidator.equal($0, item) } }
            }
            return JSONSchemaValidator.equal(x, y)
        default: return false
        }
    }

    // MARK: Security

    private func compareSecuritySchemes(_ walk: inout Walk) {
        let pointer = JSONPointer(["components", "securitySchemes"])
        let ours = contract.document["components"]?["securitySchemes"]?.objectValue ?? JSONObject()
        let theirs = target.document["components"]?["securitySchemes"]?.objectValue ?? JSONObject()
        for (name, scheme) in ours {
            // The scheme's name is the document's own label; what must match is what it asks of a client.
            let mine = contract.resolved(scheme)
            guard let other = theirs[name] ?? (theirs.count == 1 ? Array(theirs).first?.value : nil) else {
                walk.difference(pointer.appending(name), "the target documents no security scheme \(name)")
                continue
            }
            let their = target.resolved(other)
            for key in ["type", "scheme", "bearerFormat", "in", "name"] where !equalOrAbsent(mine[key], their[key]) {
                walk.difference(pointer.appending(name).appending(key), "\(key) differs", expected: mine[key], actual: their[key])
            }
            for (flow, settings) in mine["flows"]?.objectValue ?? JSONObject() {
                let place = pointer.appending(name).appending("flows").appending(flow)
                guard let counterpart = their["flows"]?[flow] else {
                    walk.difference(place, "the target's scheme has no \(flow) flow")
                    continue
                }
                for key in ["tokenUrl", "authorizationUrl", "refreshUrl", "scopes"] where !equalOrAbsent(settings[key], counterpart[key]) {
                    walk.difference(place.appending(key), "\(key) differs", expected: settings[key], actual: counterpart[key])
                }
            }
        }
    }
}

import JSONCore

/// Values for a JSON schema, as `contract init` writes them into scripts: a valid one (unique where a
/// string allows it, so re-runs do not collide), and for each bound the schema states, one just past it.
struct SchemaValues {
    let spec: OpenAPISpec

    /// What a sample `{{$unique}}` renders to, for checking a candidate against a pattern.
    static let uniqueSample = "r1a2b3c4d5-12"

    /// A valid value, or nil when none could be found (a pattern no candidate matches).
    func valid(_ schema: JSONValue, name: String) -> JSONValue? {
        let schema = concrete(schema)
        if let values = schema["enum"]?.arrayValue, let first = values.first { return first }
        if let constant = schema["const"] { return constant }
        switch Self.type(of: schema) {
        case "string": return validString(schema, name: name).map(JSONValue.string)
        case "integer":
            let minimum = schema["minimum"]?.numberValue?.int64 ?? schema["exclusiveMinimum"]?.numberValue?.int64.map { $0 + 1 }
            let maximum = schema["maximum"]?.numberValue?.int64 ?? schema["exclusiveMaximum"]?.numberValue?.int64.map { $0 - 1 }
            var value: Int64 = max(1, minimum ?? 1)
            if let maximum, value > maximum { value = maximum }
            return .integer(value)
        case "number":
            let minimum = schema["minimum"]?.numberValue?.double ?? schema["exclusiveMinimum"]?.numberValue.map { $0.double + 0.5 }
            let maximum = schema["maximum"]?.numberValue?.double ?? schema["exclusiveMaximum"]?.numberValue.map { $0.double - 0.5 }
            var value = max(1.0, minimum ?? 1.0)
            if let maximum, value > maximum { value = (minimum ?? 0) + (maximum - (minimum ?? 0)) / 2 }
            return .float(value)
        case "boolean": return true
        case "array":
            let count = schema["minItems"]?.numberValue?.int64 ?? 0
            guard count > 0 else { return .array([]) }
            guard let item = valid(schema["items"] ?? .bool(true), name: name) else { return nil }
            return .array(Array(repeating: item, count: Int(min(count, 10))))
        case "object": return object(schema)
        default: return nil
        }
    }

    /// An object with every required property, and the optional ones that are plain values (not references
    /// to other resources, whose ids a script cannot know).
    func object(_ schema: JSONValue) -> JSONValue? {
        let schema = concrete(schema)
        let required = Set(schema["required"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        var object = JSONObject()
        for (name, property) in schema["properties"]?.objectValue ?? JSONObject() {
            let isReference = name.hasSuffix("_id") || name.hasSuffix("_ids") || name == "id"
            guard required.contains(name) || !isReference else { continue }
            guard let value = valid(property, name: name) else {
                if required.contains(name) { return nil }
                continue
            }
            object[name] = value
        }
        return .object(object)
    }

    /// One value just past each bound of a schema, with what it breaks.
    func pastBounds(_ schema: JSONValue) -> [(value: JSONValue, what: String)] {
        let schema = concrete(schema)
        var found: [(JSONValue, String)] = []
        switch Self.type(of: schema) {
        case "string":
            if let maximum = schema["maxLength"]?.numberValue?.int64, maximum < 100_000 {
                found.append((.string(String(repeating: "x", count: Int(maximum) + 1)), "longer than maxLength \(maximum)"))
            }
            if let minimum = schema["minLength"]?.numberValue?.int64, minimum > 0 {
                found.append((.string(String(repeating: "x", count: Int(minimum) - 1)), "shorter than minLength \(minimum)"))
            }
            if case .string(let pattern)? = schema["pattern"] {
                if let miss = ["!!", "", " ", "@@@"].first(where: { !RegexCache.matches(pattern, $0) }) {
                    found.append((.string(miss), "not matching the pattern"))
                }
            }
            found.append((.integer(12), "a number where a string goes"))
        case "integer", "number":
            let isInteger = Self.type(of: schema) == "integer"
            func number(_ value: Double) -> JSONValue { isInteger ? .integer(Int64(value)) : .float(value) }
            if let maximum = schema["maximum"]?.numberValue?.double { found.append((number(maximum + 1), "above maximum")) }
            if let maximum = schema["exclusiveMaximum"]?.numberValue?.double { found.append((number(maximum), "at exclusiveMaximum")) }
            if let minimum = schema["minimum"]?.numberValue?.double { found.append((number(minimum - 1), "below minimum")) }
            if let minimum = schema["exclusiveMinimum"]?.numberValue?.double { found.append((number(minimum), "at exclusiveMinimum")) }
            found.append((.string("not a number"), "text where a number goes"))
        case "boolean":
            found.append((.string("maybe"), "text where a boolean goes"))
        case "array":
            found.append((.string("not a list"), "text where a list goes"))
        default:
            break
        }
        return found
    }

    /// The schema with `$ref`s followed and an optional (`anyOf` with null) unwrapped.
    func concrete(_ schema: JSONValue) -> JSONValue {
        var current = spec.resolved(schema)
        for _ in 0..<8 {
            guard case .array(let options)? = current["anyOf"] ?? current["oneOf"] else { break }
            guard let chosen = options.map(spec.resolved).first(where: { $0["type"] != "null" }) else { break }
            var merged = chosen.objectValue ?? JSONObject()
            // Keys beside the anyOf (a format, a default) belong to the chosen alternative too.
            for (key, value) in current.objectValue ?? JSONObject() where key != "anyOf" && key != "oneOf" && merged[key] == nil {
                merged[key] = value
            }
            current = .object(merged)
        }
        return current
    }

    static func type(of schema: JSONValue) -> String? {
        if case .string(let type)? = schema["type"] { return type }
        if let types = schema["type"]?.arrayValue?.compactMap(\.stringValue) { return types.first { $0 != "null" } }
        if schema["properties"] != nil { return "object" }
        return nil
    }

    private func validString(_ schema: JSONValue, name: String) -> String? {
        let minimum = Int(schema["minLength"]?.numberValue?.int64 ?? 0)
        let maximum = schema["maxLength"]?.numberValue?.int64.map(Int.init) ?? Int.max
        switch schema["format"]?.stringValue {
        case "date-time": return "2026-01-01T00:00:00Z"
        case "date": return "2026-01-01"
        case "email": return "\(name)-{{$unique}}@example.com"
        case "uuid": return "123e4567-e89b-12d3-a456-426614174000"
        default: break
        }
        let base = name.replacingOccurrences(of: "_", with: "-")
        var candidates = ["\(base)-{{$unique}}", "{{$unique}}", "\(base)1", base, "abc", "a1", "test-1", "x"]
        if minimum > 0 { candidates.append(String(repeating: "x", count: minimum)) }
        let pattern = schema["pattern"]?.stringValue
        if let sample = pattern.flatMap(PatternSample.generate) {
            // A value built from the pattern itself, unique when the pattern lets it be.
            candidates.insert(contentsOf: [sample + "{{$unique}}", sample], at: 0)
        }
        return candidates.first { candidate in
            let rendered = candidate.replacingOccurrences(of: "{{$unique}}", with: Self.uniqueSample)
            let length = rendered.unicodeScalars.count
            return length >= minimum && length <= maximum && pattern.map { RegexCache.matches($0, rendered) } != false
        }
    }
}

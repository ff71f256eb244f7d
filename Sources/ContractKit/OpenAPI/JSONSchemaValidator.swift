import Foundation
import JSONCore

/// JSON Schema 2020-12 validation, for the keywords FastAPI's documents use: `$ref`, `anyOf`, `allOf`,
/// `oneOf`, `not`, `type`, `enum`, `const`, `format` (date-time, date, email and uuid asserted), `pattern`,
/// string lengths, numeric bounds, `required`, `properties`, `additionalProperties`, `items`,
/// `prefixItems` and array lengths. A response body is checked against its operation's schema with it.
public struct JSONSchemaValidator: Sendable {
    /// The document `$ref`s resolve in (an OpenAPI document, or the schema itself).
    public let document: JSONValue
    /// Whether `format` is an assertion (true) or only an annotation, as 2020-12 allows either.
    public var assertsFormats = true

    public init(document: JSONValue) { self.document = document }

    /// One way a value breaks a schema.
    public struct Violation: Sendable, Equatable, CustomStringConvertible {
        /// Where in the value.
        public let path: JSONPath
        /// The keyword that fails, as a pointer into the document (`/components/schemas/Token/required`).
        public let schemaPointer: JSONPointer
        public let message: String

        public var description: String { "\(path): \(message) (\(schemaPointer))" }
    }

    /// Every violation of `schema` (found at `pointer` in the document) by `value`; empty when it is valid.
    public func violations(of value: JSONValue, against schema: JSONValue, at pointer: JSONPointer = JSONPointer()) -> [Violation] {
        var state = Walk()
        return check(value, schema, pointer, .root, &state)
    }

    /// Refs being followed on the current branch, to stop a `$ref` that leads back to itself without
    /// consuming any of the value, and a depth bound for anything else pathological.
    private struct Walk {
        var following: Set<String> = []
        var depth = 0
    }

    private func check(_ value: JSONValue, _ schema: JSONValue, _ pointer: JSONPointer, _ path: JSONPath, _ walk: inout Walk) -> [Violation] {
        func fail(_ keyword: String, _ message: String) -> [Violation] {
            [Violation(path: path, schemaPointer: pointer.appending(keyword), message: message)]
        }
        guard walk.depth < 256 else { return fail("", "the schema nests deeper than 256 levels here") }
        walk.depth += 1
        defer { walk.depth -= 1 }

        let object: JSONObject
        switch schema {
        case .bool(true): return []
        case .bool(false): return [Violation(path: path, schemaPointer: pointer, message: "no value is allowed here (schema false)")]
        case .object(let members): object = members
        default: return [Violation(path: path, schemaPointer: pointer, message: "the schema is not an object or a boolean")]
        }

        var found: [Violation] = []
        if case .string(let reference)? = object["$ref"] {
            let key = "\(reference) @ \(path)"
            if walk.following.contains(key) {
                found += fail("$ref", "\(reference) leads back to itself without reading any of the value")
            } else if let target = JSONPointer(parsing: reference), reference.hasPrefix("#"), let resolved = target.resolve(in: document) {
                walk.following.insert(key)
                found += check(value, resolved, target, path, &walk)
                walk.following.remove(key)
            } else {
                found += fail("$ref", "\(reference) names nothing in the document")
            }
        }
        // Any keyword below reads a part of the value (or none), so refs under it start afresh.
        if case .array(let options)? = object["anyOf"] {
            let results = options.enumerated().map { check(value, $0.element, pointer.appending("anyOf").appending($0.offset), path, &walk) }
            if !results.contains(where: \.isEmpty) {
                found += fail("anyOf", "matches none of the \(options.count) alternatives" + Self.closest(results))
            }
        }
        if case .array(let options)? = object["oneOf"] {
            let results = options.enumerated().map { check(value, $0.element, pointer.appending("oneOf").appending($0.offset), path, &walk) }
            let matching = results.filter(\.isEmpty).count
            if matching != 1 {
                found += fail(
                    "oneOf",
                    matching == 0
                        ? "matches none of the \(options.count) alternatives" + Self.closest(results)
                        : "matches \(matching) alternatives, not exactly one")
            }
        }
        if case .array(let parts)? = object["allOf"] {
            for (index, part) in parts.enumerated() { found += check(value, part, pointer.appending("allOf").appending(index), path, &walk) }
        }
        if let negated = object["not"], check(value, negated, pointer.appending("not"), path, &walk).isEmpty {
            found += fail("not", "matches the schema it must not match")
        }
        if let type = object["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if !names.contains(where: { Self.hasType(value, $0) }) {
                found += fail("type", "is \(Self.typeName(value)), not \(names.joined(separator: " or "))")
            }
        }
        if case .array(let allowed)? = object["enum"], !allowed.contains(where: { Self.equal($0, value) }) {
            found += fail("enum", "is not one of \(JSONWriter.compact(.array(allowed)))")
        }
        if let constant = object["const"], !Self.equal(constant, value) {
            found += fail("const", "is not \(JSONWriter.compact(constant))")
        }
        switch value {
        case .string(let text): found += checkString(text, object, fail)
        case .number(let number): found += checkNumber(number, object, fail)
        case .array(let items): found += checkArray(items, object, pointer, path, &walk, fail)
        case .object(let members): found += checkObject(members, object, pointer, path, &walk, fail)
        default: break
        }
        return found
    }

    private func checkString(_ text: String, _ schema: JSONObject, _ fail: (String, String) -> [Violation]) -> [Violation] {
        var found: [Violation] = []
        let length = text.unicodeScalars.count
        if let minimum = schema["minLength"]?.numberValue?.int64, length < minimum {
            found += fail("minLength", "has \(length) characters, fewer than \(minimum)")
        }
        if let maximum = schema["maxLength"]?.numberValue?.int64, length > maximum {
            found += fail("maxLength", "has \(length) characters, more than \(maximum)")
        }
        if case .string(let pattern)? = schema["pattern"] {
            if !RegexCache.isValid(pattern) {
                found += fail("pattern", "the pattern \(JSONWriter.compact(.string(pattern))) is not a valid regular expression")
            } else if !RegexCache.matches(pattern, text) {
                found += fail("pattern", "does not match \(JSONWriter.compact(.string(pattern)))")
            }
        }
        if assertsFormats, case .string(let format)? = schema["format"], !Self.hasFormat(text, format) {
            found += fail("format", "is not a valid \(format)")
        }
        return found
    }

    private func checkNumber(_ number: JSONNumber, _ schema: JSONObject, _ fail: (String, String) -> [Violation]) -> [Violation] {
        var found: [Violation] = []
        func bound(_ keyword: String, _ holds: (JSONNumber.Order) -> Bool, _ words: String) {
            guard let limit = schema[keyword]?.numberValue else { return }
            let order = number.compare(to: limit)
            if !holds(order) { found += fail(keyword, "\(number.text) is \(words) \(limit.text)") }
        }
        bound("minimum", { $0 == .greater || $0 == .equal }, "less than")
        bound("maximum", { $0 == .less || $0 == .equal }, "greater than")
        bound("exclusiveMinimum", { $0 == .greater }, "not greater than")
        bound("exclusiveMaximum", { $0 == .less }, "not less than")
        if let divisor = schema["multipleOf"]?.numberValue?.double, divisor > 0 {
            let quotient = number.double / divisor
            if quotient.isFinite && abs(quotient - quotient.rounded()) > 1e-9 {
                found += fail("multipleOf", "\(number.text) is not a multiple of \(divisor)")
            }
        }
        return found
    }

    private func checkArray(
        _ items: [JSONValue], _ schema: JSONObject, _ pointer: JSONPointer, _ path: JSONPath, _ walk: inout Walk,
        _ fail: (String, String) -> [Violation]
    ) -> [Violation] {
        var found: [Violation] = []
        if let minimum = schema["minItems"]?.numberValue?.int64, items.count < minimum {
            found += fail("minItems", "has \(items.count) items, fewer than \(minimum)")
        }
        if let maximum = schema["maxItems"]?.numberValue?.int64, items.count > maximum {
            found += fail("maxItems", "has \(items.count) items, more than \(maximum)")
        }
        if schema["uniqueItems"] == .bool(true) {
            for index in items.indices where items[..<index].contains(where: { Self.equal($0, items[index]) }) {
                found += fail("uniqueItems", "item \(index) repeats an earlier item")
                break
            }
        }
        var prefix = 0
        if case .array(let prefixSchemas)? = schema["prefixItems"] {
            prefix = prefixSchemas.count
            for (index, item) in zip(prefixSchemas.indices, items) {
                found += check(item, prefixSchemas[index], pointer.appending("prefixItems").appending(index), path.appending(index), &walk)
            }
        }
        if let itemSchema = schema["items"] {
            for index in items.indices.dropFirst(prefix) {
                found += check(items[index], itemSchema, pointer.appending("items"), path.appending(index), &walk)
            }
        }
        return found
    }

    private func checkObject(
        _ members: JSONObject, _ schema: JSONObject, _ pointer: JSONPointer, _ path: JSONPath, _ walk: inout Walk,
        _ fail: (String, String) -> [Violation]
    ) -> [Violation] {
        var found: [Violation] = []
        if case .array(let required)? = schema["required"] {
            let missing = required.compactMap(\.stringValue).filter { !members.contains($0) }
            if !missing.isEmpty { found += fail("required", "lacks " + missing.map { "\"\($0)\"" }.joined(separator: ", ")) }
        }
        if let minimum = schema["minProperties"]?.numberValue?.int64, members.count < minimum {
            found += fail("minProperties", "has \(members.count) members, fewer than \(minimum)")
        }
        if let maximum = schema["maxProperties"]?.numberValue?.int64, members.count > maximum {
            found += fail("maxProperties", "has \(members.count) members, more than \(maximum)")
        }
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        for (key, member) in members {
            if let propertySchema = properties[key] {
                found += check(member, propertySchema, pointer.appending("properties").appending(key), path.appending(key), &walk)
            } else if let additional = schema["additionalProperties"] {
                if additional == .bool(false) {
                    found += [
                        Violation(
                            path: path.appending(key), schemaPointer: pointer.appending("additionalProperties"),
                            message: "is not a property the schema allows")
                    ]
                } else {
                    found += check(member, additional, pointer.appending("additionalProperties"), path.appending(key), &walk)
                }
            }
        }
        return found
    }

    // MARK: Vocabulary

    /// The JSON Schema types: `integer` is any number with no fraction (`1.0` is one).
    static func hasType(_ value: JSONValue, _ type: String) -> Bool {
        switch (type, value) {
        case ("null", .null), ("boolean", .bool), ("string", .string), ("array", .array), ("object", .object), ("number", .number): return true
        case ("integer", .number(let number)): return number.isInteger || (number.double.isFinite && number.double == number.double.rounded())
        default: return false
        }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number(let number): return hasType(value, "integer") ? "an integer (\(number.text))" : "a number (\(number.text))"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }

    /// JSON Schema equality: numbers by value (`1` equals `1.0`), strings by code point, objects whatever their order.
    static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.number(let x), .number(let y)): return x.compare(to: y) == .equal
        case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case (.object(let x), .object(let y)):
            return x.count == y.count && x.allSatisfy { member in y[member.key].map { equal(member.value, $0) } ?? false }
        default: return a == b
        }
    }

    static func hasFormat(_ text: String, _ format: String) -> Bool {
        switch format {
        case "date-time": return Ordering.instant(text) != nil
        case "date": return RegexCache.matches(#"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"#, text)
        case "email": return RegexCache.matches(#"^[^@\s]+@[^@\s]+$"#, text)
        case "uuid": return RegexCache.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", text)
        default: return true  // an unknown format (and "password") asserts nothing
        }
    }

    /// The fewest violations among failed alternatives, as a hint of what was meant.
    private static func closest(_ results: [[Violation]]) -> String {
        guard let best = results.min(by: { $0.count < $1.count }), let first = best.first else { return "" }
        return "; closest: \(first.message)"
    }
}

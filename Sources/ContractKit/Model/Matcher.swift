import JSONCore

/// An expected value: literals, strict objects, ordered arrays, and the matchers of `fixtures/README.md`.
public indirect enum Matcher: Sendable {
    case literal(JSONValue)
    /// A string with `{{…}}` in it, rendered when matched; an exact `{{name}}` keeps the value's type.
    case template(String)
    case object([(key: String, matcher: Matcher)], strict: Bool)
    case array([Matcher])
    case integer, number, string, boolean, datetime, jwt, uuid, any
    case regex(String)
    case type(JSONValue)
    case nullable(Matcher)
    case eachLike(Matcher, min: Int?, max: Int?)
    case anyOrder([Matcher])
    case contains([Matcher])
    case oneOf([Matcher])
    case ref(String)
    /// The value stands in this relation to another (a literal, or a template such as `{{agent.created_at}}`).
    case relation(Relation, JSONValue)
    /// An array whose elements are ordered by these keys (the first decides, the next break ties).
    case sortedBy([SortKey])
    /// A JWT whose decoded header and payload match these, and whose `exp` lies `lifetime` seconds after its `iat`.
    case jwtParts(header: Matcher?, payload: Matcher?, lifetime: Int64?)

    /// How a value must compare with another.
    public enum Relation: String, Sendable, CaseIterable {
        case after = "$after", before = "$before", atLeast = "$atLeast", atMost = "$atMost", notEqual = "$notEqual"
    }

    /// One key of a `$sortedBy` order: `created_at` ascending, `-created_at` descending.
    public struct SortKey: Sendable, Equatable {
        public let key: String
        public let descending: Bool

        var text: String { (descending ? "-" : "") + key }
    }

    /// The shorthand strings (`"$integer"`) and their matchers.
    static let shorthands: [String: Matcher] = [
        "$integer": .integer, "$number": .number, "$string": .string, "$boolean": .boolean,
        "$datetime": .datetime, "$jwt": .jwt, "$uuid": .uuid, "$any": .any,
    ]

    /// The matcher keys of object matchers.
    static let objectKeys: Set<String> = Set(
        ["$regex", "$type", "$jwt", "$nullable", "$eachLike", "$anyOrder", "$contains", "$oneOf", "$ref", "$literal", "$sortedBy"]
            + Relation.allCases.map(\.rawValue))

    /// The matcher as a fixture writes it, for machine-readable reports.
    public var fixtureJSON: JSONValue {
        switch self {
        case .literal(let value):
            if case .string(let text) = value, text.hasPrefix("$") { return ["$literal": value] }
            if case .object = value { return ["$literal": value] }
            return value
        case .template(let text): return .string(text)
        case .object(let members, let strict):
            var object = JSONObject(members.map { ($0.key, $0.matcher.fixtureJSON) })
            if !strict { object["$strict"] = false }
            return .object(object)
        case .array(let items): return .array(items.map(\.fixtureJSON))
        case .integer, .number, .string, .boolean, .datetime, .jwt, .uuid, .any: return .string(summary)
        case .regex(let pattern): return ["$regex": .string(pattern)]
        case .type(let example): return ["$type": example]
        case .nullable(let inner): return ["$nullable": inner.fixtureJSON]
        case .eachLike(let inner, let minimum, let maximum):
            var object = JSONObject([("$eachLike", inner.fixtureJSON)])
            if let minimum { object["min"] = .integer(minimum) }
            if let maximum { object["max"] = .integer(maximum) }
            return .object(object)
        case .anyOrder(let items): return ["$anyOrder": .array(items.map(\.fixtureJSON))]
        case .contains(let items): return ["$contains": .array(items.map(\.fixtureJSON))]
        case .oneOf(let items): return ["$oneOf": .array(items.map(\.fixtureJSON))]
        case .ref(let name): return ["$ref": .string(name)]
        case .relation(let relation, let other): return .object(JSONObject([(relation.rawValue, other)]))
        case .sortedBy(let keys): return ["$sortedBy": .string(keys.map(\.text).joined(separator: ","))]
        case .jwtParts(let header, let payload, let lifetime):
            var parts = JSONObject()
            if let header { parts["header"] = header.fixtureJSON }
            if let payload { parts["payload"] = payload.fixtureJSON }
            if let lifetime { parts["lifetime"] = .integer(lifetime) }
            return ["$jwt": .object(parts)]
        }
    }

    /// What a mismatch against this matcher expected: the literal itself, or the matcher.
    var expected: Mismatch.Expected {
        if case .literal(let value) = self { return .value(value) }
        return .matcher(fixtureJSON, summary: summary)
    }

    /// How the matcher reads in a failure report.
    public var summary: String {
        switch self {
        case .literal(let value): return JSONWriter.compact(value)
        case .template(let text): return JSONWriter.compact(.string(text))
        case .object: return "an object"
        case .array(let items): return "an array of \(items.count)"
        case .integer: return "$integer"
        case .number: return "$number"
        case .string: return "$string"
        case .boolean: return "$boolean"
        case .datetime: return "$datetime"
        case .jwt: return "$jwt"
        case .uuid: return "$uuid"
        case .any: return "$any"
        case .regex(let pattern): return "$regex \(JSONWriter.compact(.string(pattern)))"
        case .type(let example): return "$type \(example.typeName)"
        case .nullable(let inner): return "$nullable(\(inner.summary))"
        case .eachLike(let inner, _, _): return "$eachLike(\(inner.summary))"
        case .anyOrder(let items): return "$anyOrder of \(items.count)"
        case .contains(let items): return "$contains \(items.count)"
        case .oneOf(let options): return "$oneOf(" + options.map(\.summary).joined(separator: " | ") + ")"
        case .ref(let name): return "$ref \(name)"
        case .relation(let relation, let other): return "\(relation.rawValue) \(JSONWriter.compact(other))"
        case .sortedBy(let keys): return "$sortedBy \(keys.map(\.text).joined(separator: ","))"
        case .jwtParts: return "$jwt with these claims"
        }
    }
}

/// A JSON document as Python's `json` module sees it: integers and floats stay distinct,
/// object keys keep their first-insertion order, and a repeated key keeps its last value.
/// Strings are equal when their code points are, as in Python (Swift's `==` would equate NFC and NFD).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return CodePoints(a) == CodePoints(b)
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)): return a == b
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let value):
            hasher.combine(1)
            hasher.combine(value)
        case .number(let value):
            hasher.combine(2)
            hasher.combine(value)
        case .string(let value):
            hasher.combine(3)
            hasher.combine(CodePoints(value))
        case .array(let value):
            hasher.combine(4)
            hasher.combine(value)
        case .object(let value):
            hasher.combine(5)
            hasher.combine(value)
        }
    }
}

extension JSONValue {
    public static func integer(_ value: Int64) -> JSONValue { .number(JSONNumber(value)) }
    public static func integer(_ value: Int) -> JSONValue { .number(JSONNumber(Int64(value))) }
    public static func float(_ value: Double) -> JSONValue { .number(JSONNumber(float: value)) }

    public var isNull: Bool { if case .null = self { return true } else { return false } }

    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { return b } else { return nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { return a } else { return nil } }
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }

    /// The member `key` of an object, or nil for anything else.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// A short name of the JSON type, for error messages ("object", "array", "string", …).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number(let n): return n.isInteger ? "integer" : "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(nilLiteral: ()) { self = .null }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var object = JSONObject()
        for (key, value) in elements { object[key] = value }
        self = .object(object)
    }
}

extension JSONValue {
    /// Stands in for a lone surrogate (`"\ud800"`), which Python strings hold but Swift strings cannot.
    /// U+FDD0 is a noncharacter, reserved by Unicode for exactly this kind of internal use.
    public static let loneSurrogateMarker: Unicode.Scalar = Unicode.Scalar(0xFDD0 as UInt32) ?? "\u{FFFD}"

    /// True when a string or key anywhere in the value held a lone surrogate.
    public var containsLoneSurrogate: Bool {
        switch self {
        case .string(let text): return text.unicodeScalars.contains(Self.loneSurrogateMarker)
        case .array(let items): return items.contains { $0.containsLoneSurrogate }
        case .object(let object):
            return object.contains { $0.key.unicodeScalars.contains(Self.loneSurrogateMarker) || $0.value.containsLoneSurrogate }
        default: return false
        }
    }
}

extension JSONValue: CustomStringConvertible {
    /// Compact JSON, as Python's `json.dumps(separators=(",", ":"), ensure_ascii=False)` writes it.
    public var description: String { JSONWriter.compact(self) }
}

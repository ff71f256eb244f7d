import Crypto
import Foundation
import JSONCore

/// Compares a response value with a fixture's matcher and lists every difference.
public struct JSONMatching {
    public let scope: TemplateScope

    public init(scope: TemplateScope) { self.scope = scope }

    public func mismatches(_ matcher: Matcher, _ actual: JSONValue, at path: String = "$") -> [Mismatch] {
        func fail(_ note: String) -> [Mismatch] {
            [Mismatch(path: path, expected: matcher.summary, actual: actual, note: note)]
        }
        switch matcher {
        case .literal(let expected):
            return Self.equal(expected, actual) ? [] : fail("different value")
        case .template(let text):
            do {
                let expected = try scope.render(text)
                return Self.equal(expected, actual) ? []
                    : [Mismatch(path: path, expected: JSONWriter.compact(expected), actual: actual, note: "different value")]
            } catch {
                return fail("cannot render the expectation: \(error.description)")
            }
        case .object(let members, let strict):
            guard case .object(let object) = actual else { return fail("expected an object, got \(actual.typeName)") }
            var found: [Mismatch] = []
            for (key, member) in members {
                let childPath = Self.child(path, key)
                if let value = object[key] {
                    found += mismatches(member, value, at: childPath)
                } else {
                    found.append(Mismatch(path: childPath, expected: member.summary, actual: nil, note: "missing key"))
                }
            }
            if strict {
                let expectedKeys = Set(members.map(\.key))
                for (key, value) in object where !expectedKeys.contains(key) {
                    found.append(Mismatch(path: Self.child(path, key), expected: "no such key", actual: value,
                                          note: "unexpected key (add it to the fixture, or \"$strict\": false)"))
                }
            }
            return found
        case .array(let items):
            guard case .array(let elements) = actual else { return fail("expected an array, got \(actual.typeName)") }
            var found: [Mismatch] = []
            for (index, pair) in zip(items, elements).enumerated() {
                found += mismatches(pair.0, pair.1, at: path + "[\(index)]")
            }
            if elements.count > items.count {
                for index in items.count..<elements.count {
                    found.append(Mismatch(path: path + "[\(index)]", expected: "no element", actual: elements[index],
                                          note: "unexpected element (expected \(items.count), got \(elements.count))"))
                }
            } else if items.count > elements.count {
                for index in elements.count..<items.count {
                    found.append(Mismatch(path: path + "[\(index)]", expected: items[index].summary, actual: nil,
                                          note: "missing element (expected \(items.count), got \(elements.count))"))
                }
            }
            return found
        case .integer:
            if case .number(let number) = actual, number.isInteger { return [] }
            return fail("not an integer")
        case .number:
            if case .number = actual { return [] }
            return fail("not a number")
        case .string:
            if case .string = actual { return [] }
            return fail("not a string")
        case .boolean:
            if case .bool = actual { return [] }
            return fail("not a boolean")
        case .datetime:
            if case .string(let text) = actual, Self.isRFC3339(text) { return [] }
            return fail("not an RFC 3339 timestamp with a Z or an offset")
        case .jwt:
            if case .string(let text) = actual, Self.isJWT(text) { return [] }
            return fail("not a JWT")
        case .uuid:
            if case .string(let text) = actual,
               RegexCache.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", text) { return [] }
            return fail("not a UUID")
        case .any:
            return []
        case .regex(let pattern):
            guard case .string(let text) = actual else { return fail("not a string") }
            return RegexCache.matches(pattern, text) ? [] : fail("does not match the pattern")
        case .type(let example):
            return Self.sameType(example, actual) ? [] : fail("expected a \(Self.jsonType(example)), got \(Self.jsonType(actual))")
        case .nullable(let inner):
            return actual.isNull ? [] : mismatches(inner, actual, at: path)
        case .eachLike(let inner, let minimum, let maximum):
            guard case .array(let elements) = actual else { return fail("expected an array, got \(actual.typeName)") }
            if let minimum, elements.count < minimum { return fail("expected at least \(minimum) elements, got \(elements.count)") }
            if let maximum, elements.count > maximum { return fail("expected at most \(maximum) elements, got \(elements.count)") }
            return elements.enumerated().flatMap { mismatches(inner, $0.element, at: path + "[\($0.offset)]") }
        case .anyOrder(let items):
            guard case .array(let elements) = actual else { return fail("expected an array, got \(actual.typeName)") }
            guard elements.count == items.count else { return fail("expected \(items.count) elements in any order, got \(elements.count)") }
            return assignment(items, elements) ? [] : fail("the elements differ (order aside)")
        case .contains(let items):
            guard case .array(let elements) = actual else { return fail("expected an array, got \(actual.typeName)") }
            return assignment(items, elements) ? [] : fail("does not contain every expected element")
        case .oneOf(let options):
            return options.contains { mismatches($0, actual, at: path).isEmpty } ? [] : fail("matches none of the alternatives")
        case .ref(let name):
            guard let expected = scope.variables[name] else { return fail("nothing was captured as \(name)") }
            return Self.equal(expected, actual) ? []
                : [Mismatch(path: path, expected: "$ref \(name) = \(JSONWriter.compact(expected))", actual: actual, note: "different value")]
        }
    }

    /// True when each matcher can be paired with its own distinct element (augmenting-path matching).
    private func assignment(_ matchers: [Matcher], _ elements: [JSONValue]) -> Bool {
        var fits: [[Int]] = []
        for matcher in matchers {
            fits.append(elements.indices.filter { mismatches(matcher, elements[$0]).isEmpty })
        }
        var owner = [Int?](repeating: nil, count: elements.count)
        func place(_ matcher: Int, _ seen: inout Set<Int>) -> Bool {
            for element in fits[matcher] where !seen.contains(element) {
                seen.insert(element)
                if owner[element] == nil || place(owner[element] ?? 0, &seen) {
                    owner[element] = matcher
                    return true
                }
            }
            return false
        }
        for matcher in matchers.indices {
            var seen = Set<Int>()
            if !place(matcher, &seen) { return false }
        }
        return true
    }

    /// Equality as the wire sees it: numbers must agree in value and in being integer or float.
    public static func equal(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case let (.number(x), .number(y)):
            guard x.isInteger == y.isInteger else { return false }
            return x.isInteger ? x.text == y.text : (x.double == y.double || (x.double.isNaN && y.double.isNaN))
        case let (.array(x), .array(y)):
            return x.count == y.count && zip(x, y).allSatisfy { equal($0, $1) }
        case let (.object(x), .object(y)):
            return x.count == y.count && x.allSatisfy { member in y[member.key].map { equal(member.value, $0) } ?? false }
        case let (.string(x), .string(y)):
            return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        default:
            return a == b
        }
    }

    static func child(_ path: String, _ key: String) -> String {
        let simple = !key.isEmpty && key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0)
            || ("0"..."9").contains($0) || $0 == "_" }
        return simple ? path + "." + key : path + "[" + JSONWriter.compact(.string(key)) + "]"
    }

    static func jsonType(_ value: JSONValue) -> String {
        switch value {
        case .number: return "number"
        default: return value.typeName
        }
    }

    static func sameType(_ a: JSONValue, _ b: JSONValue) -> Bool { jsonType(a) == jsonType(b) }

    /// RFC 3339 date-time: a full date, `T`, a time with optional fraction, and `Z` or an offset.
    static func isRFC3339(_ text: String) -> Bool {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-](\d{2}):(\d{2}))$"#
        guard let regex = RegexCache.regex(pattern),
              let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text))
        else { return false }
        func field(_ index: Int) -> Int? {
            guard let range = Range(match.range(at: index), in: text) else { return nil }
            return Int(text[range])
        }
        guard let month = field(2), let day = field(3), let hour = field(4), let minute = field(5), let second = field(6) else {
            return false
        }
        if let offsetHours = field(9), offsetHours > 23 { return false }
        if let offsetMinutes = field(10), offsetMinutes > 59 { return false }
        return (1...12).contains(month) && (1...31).contains(day) && hour < 24 && minute < 60 && second <= 60
    }

    /// Three base64url segments, the first two decoding to JSON objects.
    static func isJWT(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        for part in parts.prefix(2) {
            guard let bytes = Base64URL.decode(part), case .object? = try? JSONParser.parse(bytes: bytes, options: .python) else {
                return false
            }
        }
        return Base64URL.decode(parts[2]) != nil
    }
}

import Crypto
import Foundation
import JSONCore

/// Compares a response value with a fixture's matcher and lists every difference.
public struct JSONMatching {
    public let scope: TemplateScope

    public init(scope: TemplateScope) { self.scope = scope }

    /// Every difference between `actual` and the matcher; `at` turns a place in the value into a location.
    public func mismatches(
        _ matcher: Matcher, _ actual: JSONValue, at path: JSONPath = .root,
        location: (JSONPath) -> Mismatch.Location = Mismatch.Location.body
    ) -> [Mismatch] {
        func fail(_ kind: Mismatch.Kind) -> [Mismatch] {
            [Mismatch(location(path), kind, expected: matcher.expected, actual: actual)]
        }
        switch matcher {
        case .literal(let expected):
            return Self.equal(expected, actual) ? [] : fail(.differentValue)
        case .template(let text):
            do {
                let expected = try scope.render(text)
                return Self.equal(expected, actual) ? [] : [Mismatch(location(path), .differentValue, expected: .value(expected), actual: actual)]
            } catch {
                return fail(.unrenderable(error.description))
            }
        case .object(let members, let strict):
            guard case .object(let object) = actual else { return fail(.wrongType(expected: "object")) }
            var found: [Mismatch] = []
            for (key, member) in members {
                if let value = object[key] {
                    found += mismatches(member, value, at: path.appending(key), location: location)
                } else {
                    found.append(Mismatch(location(path.appending(key)), .missing, expected: member.expected, actual: nil))
                }
            }
            if strict {
                let expectedKeys = Set(members.map(\.key))
                for (key, value) in object where !expectedKeys.contains(key) {
                    found.append(Mismatch(location(path.appending(key)), .unexpected, expected: .absent, actual: value))
                }
            }
            return found
        case .array(let items):
            guard case .array(let elements) = actual else { return fail(.wrongType(expected: "array")) }
            var found: [Mismatch] = []
            for (index, pair) in zip(items, elements).enumerated() {
                found += mismatches(pair.0, pair.1, at: path.appending(index), location: location)
            }
            if elements.count > items.count {
                for index in items.count..<elements.count {
                    found.append(
                        Mismatch(
                            location(path.appending(index)), .unexpectedElement(expectedCount: items.count, actualCount: elements.count),
                            expected: .absent, actual: elements[index]))
                }
            } else if items.count > elements.count {
                for index in elements.count..<items.count {
                    found.append(
                        Mismatch(
                            location(path.appending(index)), .missingElement(expectedCount: items.count, actualCount: elements.count),
                            expected: items[index].expected, actual: nil))
                }
            }
            return found
        case .integer:
            if case .number(let number) = actual, number.isInteger { return [] }
            return fail(.notMatching(matcher: "$integer"))
        case .number:
            if case .number = actual { return [] }
            return fail(.notMatching(matcher: "$number"))
        case .string:
            if case .string = actual { return [] }
            return fail(.notMatching(matcher: "$string"))
        case .boolean:
            if case .bool = actual { return [] }
            return fail(.notMatching(matcher: "$boolean"))
        case .datetime:
            if case .string(let text) = actual, Self.isRFC3339(text) { return [] }
            return fail(.notMatching(matcher: "$datetime"))
        case .jwt:
            if case .string(let text) = actual, Self.isJWT(text) { return [] }
            return fail(.notMatching(matcher: "$jwt"))
        case .uuid:
            if case .string(let text) = actual,
                RegexCache.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", text)
            {
                return []
            }
            return fail(.notMatching(matcher: "$uuid"))
        case .any:
            return []
        case .regex(let pattern):
            guard case .string(let text) = actual else { return fail(.notMatching(matcher: "$string")) }
            return RegexCache.matches(pattern, text) ? [] : fail(.notMatching(matcher: "$regex"))
        case .type(let example):
            return Self.sameType(example, actual) ? [] : fail(.wrongType(expected: Self.jsonType(example)))
        case .nullable(let inner):
            return actual.isNull ? [] : mismatches(inner, actual, at: path, location: location)
        case .eachLike(let inner, let minimum, let maximum):
            guard case .array(let elements) = actual else { return fail(.wrongType(expected: "array")) }
            if let minimum, elements.count < minimum { return fail(.tooFew(minimum: minimum, actual: elements.count)) }
            if let maximum, elements.count > maximum { return fail(.tooMany(maximum: maximum, actual: elements.count)) }
            return elements.enumerated().flatMap { mismatches(inner, $0.element, at: path.appending($0.offset), location: location) }
        case .anyOrder(let items):
            guard case .array(let elements) = actual else { return fail(.wrongType(expected: "array")) }
            guard elements.count == items.count else { return fail(.wrongCount(expected: items.count, actual: elements.count)) }
            return assignment(items, elements) ? [] : fail(.elementsDiffer)
        case .contains(let items):
            guard case .array(let elements) = actual else { return fail(.wrongType(expected: "array")) }
            return assignment(items, elements) ? [] : fail(.elementsMissing)
        case .oneOf(let options):
            return options.contains { mismatches($0, actual).isEmpty } ? [] : fail(.noAlternative)
        case .relation(let relation, let template):
            let other: JSONValue
            do {
                other = try scope.render(json: template)
            } catch {
                return fail(.unrenderable(error.description))
            }
            let order = Ordering.compare(actual, other)
            let holds: Bool
            switch relation {
            case .after: holds = order == .greater
            case .before: holds = order == .less
            case .atLeast: holds = order == .greater || order == .equal
            case .atMost: holds = order == .less || order == .equal
            case .notEqual: holds = !Self.equal(actual, other)
            }
            return holds
                ? []
                : [
                    Mismatch(
                        location(path), .relationFails,
                        expected: .matcher(matcher.fixtureJSON, summary: "\(relation.rawValue) \(JSONWriter.compact(other))"), actual: actual)
                ]
        case .sortedBy(let keys):
            guard case .array(let elements) = actual else { return fail(.wrongType(expected: "array")) }
            for index in elements.indices.dropFirst() {
                if !Self.inOrder(elements[index - 1], elements[index], by: keys) {
                    return [Mismatch(location(path.appending(index)), .outOfOrder, expected: matcher.expected, actual: actual)]
                }
            }
            return []
        case .jwtParts(let header, let payload, let lifetime):
            guard case .string(let text) = actual, Self.isJWT(text) else { return fail(.notMatching(matcher: "$jwt")) }
            let segments = text.split(separator: ".", omittingEmptySubsequences: false)
            var found: [Mismatch] = []
            for (name, part, segment) in [("$header", header, segments[0]), ("$payload", payload, segments[1])] {
                guard let part, let bytes = Base64URL.decode(segment), let decoded = try? JSONParser.parse(bytes: bytes, options: .python) else {
                    continue
                }
                found += mismatches(part, decoded, at: path.appending(name), location: location)
            }
            if let lifetime {
                let claims = TokenTampering.claims(text)
                let issued = claims?["iat"]?.numberValue?.int64
                let expires = claims?["exp"]?.numberValue?.int64
                if let issued, let expires {
                    let (due, overflow) = issued.addingReportingOverflow(lifetime)
                    if overflow || expires != due {
                        found.append(
                            Mismatch(
                                location(path.appending("$payload").appending("exp")), .differentValue,
                                expected: .value(overflow ? .string("iat + \(lifetime)") : .integer(due)), actual: .integer(expires)))
                    }
                } else {
                    found.append(
                        Mismatch(
                            location(path.appending("$payload").appending(issued == nil ? "iat" : "exp")), .missing,
                            expected: .matcher("$integer", summary: "an integer time, for the \(lifetime) s lifetime"), actual: nil))
                }
            }
            return found
        case .ref(let name):
            guard let expected = scope.variables[name] else { return fail(.nothingCaptured(name: name)) }
            return Self.equal(expected, actual) ? [] : [Mismatch(location(path), .differentValue, expected: .value(expected), actual: actual)]
        }
    }

    /// Whether `a` may come before `b` under `keys`: the first key that differs decides.
    static func inOrder(_ a: JSONValue, _ b: JSONValue, by keys: [Matcher.SortKey]) -> Bool {
        for key in keys {
            guard let x = a[key.key], let y = b[key.key] else { return false }
            switch Ordering.compare(x, y) {
            case .equal: continue
            case .less: return !key.descending
            case .greater: return key.descending
            case .unordered: return false
            }
        }
        return true
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

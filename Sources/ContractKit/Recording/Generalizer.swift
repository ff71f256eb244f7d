import Foundation
import JSONCore

/// Turns what a target answered (twice, on fresh actors) into what a person would have written:
/// ids as captures or `$integer`, timestamps as `$datetime`, tokens as `$jwt`, actor values as
/// `{{alice.id}}`, values that differ between the passes as type matchers, everything stable literal.
struct Generalizer {
    /// Variables of the first and second pass at this step (captures and actor properties), in the same order.
    let first: [String: JSONValue]
    let second: [String: JSONValue]
    /// JSON paths of this step's response that become captures (their values vary by nature).
    let capturedPaths: Set<String>
    /// Variables the step's path names: a response `id` equal to one of them is that resource.
    let pathVariables: Set<String>
    /// Captured ids (`{{agent}}` from `$.id`) and the members of the object they came from: an object
    /// elsewhere with the same members and the same id in both passes is that resource (a list shows it).
    let resources: [String: Set<String>]
    /// Names whose values are templates (`alice.id`, captures), longest text first for substitution.
    private let templateNames: [String]

    /// What the recorder knows beyond one step: the run tokens of the two passes, the resources captured so far.
    struct Context {
        var runs: (String, String) = ("", "")
        var resources: [String: Set<String>] = [:]
    }

    init(
        first: [String: JSONValue], second: [String: JSONValue], capturedPaths: Set<String>, pathVariables: Set<String> = [],
        resources: [String: Set<String>] = [:]
    ) {
        self.first = first
        self.resources = resources
        self.second = second
        self.capturedPaths = capturedPaths
        self.pathVariables = pathVariables
        let usable = first.keys.filter { name in
            guard let a = first[name], second[name] != nil else { return false }
            // Secrets never become templates in recorded files; tiny stable values would match by accident.
            return !name.hasSuffix(".password") && !name.hasSuffix(".token") && TemplateScope.text(of: a).count >= 1
        }
        templateNames = usable.sorted { lhs, rhs in
            let left = TemplateScope.text(of: first[lhs] ?? .null).count, right = TemplateScope.text(of: first[rhs] ?? .null).count
            return left != right ? left > right : lhs < rhs
        }
    }

    func generalize(_ a: JSONValue, _ b: JSONValue?, path: JSONPath = .root, key: String? = nil, members: Set<String> = []) -> JSONValue {
        if capturedPaths.contains(path.description) { return typeMatcher(a) }
        switch (a, b) {
        case (.object(let x), let other):
            var out = JSONObject()
            let keys = Set(x.keys)
            for (member, value) in x {
                out[member] = generalize(value, other?[member], path: path.appending(member), key: member, members: keys)
            }
            return .object(out)
        case (.array(let x), .array(let y)) where x.count == y.count:
            return .array(x.enumerated().map { generalize($0.element, y[$0.offset], path: path.appending($0.offset), key: key, members: members) })
        case (.array(let x), _):
            guard let head = x.first else { return .array([]) }
            let example = generalize(head, nil, path: path.appending(0), key: key, members: members)
            return .object(JSONObject([("$eachLike", example)]))
        default:
            return scalar(a, b, key: key, members: members)
        }
    }

    private func scalar(_ a: JSONValue, _ b: JSONValue?, key: String?, members: Set<String> = []) -> JSONValue {
        // An object's own `id` is the resource the path names, or new with every run: equal to any
        // other id only by coincidence.
        if key == "id", case .number(let number) = a, number.isInteger {
            for name in pathVariables.sorted() {
                if let x = first[name], let y = second[name], JSONMatching.equal(a, x), let b, JSONMatching.equal(b, y) {
                    return .string("{{\(name)}}")
                }
            }
            for (name, shape) in resources.sorted(by: { $0.key < $1.key }) where shape == members {
                if let x = first[name], let y = second[name], JSONMatching.equal(a, x), let b, JSONMatching.equal(b, y) {
                    return .string("{{\(name)}}")
                }
            }
            return "$integer"
        }
        if let template = template(for: a, b, key: key) { return .string(template) }
        if case .string(let text) = a {
            if JSONMatching.isRFC3339(text) { return "$datetime" }
            if JSONMatching.isJWT(text) { return "$jwt" }
            if RegexCache.matches("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", text) { return "$uuid" }
            if text.hasPrefix("$") { return .object(JSONObject([("$literal", a)])) }
        }
        if let key, key == "id" || key.hasSuffix("_id"), case .number(let number) = a, number.isInteger { return "$integer" }
        if let b, JSONMatching.equal(a, b) { return a }
        return typeMatcher(a)
    }

    /// `{{name}}` when the value is a variable's in both passes; text with the variable inside otherwise.
    private func template(for a: JSONValue, _ b: JSONValue?, key: String? = nil) -> String? {
        let matching = templateNames.filter { name in
            guard let x = first[name], let y = second[name], let b else { return false }
            return JSONMatching.equal(a, x) && JSONMatching.equal(b, y)
        }
        if let name = Self.likeliest(matching, key: key) { return "{{\(name)}}" }
        guard case .string(let textA) = a, case .string(let textB)? = b else { return nil }
        var templateA = textA, templateB = textB
        for name in templateNames {
            guard let x = first[name], let y = second[name] else { continue }
            let needleA = TemplateScope.text(of: x), needleB = TemplateScope.text(of: y)
            guard needleA.count >= 1, !needleA.isEmpty, Self.containsWord(templateA, needleA), Self.containsWord(templateB, needleB) else { continue }
            templateA = Self.replacingWord(templateA, needleA, "{{\(name)}}")
            templateB = Self.replacingWord(templateB, needleB, "{{\(name)}}")
        }
        // `{{$run}}-4` is a `{{$unique}}` value: its counter depends on what else the run drew before it, so
        // no template reproduces it (both passes start their counter alike, so they agree by accident).
        if templateA.range(of: #"\{\{\$run\}\}-[0-9]+"#, options: .regularExpression) != nil { return nil }
        return templateA != textA && templateA == templateB ? templateA : nil
    }

    /// Small ids coincide between passes (a user and an agent both 3), so when several variables fit, the
    /// key decides: `parent_id` is `{{parent}}`, an `owner_id`, `user_id` or `…_by_id` an actor's id; otherwise a
    /// captured resource before an actor's property.
    static func likeliest(_ names: [String], key: String?) -> String? {
        guard names.count > 1, let key else { return names.first }
        let stem = key.hasSuffix("_id") ? String(key.dropLast(3)) : key
        if let named = names.first(where: { $0.hasSuffix("_" + key) }) { return named }
        if let named = names.first(where: { $0 == stem || $0.hasPrefix(stem) }) { return named }
        let isActor = { (name: String) in name.hasSuffix(".id") }
        if ["user_id", "owner_id"].contains(key) || key.hasSuffix("_by_id") { return names.first(where: isActor) ?? names.first }
        return names.first { !isActor($0) } ?? names.first
    }

    func typeMatcher(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            if JSONMatching.isRFC3339(text) { return "$datetime" }
            if JSONMatching.isJWT(text) { return "$jwt" }
            return "$string"
        case .number(let number): return number.isInteger ? "$integer" : "$number"
        case .bool: return "$boolean"
        case .null: return "$any"
        case .array: return .object(JSONObject([("$type", .array([]))]))
        case .object: return .object(JSONObject([("$type", .object(JSONObject()))]))
        }
    }

    /// `needle` as a whole word (not inside a longer run of letters or digits).
    /// `needle` as a whole word (not inside a longer run of letters or digits), outside any `{{…}}` already written.
    static func containsWord(_ text: String, _ needle: String) -> Bool {
        literalRuns(text).contains { run in
            !run.isTemplate && RegexCache.matches("(^|[^A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: needle) + "([^A-Za-z0-9]|$)", run.text)
        }
    }

    /// Replaces whole-word occurrences of `needle`, never inside a `{{…}}` that an earlier replacement wrote.
    static func replacingWord(_ text: String, _ needle: String, _ replacement: String) -> String {
        guard let regex = RegexCache.regex("(^|[^A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: needle) + "(?=[^A-Za-z0-9]|$)") else {
            return text
        }
        return literalRuns(text).map { run in
            guard !run.isTemplate else { return run.text }
            return regex.stringByReplacingMatches(
                in: run.text, range: NSRange(run.text.startIndex..., in: run.text),
                withTemplate: "$1" + NSRegularExpression.escapedTemplate(for: replacement))
        }.joined()
    }

    /// The text cut into literal runs and `{{…}}` expressions, in order.
    static func literalRuns(_ text: String) -> [(text: String, isTemplate: Bool)] {
        var runs: [(text: String, isTemplate: Bool)] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{"), let close = rest[open.upperBound...].range(of: "}}") {
            if open.lowerBound > rest.startIndex { runs.append((String(rest[..<open.lowerBound]), false)) }
            runs.append((String(rest[open.lowerBound..<close.upperBound]), true))
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { runs.append((String(rest), false)) }
        return runs
    }
}

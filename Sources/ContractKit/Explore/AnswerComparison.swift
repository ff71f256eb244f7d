import Foundation
import HTTPCore
import JSONCore

/// Compares a target's answer with the oracle's as `contract explore` must: values that legitimately differ
/// between two servers are related, not ignored. Ids map one-to-one (an id on one side always stands for
/// the same id on the other), timestamps keep their equalities and their order, tokens need only be tokens,
/// and an id written inside a message is read through the id map.
struct AnswerComparison {
    /// target id → oracle id, and back, per kind of resource (a user 1 and an agent 1 are not the same 1).
    private(set) var ids: [String: [String: String]] = [:]
    private var idsBack: [String: [String: String]] = [:]
    /// Each resource's timestamps as last seen on both sides, by "kind id field" (the oracle's id): a time
    /// that changes on one side must change on the other, and move forward.
    private var times: [String: (target: Int64, oracle: Int64)] = [:]
    /// Lists whose content is global (not the caller's): compared by status and shape only, since a live
    /// target holds data that a fresh oracle does not.
    let globalLists: Set<String>

    init(globalLists: Set<String> = []) { self.globalLists = globalLists }

    /// Records that an id of `kind` on the target is the id on the oracle (actors' ids, known before any step).
    mutating func bind(target: JSONValue, oracle: JSONValue, kind: String) -> Bool {
        bindID(TemplateScope.text(of: target), TemplateScope.text(of: oracle), kind: kind)
    }

    private mutating func bindID(_ target: String, _ oracle: String, kind: String) -> Bool {
        if let known = ids[kind]?[target] { return known == oracle }
        if idsBack[kind]?[oracle] != nil { return false }
        ids[kind, default: [:]][target] = oracle
        idsBack[kind, default: [:]][oracle] = target
        return true
    }

    /// The kind an id belongs to: a model's name without its suffix (`AgentResponse` → `agent`), or an id
    /// field's stem (`agent_id` → `agent`).
    static func kind(ofModel name: String) -> String {
        var stem = name
        for suffix in ["Response", "Public", "Read", "Out", "Model"] where stem.hasSuffix(suffix) && stem.count > suffix.count {
            stem.removeLast(suffix.count)
        }
        return stem.lowercased()
    }

    static func kind(ofField key: String) -> String {
        if key.hasSuffix("_ids") { return String(key.dropLast(4)) }
        if key.hasSuffix("_id") { return String(key.dropLast(3)) }
        return key
    }

    /// Every difference between the answers to one step (`route` names the operation, `kind` the model its
    /// answer is, when known).
    mutating func differences(route: String, kind: String? = nil, target: HTTPResponse, oracle: HTTPResponse) -> [Mismatch] {
        var found: [Mismatch] = []
        if target.status != oracle.status {
            return [Mismatch(.status, .wrongStatus, expected: .statuses([oracle.status]), actual: .integer(target.status))]
        }
        for name in ["content-type", "www-authenticate"] where target.headers[name] != oracle.headers[name] {
            found.append(
                Mismatch(
                    .header(name), target.headers[name] == nil ? .missing : .differentValue,
                    expected: oracle.headers[name].map { .value(.string($0)) } ?? .absent,
                    actual: target.headers[name].map(JSONValue.string)))
        }
        // Allow lists the same methods; FastAPI's order of a route's methods can vary from one process to the next.
        let allow = { (response: HTTPResponse) in
            Set((response.headers["allow"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        }
        if allow(target) != allow(oracle) {
            found.append(
                Mismatch(
                    .header("allow"), .differentValue, expected: .value(.string(oracle.headers["allow"] ?? "")),
                    actual: target.headers["allow"].map(JSONValue.string)))
        }
        if let a = target.headers["location"], let b = oracle.headers["location"], !mapsTo(Self.pathPart(a), Self.pathPart(b)) {
            found.append(Mismatch(.header("location"), .differentValue, expected: .value(.string(b)), actual: .string(a)))
        }
        let targetJSON = try? JSONParser.parse(bytes: target.body), oracleJSON = try? JSONParser.parse(bytes: oracle.body)
        switch (targetJSON, oracleJSON) {
        case (let a?, let b?):
            if globalLists.contains(route), case .array(let x) = a, case .array(let y) = b {
                // Another run's data may be there: only the shape of the items is compared.
                if let shapeA = x.first?.objectValue.map({ Set($0.keys) }), let shapeB = y.first?.objectValue.map({ Set($0.keys) }), shapeA != shapeB
                {
                    found.append(
                        Mismatch(.body(JSONPath.root.appending(0)), .differentValue, expected: y.first.map(Mismatch.Expected.value), actual: x.first))
                }
            } else {
                found += compare(a, b, path: .root, key: nil, kind: kind.map(Self.kind(ofModel:)) ?? "item")
            }
        case (nil, nil):
            if target.body != oracle.body {
                found.append(
                    Mismatch(
                        .rawBody, .differentValue, expected: .value(.string(String(decoding: oracle.body, as: UTF8.self))),
                        actual: .string(String(decoding: target.body, as: UTF8.self))))
            }
        default:
            found.append(
                Mismatch(
                    .rawBody, .notJSON, expected: oracleJSON.map(Mismatch.Expected.value),
                    actual: .string(String(decoding: target.body, as: UTF8.self))))
        }
        return found
    }

    /// `kind`: the kind of the object being compared (its `id`'s kind); `key`: the member holding the value.
    private mutating func compare(_ a: JSONValue, _ b: JSONValue, path: JSONPath, key: String?, kind: String) -> [Mismatch] {
        func differ(_ kind: Mismatch.Kind = .differentValue) -> [Mismatch] { [Mismatch(.body(path), kind, expected: .value(b), actual: a)] }
        switch (a, b) {
        case (.object(let x), .object(let y)):
            var found: [Mismatch] = []
            let identity = y["id"].map { "\(kind) \(TemplateScope.text(of: $0))" }
            for (member, value) in y {
                guard let other = x[member] else {
                    found.append(Mismatch(.body(path.appending(member)), .missing, expected: .value(value), actual: nil))
                    continue
                }
                if let identity, case .string(let oracleText) = value, case .string(let targetText) = other,
                    let oracleTime = Ordering.instant(oracleText), let targetTime = Ordering.instant(targetText)
                {
                    if !sameChange("\(identity) \(member)", target: targetTime, oracle: oracleTime) {
                        found.append(Mismatch(.body(path.appending(member)), .differentValue, expected: .value(value), actual: other))
                    }
                }
                found += compare(other, value, path: path.appending(member), key: member, kind: kind)
            }
            for (member, value) in x where y[member] == nil {
                found.append(Mismatch(.body(path.appending(member)), .unexpected, expected: .absent, actual: value))
            }
            return found
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return differ(.wrongCount(expected: y.count, actual: x.count)) }
            return zip(x, y).enumerated().flatMap { compare($0.element.0, $0.element.1, path: path.appending($0.offset), key: key, kind: kind) }
        case (.number(let x), .number(let y))
        where x.isInteger && y.isInteger && key.map({ $0 == "id" || $0.hasSuffix("_id") || $0.hasSuffix("_ids") }) == true:
            let namespace = key == "id" ? kind : Self.kind(ofField: key ?? "")
            return bindID(x.text, y.text, kind: namespace) ? [] : differ()
        case (.string(let x), .string(let y)):
            if JSONMatching.isRFC3339(x), JSONMatching.isRFC3339(y) {
                // The same zone form; the instants themselves differ between servers (their changes are
                // compared per resource). Whether a fraction is written depends on the microsecond: not compared.
                return x.hasSuffix("Z") == y.hasSuffix("Z") ? [] : differ()
            }
            if JSONMatching.isJWT(x) && JSONMatching.isJWT(y) { return [] }
            return mapsTo(x, y) ? [] : differ()
        default:
            return JSONMatching.equal(a, b) ? [] : differ()
        }
    }

    /// Whether a resource's timestamp changed (and moved forward) on the target exactly when it did on the
    /// oracle: an `updated_at` that a no-op bumps, or a change that does not bump, shows here.
    private mutating func sameChange(_ key: String, target: Int64, oracle: Int64) -> Bool {
        defer { times[key] = (target, oracle) }
        guard let last = times[key] else { return true }
        let targetChanged = target != last.target, oracleChanged = oracle != last.oracle
        if targetChanged != oracleChanged { return false }
        return !targetChanged || (target > last.target) == (oracle > last.oracle)
    }

    /// Whether the target's text reads as the oracle's once the ids it mentions are mapped (`Agent 12 not
    /// found` and `Agent 3 not found`), trying each kind's map (a message names one kind of thing).
    func mapsTo(_ target: String, _ oracle: String) -> Bool {
        if target == oracle { return true }
        guard target.contains(where: \.isNumber) else { return false }
        return ids.values.contains { Self.replacingNumbers(in: target, using: $0) == oracle }
    }

    private static func replacingNumbers(in text: String, using map: [String: String]) -> String {
        var out = ""
        var digits = ""
        for character in text {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else {
                if !digits.isEmpty { out += map[digits] ?? digits }
                digits = ""
                out.append(character)
            }
        }
        if !digits.isEmpty { out += map[digits] ?? digits }
        return out
    }

    private static func pathPart(_ location: String) -> String {
        guard let url = URL(string: location), url.host != nil else { return location }
        return url.path + (url.query.map { "?" + $0 } ?? "")
    }
}

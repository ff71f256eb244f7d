import JSONCore

/// Finds ids that a step's response returned and a later request repeats literally, turns them into
/// a capture on the first step and `{{name}}` in the later requests.
struct CaptureRewriter {
    private(set) var document: JSONObject

    /// `idKeys`: the fields that hold ids in answers (`id`, and what api.json's resources name).
    init(document original: JSONObject, fixture: Fixture, log: ExchangeLog, idKeys: Set<String> = ["id"]) {
        document = original
        guard case .array(var steps)? = original["steps"] else { return }
        var used = Set(
            fixture.steps.flatMap { step -> [String] in
                if case .request(let single) = step { return single.captures.map(\.name) }
                return []
            } + fixture.variables.map(\.name) + fixture.actors)
        for (offset, step) in fixture.steps.enumerated() where offset < steps.count {
            guard case .request(let single) = step, let exchange = log.exchange(step: single.number),
                let body = try? JSONParser.parse(bytes: exchange.response.body, options: .python)
            else { continue }
            for (path, value) in Self.ids(in: body, keys: idKeys) {
                let name = Self.name(for: single.request.path, used: used)
                var replaced = false
                for later in (offset + 1)..<steps.count {
                    if case .object(var object) = steps[later], case .object(var request)? = object["request"] {
                        replaced = Self.replace(value, with: "{{\(name)}}", in: &request) || replaced
                        object["request"] = .object(request)
                        steps[later] = .object(object)
                    }
                }
                guard replaced, case .object(var object) = steps[offset] else { continue }
                var capture = object["capture"]?.objectValue ?? JSONObject()
                capture[name] = .string(path)
                object["capture"] = .object(capture)
                steps[offset] = .object(object)
                used.insert(name)
            }
        }
        document["steps"] = .array(steps)
    }

    /// Every id in a response (top level, or inside objects and arrays), with its JSONPath.
    static func ids(in value: JSONValue, keys: Set<String> = ["id"], path: JSONPath = .root) -> [(String, JSONValue)] {
        switch value {
        case .object(let object):
            var found: [(String, JSONValue)] = []
            for (key, member) in object {
                let child = path.appending(key)
                if keys.contains(key), case .number(let number) = member, number.isInteger { found.append((child.description, member)) }
                if keys.contains(key), case .string = member { found.append((child.description, member)) }
                if case .object = member { found += ids(in: member, keys: keys, path: child) }
            }
            return found
        default:
            return []
        }
    }

    /// A readable capture name from the route's last segment in the singular: `/api/v1/agents` → `agent`,
    /// `/heroes` → `hero`, `/categories` → `category`, `…/execute` → `execute`.
    static func name(for path: String, used: Set<String>) -> String {
        let segments = path.split(separator: "/").map(String.init).filter { segment in
            !segment.contains("{{") && segment != "api" && !RegexCache.matches("^v[0-9]+$", segment)
        }
        var base = segments.last ?? "value"
        if base.hasSuffix("ies") {
            base = base.dropLast(3) + "y"
        } else if ["ses", "xes", "zes", "ches", "shes", "oes"].contains(where: base.hasSuffix) {
            base.removeLast(2)
        } else if base.hasSuffix("s") && !base.hasSuffix("ss") {
            base.removeLast()
        }
        base = String(base.unicodeScalars.filter { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" }.map(Character.init))
        if base.isEmpty { base = "value" }
        var name = base
        var suffix = 2
        while used.contains(name) {
            name = base + String(suffix)
            suffix += 1
        }
        return name
    }

    /// Replaces literal occurrences of `value` in a request's path segments, query values and body leaves.
    static func replace(_ value: JSONValue, with template: String, in request: inout JSONObject) -> Bool {
        let text = TemplateScope.text(of: value)
        var replaced = false
        if case .string(let path)? = request["path"] {
            let parts = path.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
            var segments = parts[0].split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            for index in segments.indices where segments[index] == text {
                segments[index] = template
                replaced = true
            }
            request["path"] = .string(segments.joined(separator: "/") + (parts.count > 1 ? "?" + parts[1] : ""))
        }
        if case .object(var query)? = request["query"] {
            for (key, member) in query where JSONMatching.equal(member, value) || member == .string(text) {
                query[key] = .string(template)
                replaced = true
            }
            request["query"] = .object(query)
        }
        if let body = request["json"] {
            let (rewritten, changed) = replaceLeaves(body, value, template, underIDKey: false)
            request["json"] = rewritten
            replaced = replaced || changed
        }
        return replaced
    }

    /// Only values under id-like keys (`parent_id`, `tool_ids`) are replaced: a `temperature` of 1 is not agent 1.
    private static func replaceLeaves(_ node: JSONValue, _ value: JSONValue, _ template: String, underIDKey: Bool) -> (JSONValue, Bool) {
        switch node {
        case .object(let object):
            var out = JSONObject()
            var changed = false
            for (key, member) in object {
                let idKey = key == "id" || key.hasSuffix("_id") || key.hasSuffix("_ids")
                let (rewritten, memberChanged) = replaceLeaves(member, value, template, underIDKey: idKey)
                out[key] = rewritten
                changed = changed || memberChanged
            }
            return (.object(out), changed)
        case .array(let items):
            var changed = false
            let rewritten = items.map { item -> JSONValue in
                let (new, itemChanged) = replaceLeaves(item, value, template, underIDKey: underIDKey)
                changed = changed || itemChanged
                return new
            }
            return (.array(rewritten), changed)
        default:
            return underIDKey && JSONMatching.equal(node, value) ? (.string(template), true) : (node, false)
        }
    }
}

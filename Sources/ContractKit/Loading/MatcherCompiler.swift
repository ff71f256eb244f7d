import JSONCore

extension DocumentReader {
    /// Compiles an expected value into a matcher, reporting unknown matchers where they stand.
    mutating func matcher(_ value: JSONValue, at path: [String]) -> Matcher {
        switch value {
        case .string(let text):
            if let shorthand = Matcher.shorthands[text] { return shorthand }
            if text.hasPrefix("$") && !text.hasPrefix("$$") {
                report(
                    "unknown matcher \"\(text)\" (known: \(Matcher.shorthands.keys.sorted().joined(separator: ", "));"
                        + " write {\"$literal\": \"\(text)\"} for the literal text)", at: path)
                return .literal(value)
            }
            return text.contains("{{") ? .template(text) : .literal(value)
        case .array(let items):
            return .array(items.enumerated().map { matcher($0.element, at: path + [String($0.offset)]) })
        case .object(let object):
            return objectMatcher(object, at: path)
        default:
            return .literal(value)
        }
    }

    private mutating func objectMatcher(_ object: JSONObject, at path: [String]) -> Matcher {
        let matcherKeys = object.keys.filter { Matcher.objectKeys.contains($0) }
        if matcherKeys.isEmpty {
            var members: [(key: String, matcher: Matcher)] = []
            var strict = true
            for (key, value) in object {
                if key == "$strict" {
                    if case .bool(let flag) = value { strict = flag } else { report("\"$strict\" must be true or false", at: path + [key]) }
                } else if key.hasPrefix("$") {
                    report("unknown matcher \"\(key)\" (known: \(Matcher.objectKeys.sorted().joined(separator: ", ")))", at: path + [key])
                } else {
                    members.append((key, matcher(value, at: path + [key])))
                }
            }
            return .object(members, strict: strict)
        }
        guard matcherKeys.count == 1, let key = matcherKeys.first, let argument = object[key] else {
            report("one matcher per object, found \(matcherKeys.joined(separator: ", "))", at: path)
            return .any
        }
        let options: Set<String> = key == "$eachLike" ? [key, "min", "max"] : [key]
        for other in object.keys where !options.contains(other) {
            report("\"\(other)\" is not an option of \(key)", at: path + [other])
        }
        let inner = path + [key]
        switch key {
        case "$regex":
            guard case .string(let pattern) = argument else {
                report("$regex takes a string", at: inner)
                return .any
            }
            if !RegexCache.isValid(pattern) { report("invalid regular expression \(JSONWriter.compact(argument))", at: inner) }
            return .regex(pattern)
        case "$type":
            return .type(argument)
        case "$nullable":
            return .nullable(matcher(argument, at: inner))
        case "$eachLike":
            let minimum = object["min"].flatMap { $0.numberValue?.int64 }.map(Int.init)
            let maximum = object["max"].flatMap { $0.numberValue?.int64 }.map(Int.init)
            return .eachLike(matcher(argument, at: inner), min: minimum, max: maximum)
        case "$anyOrder", "$contains", "$oneOf":
            guard case .array(let items) = argument else {
                report("\(key) takes an array", at: inner)
                return .any
            }
            let matchers = items.enumerated().map { matcher($0.element, at: inner + [String($0.offset)]) }
            return key == "$anyOrder" ? .anyOrder(matchers) : key == "$contains" ? .contains(matchers) : .oneOf(matchers)
        case "$sortedBy":
            guard case .string(let text) = argument else {
                report("$sortedBy takes keys such as \"-created_at,-id\"", at: inner)
                return .any
            }
            let keys = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.map { key in
                Matcher.SortKey(key: key.hasPrefix("-") ? String(key.dropFirst()) : key, descending: key.hasPrefix("-"))
            }
            if keys.isEmpty || keys.contains(where: { $0.key.isEmpty }) { report("$sortedBy takes keys such as \"-created_at,-id\"", at: inner) }
            return .sortedBy(keys)
        case _ where Matcher.Relation(rawValue: key) != nil:
            guard let relation = Matcher.Relation(rawValue: key) else { return .any }
            if case .array = argument { report("\(key) compares with one value", at: inner) }
            if case .object = argument { report("\(key) compares with one value", at: inner) }
            return .relation(relation, argument)
        case "$jwt":
            return jwtMatcher(argument, at: inner)
        case "$ref":
            guard case .string(let name) = argument else {
                report("$ref takes a capture name", at: inner)
                return .any
            }
            return .ref(name)
        default:  // $literal
            return .literal(argument)
        }
    }

    /// `{"$jwt": {"header": …, "payload": …, "lifetime": seconds}}`: what a token's decoded parts must hold.
    private mutating func jwtMatcher(_ argument: JSONValue, at path: [String]) -> Matcher {
        guard case .object(let parts) = argument, !parts.isEmpty else {
            report("$jwt takes an object with \"header\", \"payload\" or \"lifetime\" (or write the string \"$jwt\")", at: path)
            return .jwt
        }
        for key in parts.keys where !["header", "payload", "lifetime"].contains(key) {
            report("\"\(key)\" is not a part of $jwt (known: header, payload, lifetime)", at: path + [key])
        }
        var lifetime: Int64?
        if let value = parts["lifetime"] {
            if let seconds = value.numberValue?.int64, seconds >= 0 {
                lifetime = seconds
            } else {
                report("lifetime takes whole seconds", at: path + ["lifetime"])
            }
        }
        return .jwtParts(
            header: parts["header"].map { matcher($0, at: path + ["header"]) },
            payload: parts["payload"].map { matcher($0, at: path + ["payload"]) }, lifetime: lifetime)
    }
}

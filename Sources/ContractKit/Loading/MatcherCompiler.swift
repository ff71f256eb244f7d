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
}

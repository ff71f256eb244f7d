import JSONCore

/// Reads a parsed document field by field, collecting every problem with its line and column
/// instead of stopping at the first, so `contract lint` reports a file's problems all at once.
struct DocumentReader {
    let file: String
    let locations: JSONLocations
    var issues: [FixtureIssue] = []

    init(file: String, locations: JSONLocations) {
        self.file = file
        self.locations = locations
    }

    /// Parses `bytes` as strict JSON with locations: the document and a reader for it, or the syntax error
    /// at its line and column.
    static func open(_ bytes: [UInt8], file: String) throws(FixtureLoader.Failure) -> (JSONValue, DocumentReader) {
        do {
            let (value, locations) = try JSONParser.parseWithLocations(bytes: bytes, options: .strict)
            return (value, DocumentReader(file: file, locations: locations))
        } catch {
            throw FixtureLoader.Failure(issues: [FixtureIssue(file: file, line: error.line, column: error.column, message: error.message)])
        }
    }

    mutating func report(_ message: String, at path: [String]) {
        let (line, column) = locations.location(of: path) ?? (1, 1)
        issues.append(FixtureIssue(file: file, line: line, column: column, message: message))
    }

    func line(of path: [String]) -> Int { locations.location(of: path)?.line ?? 1 }

    /// The object at `path`, reporting anything else; keys outside `allowed` are reported as unknown.
    mutating func object(_ value: JSONValue?, at path: [String], allowed: Set<String>, what: String) -> JSONObject? {
        guard let value else { return nil }
        guard case .object(let object) = value else {
            report("\(what) must be an object, not \(value.typeName)", at: path)
            return nil
        }
        for key in object.keys where !allowed.contains(key) {
            let suggestion = allowed.sorted().min { TextDistance.edits($0, key) < TextDistance.edits($1, key) }
            var message = "unknown key \"\(key)\" in \(what)"
            if let suggestion, TextDistance.edits(suggestion, key) <= 2 { message += " (did you mean \"\(suggestion)\"?)" }
            report(message, at: path + [key])
        }
        return object
    }

    mutating func string(_ object: JSONObject, _ key: String, at path: [String], required: Bool = false) -> String? {
        guard let value = object[key] else {
            if required { report("missing required key \"\(key)\"", at: path) }
            return nil
        }
        guard case .string(let text) = value else {
            report("\"\(key)\" must be a string, not \(value.typeName)", at: path + [key])
            return nil
        }
        return text
    }

    /// `true` or `false`; absent is false, anything else is reported (`"public": "yes"` must not pass silently).
    mutating func bool(_ object: JSONObject, _ key: String, at path: [String]) -> Bool {
        guard let value = object[key] else { return false }
        guard case .bool(let flag) = value else {
            report("\"\(key)\" must be true or false, not \(value.typeName)", at: path + [key])
            return false
        }
        return flag
    }

    /// A number, or an integer when `integer` is set; anything else is reported.
    mutating func number(_ object: JSONObject, _ key: String, at path: [String], integer: Bool = false) -> JSONNumber? {
        guard let value = object[key] else { return nil }
        guard case .number(let number) = value, !integer || number.isInteger else {
            report("\"\(key)\" must be \(integer ? "an integer" : "a number"), not \(value.typeName)", at: path + [key])
            return nil
        }
        return number
    }

    mutating func strings(_ object: JSONObject, _ key: String, at path: [String]) -> [String] {
        guard let value = object[key] else { return [] }
        guard case .array(let items) = value else {
            report("\"\(key)\" must be an array of strings", at: path + [key])
            return []
        }
        var result: [String] = []
        for (index, item) in items.enumerated() {
            if case .string(let text) = item {
                result.append(text)
            } else {
                report("\"\(key)\" must hold strings only", at: path + [key, String(index)])
            }
        }
        return result
    }

    /// A parallel group's statuses: one multiset (`[204, 404]`), or a list of allowed ones (`[[204, 404], [204, 204]]`),
    /// each with one status per member.
    mutating func statusSets(_ value: JSONValue, count: Int, at path: [String]) -> [[Int]]? {
        let sets: [JSONValue]
        if case .array(let items) = value, items.allSatisfy({ $0.arrayValue != nil }), !items.isEmpty { sets = items } else { sets = [value] }
        var result: [[Int]] = []
        for set in sets {
            guard let statuses = statuses(set, at: path) else { return nil }
            if statuses.count != count {
                report("a group's statuses name one status per request (\(count)), not \(statuses.count)", at: path)
                return nil
            }
            result.append(statuses)
        }
        return result
    }

    /// A status or list of statuses between 100 and 599.
    mutating func statuses(_ value: JSONValue, at path: [String]) -> [Int]? {
        let items: [JSONValue]
        if case .array(let list) = value { items = list } else { items = [value] }
        var result: [Int] = []
        for item in items {
            guard let number = item.numberValue?.int64, (100...599).contains(number) else {
                report("a status is an integer from 100 to 599", at: path)
                return nil
            }
            result.append(Int(number))
        }
        if result.isEmpty { report("give at least one status", at: path) }
        return result.isEmpty ? nil : result
    }
}

/// How far apart two names are, for "did you mean" hints in fixtures and on the command line.
public enum TextDistance {
    /// Levenshtein distance: insertions, deletions and substitutions of characters.
    public static func edits(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}

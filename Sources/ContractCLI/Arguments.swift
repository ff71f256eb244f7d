/// A command's arguments: `--name value`, `--name=value`, repeatable options and flags.
/// Small on purpose: the package takes no dependencies, not even swift-argument-parser.
struct Arguments {
    struct Spec {
        /// Options that take a value.
        var options: Set<String> = []
        /// Options that may be given more than once.
        var repeatable: Set<String> = []
        var flags: Set<String> = []
        /// Whether bare words (`contract record a.json b.json`) are allowed.
        var positionals = false
    }

    private(set) var values: [String: [String]] = [:]
    private(set) var setFlags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ words: [String], spec: Spec) throws(UsageError) {
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                guard spec.positionals else { throw UsageError("unexpected arguments after --") }
                positionals += words[index...]
                break
            }
            guard word.hasPrefix("-") && word.count > 1 else {
                guard spec.positionals else { throw UsageError("unexpected argument '\(word)'") }
                positionals.append(word)
                continue
            }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            if spec.flags.contains(name) {
                guard inlineValue == nil else { throw UsageError("\(name) takes no value") }
                setFlags.insert(name)
            } else if spec.options.contains(name) || spec.repeatable.contains(name) {
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < words.count else { throw UsageError("missing value for '\(name)'") }
                    value = words[index]
                    index += 1
                }
                if spec.options.contains(name) && values[name] != nil { throw UsageError("'\(name)' given twice") }
                values[name, default: []].append(value)
            } else {
                throw UsageError("unknown option '\(name)'")
            }
        }
    }

    func value(_ name: String) -> String? { values[name]?.last }
    func all(_ name: String) -> [String] { values[name] ?? [] }
    func flag(_ name: String) -> Bool { setFlags.contains(name) }

    func integer(_ name: String, default defaultValue: Int, range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let text = value(name) else { return defaultValue }
        guard let number = Int(text), range.contains(number) else {
            throw UsageError("\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(text)'")
        }
        return number
    }

    func seconds(_ name: String, default defaultValue: Double) throws(UsageError) -> Double {
        guard let text = value(name) else { return defaultValue }
        guard let number = Double(text), number > 0, number <= 86_400 else {
            throw UsageError("\(name) takes a number of seconds greater than 0, not '\(text)'")
        }
        return number
    }
}

/// Bad usage: printed as `Error: … / Usage: … / See '… --help'`, exit code 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

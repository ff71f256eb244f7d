import ContractKit

/// A command line read against its command's declared options: every value already checked.
struct ParsedArguments: Sendable {
    let command: String
    private let declared: Set<String>
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var positionals: [String] = []

    /// Reads `words`; unknown options (with the nearest known one), missing or repeated values, and values
    /// that fail their option's check are usage errors.
    init(_ words: [String], for command: Command) throws(UsageError) {
        self.command = command.name
        declared = Set(command.options.map(\.name))
        let byName = Dictionary(command.options.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var index = 0
        while index < words.count {
            let word = words[index]
            index += 1
            if word == "--" {
                guard command.positionals != nil else { throw UsageError("unexpected arguments after --") }
                positionals += words[index...]
                break
            }
            guard word.hasPrefix("-") && word.count > 1 else {
                guard command.positionals != nil else { throw UsageError("unexpected argument '\(word)'") }
                positionals.append(word)
                continue
            }
            var name = word
            var inlineValue: String?
            if let equals = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<equals])
                inlineValue = String(word[word.index(after: equals)...])
            }
            guard let option = byName[name] else {
                var message = "unknown option '\(name)'"
                if let nearest = Self.nearest(name, among: command.options.map(\.name)) { message += " (did you mean '\(nearest)'?)" }
                throw UsageError(message)
            }
            switch option.kind {
            case .flag:
                guard inlineValue == nil else { throw UsageError("\(name) takes no value") }
                flags.insert(name)
            case .value, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < words.count else { throw UsageError("missing value for '\(name)'") }
                    value = words[index]
                    index += 1
                }
                if option.kind == .value && values[name] != nil { throw UsageError("'\(name)' given twice") }
                if let problem = option.problem(with: value) { throw UsageError(problem) }
                values[name, default: []].append(value)
            }
        }
        for option in command.options where option.required && values[option.name] == nil {
            throw UsageError("\(option.synopsis) is required")
        }
        if let positionals = command.positionals, positionals.required, self.positionals.isEmpty {
            throw UsageError("give at least one \(positionals.placeholder.replacingOccurrences(of: "...", with: ""))")
        }
    }

    /// The option's value, if given.
    func value(_ option: Option) -> String? {
        assert(declared.contains(option.name), "\(option.name) is not an option of contract \(command)")
        return values[option.name]?.last
    }

    func values(_ option: Option) -> [String] {
        assert(declared.contains(option.name), "\(option.name) is not an option of contract \(command)")
        return values[option.name] ?? []
    }

    func flag(_ option: Option) -> Bool {
        assert(declared.contains(option.name), "\(option.name) is not an option of contract \(command)")
        return flags.contains(option.name)
    }

    func given(_ option: Option) -> Bool { option.kind == .flag ? flag(option) : value(option) != nil }

    /// Whether the command declares `option` (shared helpers read only what their command offers).
    func declares(_ option: Option) -> Bool { declared.contains(option.name) }

    /// A checked integer option, or `defaultValue`.
    func integer(_ option: Option, default defaultValue: Int) -> Int { value(option).flatMap { Int($0) } ?? defaultValue }

    /// A checked seconds option, or `defaultValue`.
    func seconds(_ option: Option, default defaultValue: Double) -> Double { value(option).flatMap { Double($0) } ?? defaultValue }

    /// The closest name within two edits, for "did you mean".
    static func nearest(_ name: String, among names: [String]) -> String? {
        let scored = names.map { ($0, TextDistance.edits($0, name)) }.min { $0.1 < $1.1 }
        guard let (best, distance) = scored, distance <= max(2, name.count / 4) else { return nil }
        return best
    }
}

/// Bad usage: printed as `Error: … / Usage: … / See '… --help'`, exit code 2.
struct UsageError: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

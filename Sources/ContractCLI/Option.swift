import Foundation

/// One option of a command, declared once: parsing, validation, help, "did you mean" and shell
/// completion are all generated from it.
struct Option: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case flag
        /// Takes one value; given twice is a usage error.
        case value
        /// Takes a value and may be given again.
        case repeated
    }

    /// What a value must look like; checked when the command line is read, whatever else is given.
    enum Check: Sendable, Hashable {
        case text
        case integer(ClosedRange<Int>)
        /// A number of seconds up to `limit`; zero only when `zeroAllowed`.
        case seconds(limit: Double, zeroAllowed: Bool)
        /// One of these words.
        case choice([String])
        /// `Name: value`.
        case header
        /// A folder that must exist.
        case directory
        /// A file or folder path (completion offers files).
        case path
    }

    let name: String
    let kind: Kind
    /// The value's name in help and usage (`URL`, `N`); nil for flags.
    let placeholder: String?
    let help: String
    let check: Check
    let required: Bool

    static func flag(_ name: String, _ help: String) -> Option {
        Option(name: name, kind: .flag, placeholder: nil, help: help, check: .text, required: false)
    }

    static func value(_ name: String, _ placeholder: String, _ help: String, check: Check = .text, required: Bool = false) -> Option {
        Option(name: name, kind: .value, placeholder: placeholder, help: help, check: check, required: required)
    }

    static func repeated(_ name: String, _ placeholder: String, _ help: String, check: Check = .text) -> Option {
        Option(name: name, kind: .repeated, placeholder: placeholder, help: help, check: check, required: false)
    }

    /// `--target URL`, `--fail-fast`.
    var synopsis: String { placeholder.map { "\(name) \($0)" } ?? name }

    /// The reason a value does not pass the check, or nil.
    func problem(with value: String) -> String? {
        switch check {
        case .text, .path:
            return nil
        case .integer(let range):
            guard let number = Int(value), range.contains(number) else {
                return "\(name) takes a whole number from \(range.lowerBound) to \(range.upperBound), not '\(value)'"
            }
            return nil
        case .seconds(let limit, let zeroAllowed):
            guard let number = Double(value), number.isFinite, number <= limit, zeroAllowed ? number >= 0 : number > 0 else {
                return "\(name) takes a number of seconds \(zeroAllowed ? "from 0" : "greater than 0") up to \(Int(limit)), not '\(value)'"
            }
            return nil
        case .choice(let words):
            guard words.contains(value) else { return "\(name) takes one of \(words.joined(separator: ", ")), not '\(value)'" }
            return nil
        case .header:
            let parts = value.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty,
                parts[0].utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") })
            else { return "\(name) takes 'Name: value', not '\(value)'" }
            return nil
        case .directory:
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: value, isDirectory: &isDirectory), isDirectory.boolValue else {
                return "\(name): no folder at \(value)"
            }
            return nil
        }
    }
}

/// The options several commands share, declared once.
extension Option {
    static let fixtures = Option.value("--fixtures", "DIR", "fixtures folder (default: ./fixtures, else the built-in suite)", check: .directory)
    static let contracts = Option.value("--contracts", "DIR", "contracts folder (default: ./contracts, else the built-in suite)", check: .directory)
    static let target = Option.value("--target", "URL", "base URL of the server, e.g. http://127.0.0.1:8000 (default: the in-process reference)")
    static let timeout = Option.value(
        "--timeout", "S", "seconds to wait for each response (default: 30)", check: .seconds(limit: 86_400, zeroAllowed: false))
    static let retries = Option.value(
        "--retries", "N",
        """
        retries of a refused connection (a dropped one for GET, HEAD, PUT, DELETE only),
        or of 429/503 with Retry-After (default: 2)
        """, check: .integer(0...20))
    static let header = Option.repeated("--header", "'Name: value'", "send this header with every request", check: .header)
    static let concurrency = Option.value("--concurrency", "N", "fixtures run at once (default: 8)", check: .integer(1...256))
    static let pbkdf2Iterations = Option.value(
        "--pbkdf2-iterations", "N", "password hashing cost of the in-process reference (default: 100)",
        check: .integer(1...10_000_000))
}

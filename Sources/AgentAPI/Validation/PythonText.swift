/// Python's and pydantic-core's ideas of text, which are not Foundation's: lengths count code points,
/// `str.strip()` strips `str.isspace()` characters, and the Rust regex `\s` is Unicode White_Space.
enum PythonText {
    /// `str.isspace()` in CPython 3.11: White_Space plus the four information separators U+001C–U+001F.
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x1C...0x1F: return true
        default: return isRegexSpace(scalar)
        }
    }

    /// `\s` in the Rust `regex` crate (Unicode White_Space), which pydantic-core uses for `pattern=`.
    static func isRegexSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// `s.strip() != s`: the string starts or ends with Python whitespace.
    static func hasSurroundingSpace(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, let last = text.unicodeScalars.last else { return false }
        return isSpace(first) || isSpace(last)
    }

    /// `len(s)`: the number of code points.
    static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// `str.lower()`: each code point's full lower-case mapping, and CPython's Final_Sigma rule for U+03A3,
    /// which Swift's `lowercased()` lacks (`"ΟΔΟΣ".lower()` is `"οδος"` with a final ς).
    static func lower(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for index in scalars.indices {
            let scalar = scalars[index]
            if scalar.isASCII {
                out.append(scalar.properties.isUppercase ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar)
            } else if scalar.value == 0x3A3 {
                out.append(isFinalSigma(scalars, at: index) ? "\u{3C2}" : "\u{3C3}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Final_Sigma (Unicode §3.13, as CPython applies it): a cased letter before, skipping case-ignorable
    /// ones, and no cased letter after, skipping case-ignorable ones.
    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        let before = scalars[..<index].last { !$0.properties.isCaseIgnorable }
        guard let before, before.properties.isCased else { return false }
        let after = scalars[(index + 1)...].first { !$0.properties.isCaseIgnorable }
        return after.map { !$0.properties.isCased } ?? true
    }
}

/// The three `pattern=` constraints of the agent API, matched exactly as the Rust regex engine
/// would (no multi-line mode: `$` is the end of the text, `.` is anything but `\n`).
enum Pattern: String, Sendable {
    case email = "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$"
    case modelName = "^(claude|gpt)-.*$"
    case grantType = "^password$"

    func matches(_ text: String) -> Bool {
        switch self {
        case .email:
            let scalars = Array(text.unicodeScalars)
            guard scalars.allSatisfy({ !PythonText.isRegexSpace($0) }) else { return false }
            let ats = scalars.indices.filter { scalars[$0] == "@" }
            guard ats.count == 1, let at = ats.first, at > 0 else { return false }
            let domain = scalars[(at + 1)...]
            // [^@\s]+ \. [^@\s]+ : some dot with at least one character on each side.
            return domain.indices.contains { index in
                domain[index] == "." && index > domain.startIndex && index < domain.endIndex - 1
            }
        case .modelName:
            let scalars = Array(text.unicodeScalars)
            let prefixLength: Int
            if scalars.starts(with: "claude-".unicodeScalars) {
                prefixLength = 7
            } else if scalars.starts(with: "gpt-".unicodeScalars) {
                prefixLength = 4
            } else {
                return false
            }
            return !scalars[prefixLength...].contains("\n")
        case .grantType:
            return text.unicodeScalars.elementsEqual("password".unicodeScalars)
        }
    }
}

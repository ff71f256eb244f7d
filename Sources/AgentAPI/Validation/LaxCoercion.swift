import JSONCore

/// Pydantic v2's lax-mode conversions for Python input (FastAPI validates what `json.loads` returned),
/// each returning the value or the one error Pydantic would report (without `loc`).
enum LaxCoercion {
    /// Every `str` field of the agent API is constrained, and a constrained `str` refuses lone surrogates.
    static func unicodeIssue(_ input: JSONValue) -> ValidationIssue? {
        guard case .string(let text) = input, text.unicodeScalars.contains(JSONValue.loneSurrogateMarker) else { return nil }
        return ValidationIssue(
            "string_unicode", msg: "Input should be a valid string, unable to parse raw data as a unicode string",
            input: input)
    }

    static func string(_ input: JSONValue) -> Result<String, ValidationIssue> {
        if let issue = unicodeIssue(input) { return .failure(issue) }
        if case .string(let text) = input { return .success(text) }
        return .failure(ValidationIssue("string_type", msg: "Input should be a valid string", input: input))
    }

    static func integer(_ input: JSONValue) -> Result<JSONNumber, ValidationIssue> {
        switch input {
        case .bool(let flag):
            return .success(JSONNumber(flag ? 1 : 0))
        case .number(let number) where number.isInteger:
            return .success(number)
        case .number(let number):
            return integer(fromFloat: number.double, input: input)
        case .string(let text):
            if let issue = unicodeIssue(input) { return .failure(issue) }
            return integer(fromString: text, input: input)
        default:
            return .failure(ValidationIssue("int_type", msg: "Input should be a valid integer", input: input))
        }
    }

    /// A float becomes an int only when finite, integral and strictly within ±2^63.
    static func integer(fromFloat value: Double, input: JSONValue) -> Result<JSONNumber, ValidationIssue> {
        guard value.isFinite else {
            return .failure(ValidationIssue("finite_number", msg: "Input should be a finite number", input: input))
        }
        guard value.rounded(.towardZero) == value else {
            return .failure(
                ValidationIssue(
                    "int_from_float",
                    msg: "Input should be a valid integer, got a number with a fractional part",
                    input: input))
        }
        guard value > -9.223372036854775808e18, value < 9.223372036854775808e18 else {
            return .failure(sizeIssue(input))
        }
        return .success(JSONNumber(Int64(value)))
    }

    /// pydantic-core's `str_as_int`: Rust whitespace trimmed, one sign, ASCII digits with single
    /// underscores between them, then optionally `.` and one or more zeros. At most 4300 significant
    /// digits, where a minus sign counts as one.
    static func integer(fromString text: String, input: JSONValue) -> Result<JSONNumber, ValidationIssue> {
        let failure = ValidationIssue(
            "int_parsing", msg: "Input should be a valid integer, unable to parse string as an integer",
            input: input)
        var scalars = Array(trimmedRustSpace(text).unicodeScalars)[...]
        var negative = false
        if let sign = scalars.first, sign == "-" || sign == "+" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        if let dot = scalars.firstIndex(of: ".") {
            let fraction = scalars[(dot + 1)...]
            guard !fraction.isEmpty, fraction.allSatisfy({ $0 == "0" }) else { return .failure(failure) }
            scalars = scalars[..<dot]
        }
        guard let digits = digitsWithSeparators(scalars) else { return .failure(failure) }
        let significant = digits.drop { $0 == "0" }
        guard significant.count + (negative ? 1 : 0) <= 4300 else { return .failure(sizeIssue(input)) }
        guard let number = JSONNumber(integerText: (negative ? "-" : "") + digits) else { return .failure(failure) }
        return .success(number)
    }

    private static func sizeIssue(_ input: JSONValue) -> ValidationIssue {
        ValidationIssue("int_parsing_size", msg: "Unable to parse input string as an integer, exceeded maximum size", input: input)
    }

    /// ASCII digits, allowing `_` only between two digits; nil otherwise.
    private static func digitsWithSeparators(_ scalars: ArraySlice<Unicode.Scalar>) -> String? {
        guard !scalars.isEmpty else { return nil }
        var digits = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for (offset, scalar) in zip(scalars.indices, scalars) {
            if isDigit(scalar) {
                digits.append(scalar)
            } else if scalar == "_", let before = previous, isDigit(before), offset + 1 < scalars.endIndex,
                isDigit(scalars[offset + 1])
            {
                // a separator between two digits
            } else {
                return nil
            }
            previous = scalar
        }
        return String(digits)
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    static func float(_ input: JSONValue) -> Result<Double, ValidationIssue> {
        switch input {
        case .bool(let flag):
            return .success(flag ? 1 : 0)
        case .number(let number):
            // An integer beyond the range of a double cannot become a float (Python's OverflowError).
            if number.isInteger && !number.double.isFinite {
                return .failure(ValidationIssue("float_type", msg: "Input should be a valid number", input: input))
            }
            return .success(number.double)
        case .string(let text):
            if let issue = unicodeIssue(input) { return .failure(issue) }
            if let value = parseFloat(text) { return .success(value) }
            return .failure(
                ValidationIssue(
                    "float_parsing", msg: "Input should be a valid number, unable to parse string as a number",
                    input: input))
        default:
            return .failure(ValidationIssue("float_type", msg: "Input should be a valid number", input: input))
        }
    }

    /// pydantic-core's float from str: Rust's `f64::from_str` on the trimmed text; failing that, when the
    /// untrimmed text has `_` but not at either end and never doubled, the same parse with every `_` removed.
    static func parseFloat(_ text: String) -> Double? {
        if let value = rustFloat(trimmedRustSpace(text)) { return value }
        // By UTF-8 bytes, not Characters: "_\u{301}" ends in a combining mark, not in "_".
        let bytes = Array(text.utf8), underscore = UInt8(ascii: "_")
        guard bytes.contains(underscore), bytes.first != underscore, bytes.last != underscore,
            !zip(bytes, bytes.dropFirst()).contains(where: { $0 == underscore && $1 == underscore })
        else { return nil }
        return rustFloat(String(decoding: bytes.filter { $0 != underscore }, as: UTF8.self))
    }

    /// Rust's `f64::from_str`: `[+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?`, or `inf`, `infinity`, `nan` in any case.
    static func rustFloat(_ text: String) -> Double? {
        var bytes = Array(text.utf8)[...]
        guard !bytes.isEmpty, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        var negative = false
        if let first = bytes.first, first == UInt8(ascii: "+") || first == UInt8(ascii: "-") {
            negative = first == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        let word = String(decoding: bytes, as: UTF8.self).lowercased()
        if word == "inf" || word == "infinity" { return negative ? -.infinity : .infinity }
        if word == "nan" { return .nan }
        var index = bytes.startIndex
        func digits() -> String {
            let start = index
            while index < bytes.endIndex, bytes[index] >= 48, bytes[index] <= 57 { index += 1 }
            return String(decoding: bytes[start..<index], as: UTF8.self)
        }
        let whole = digits()
        var fraction = ""
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: ".") {
            index += 1
            fraction = digits()
        }
        guard !(whole.isEmpty && fraction.isEmpty) else { return nil }
        var exponent = ""
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var sign = ""
            if index < bytes.endIndex, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                sign = bytes[index] == UInt8(ascii: "-") ? "-" : ""
                index += 1
            }
            let exponentDigits = digits()
            guard !exponentDigits.isEmpty else { return nil }
            exponent = "e" + sign + exponentDigits
        }
        guard index == bytes.endIndex else { return nil }
        let literal = (whole.isEmpty ? "0" : whole) + "." + (fraction.isEmpty ? "0" : fraction) + exponent
        guard let value = Double(literal) else { return nil }
        return negative ? -value : value
    }

    /// Rust's `str::trim`: Unicode White_Space at both ends.
    static func trimmedRustSpace(_ text: String) -> String {
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, PythonText.isRegexSpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, PythonText.isRegexSpace(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    static func list(_ input: JSONValue) -> Result<[JSONValue], ValidationIssue> {
        if case .array(let elements) = input { return .success(elements) }
        return .failure(ValidationIssue("list_type", msg: "Input should be a valid list", input: input))
    }
}

import JSONCore

/// Python's `int()` and truthiness, which PyJWT applies to time claims and the app applies to `sub`.
enum PythonInt {
    /// `int(value)` for a JSON claim, as a double for comparison with the clock; nil where Python raises.
    static func claim(_ value: JSONValue) -> Double? {
        switch value {
        case .bool(let flag): return flag ? 1 : 0
        case .number(let number):
            if number.isInteger { return number.double }
            guard number.double.isFinite else { return nil }
            return number.double.rounded(.towardZero)
        case .string(let text):
            return parse(text)?.double
        default:
            return nil
        }
    }

    /// `int(text)`: `str.strip()` whitespace, one sign, Unicode decimal digits with single underscores
    /// between them, at most 4300 digits. Nil where Python raises ValueError.
    static func parse(_ text: String) -> JSONNumber? {
        var scalars = Array(text.unicodeScalars)[...]
        while let first = scalars.first, PythonText.isSpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, PythonText.isSpace(last) { scalars = scalars.dropLast() }
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        guard !scalars.isEmpty else { return nil }
        var digits = ""
        var previousWasDigit = false
        for scalar in scalars {
            if let digit = decimalValue(scalar) {
                digits += String(digit)
                previousWasDigit = true
            } else if scalar == "_" && previousWasDigit {
                previousWasDigit = false
            } else {
                return nil
            }
        }
        guard previousWasDigit, digits.count <= 4300 else { return nil }
        return JSONNumber(integerText: (negative ? "-" : "") + digits)
    }

    /// The value of a Unicode decimal digit (general category Nd), as Python's `int()` accepts.
    private static func decimalValue(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.properties.numericType == .decimal, let value = scalar.properties.numericValue else { return nil }
        return Int(value)
    }

    /// Python's `bool(value)` for JSON values.
    static func isTruthy(_ value: JSONValue) -> Bool {
        switch value {
        case .null: return false
        case .bool(let flag): return flag
        case .number(let number): return number.isInteger ? number.text != "0" : number.double != 0
        case .string(let text): return !text.isEmpty
        case .array(let elements): return !elements.isEmpty
        case .object(let object): return !object.isEmpty
        }
    }
}

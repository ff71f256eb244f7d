/// Python's `repr(float)`: the shortest digits that round-trip, in fixed notation when the
/// decimal exponent is in [-4, 16), otherwise as `1e+16` / `1.5e-05`.
public enum PythonFloat {
    public static func repr(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        let (negative, digits, pointPosition) = shortestDigits(value)
        var out = negative ? "-" : ""
        if pointPosition <= -4 || pointPosition > 16 {
            // Scientific: d[.ddd]e±XX, at least two exponent digits.
            out += String(digits.first ?? "0")
            if digits.count > 1 { out += "." + digits.dropFirst() }
            let exponent = pointPosition - 1
            out += exponent < 0 ? "e-" : "e+"
            let magnitude = String(abs(exponent))
            out += magnitude.count < 2 ? "0" + magnitude : magnitude
        } else if pointPosition <= 0 {
            out += "0." + String(repeating: "0", count: -pointPosition) + digits
        } else if pointPosition >= digits.count {
            out += digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        } else {
            let split = digits.index(digits.startIndex, offsetBy: pointPosition)
            out += digits[..<split] + "." + digits[split...]
        }
        return out
    }

    /// The shortest round-trip digit string and the position of the decimal point relative to it,
    /// read off Swift's own shortest representation (which agrees with Python's dtoa mode 0).
    public static func shortestDigits(_ value: Double) -> (negative: Bool, digits: String, pointPosition: Int) {
        var text = Substring(value.description)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var integerPart = text
        var fraction: Substring = ""
        if let dot = text.firstIndex(of: ".") {
            integerPart = text[..<dot]
            fraction = text[text.index(after: dot)...]
        }
        var digits = String(integerPart) + fraction
        var point = integerPart.count + exponent
        // Normalise: no leading zeros (moving the point), no trailing zeros.
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            point -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (negative, digits, point)
    }
}

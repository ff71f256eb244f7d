/// A JSON number that remembers whether it was written as an integer (`1`) or a float (`1.0`, `1e3`).
///
/// Integers keep every digit, so ids beyond 64 bits survive a round trip as they do in Python.
public struct JSONNumber: Sendable, Hashable {
    /// For integers, the canonical decimal text (`-12`, never `-0` or leading zeros); for floats, Python's repr.
    public let text: String
    public let isInteger: Bool
    /// The value as a double (rounded for huge integers; ±inf or nan for non-finite floats).
    public let double: Double

    public init(_ value: Int64) {
        text = String(value)
        isInteger = true
        double = Double(value)
    }

    public init(float value: Double) {
        text = PythonFloat.repr(value)
        isInteger = false
        double = value
    }

    /// An integer whose text is already canonical (the JSON grammar allows no leading zeros): the parser's
    /// fast path, free of the generic checks below.
    init(canonicalInteger text: String) {
        self.text = text
        isInteger = true
        double = Double(text) ?? (text.hasPrefix("-") ? -.infinity : .infinity)
    }

    /// An integer from decimal digits with an optional leading minus; nil for anything else.
    public init?(integerText: some StringProtocol) {
        var digits = Substring(integerText)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        guard !digits.isEmpty, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        let trimmed = digits.drop { $0 == "0" }
        let magnitude = trimmed.isEmpty ? "0" : String(trimmed)
        text = negative && magnitude != "0" ? "-" + magnitude : magnitude
        isInteger = true
        double = Double(text) ?? (negative ? -.infinity : .infinity)
    }

    /// The integer value when it fits in 64 bits.
    public var int64: Int64? { isInteger ? Int64(text) : nil }

    public var isNegative: Bool { isInteger ? text.hasPrefix("-") : double < 0 }

    /// Compares by value, for Pydantic-style bounds (`ge`, `le`); exact for integers of any size.
    public func compare(to other: JSONNumber) -> Order {
        if isInteger && other.isInteger { return JSONNumber.compareIntegerTexts(text, other.text) }
        if double.isNaN || other.double.isNaN { return .unordered }
        return double < other.double ? .less : (double > other.double ? .greater : .equal)
    }

    /// Three-way comparison with an "unordered" outcome for NaN.
    public enum Order: Sendable { case less, equal, greater, unordered }

    static func compareIntegerTexts(_ a: String, _ b: String) -> Order {
        let aNegative = a.hasPrefix("-"), bNegative = b.hasPrefix("-")
        if aNegative != bNegative { return aNegative ? .less : .greater }
        let aDigits = aNegative ? a.dropFirst() : Substring(a)
        let bDigits = bNegative ? b.dropFirst() : Substring(b)
        var magnitude: Order
        if aDigits.count != bDigits.count {
            magnitude = aDigits.count < bDigits.count ? .less : .greater
        } else if aDigits == bDigits {
            magnitude = .equal
        } else {
            magnitude = aDigits < bDigits ? .less : .greater
        }
        if aNegative {
            if magnitude == .less { magnitude = .greater } else if magnitude == .greater { magnitude = .less }
        }
        return magnitude
    }
}

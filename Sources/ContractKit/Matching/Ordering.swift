import Foundation
import JSONCore

/// How two JSON values compare for the relation matchers: timestamps by the instant they name (any offset,
/// any fraction), numbers by value, other strings by code point; other pairs do not compare.
enum Ordering {
    static func compare(_ a: JSONValue, _ b: JSONValue) -> JSONNumber.Order {
        switch (a, b) {
        case (.number(let x), .number(let y)):
            return x.compare(to: y)
        case (.string(let x), .string(let y)):
            if let first = instant(x), let second = instant(y) { return first < second ? .less : (first > second ? .greater : .equal) }
            return x.unicodeScalars.lexicographicallyPrecedes(y.unicodeScalars)
                ? .less : (x.unicodeScalars.elementsEqual(y.unicodeScalars) ? .equal : .greater)
        default:
            return .unordered
        }
    }

    /// An RFC 3339 timestamp as microseconds since the epoch (fractions beyond microseconds are cut).
    static func instant(_ text: String) -> Int64? {
        let pattern = #"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$"#
        guard let regex = RegexCache.regex(pattern), let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else {
            return nil
        }
        func field(_ index: Int) -> String? { Range(match.range(at: index), in: text).map { String(text[$0]) } }
        guard let year = field(1).flatMap({ Int64($0) }), let month = field(2).flatMap({ Int64($0) }), let day = field(3).flatMap({ Int64($0) }),
            let hour = field(4).flatMap({ Int64($0) }), let minute = field(5).flatMap({ Int64($0) }), let second = field(6).flatMap({ Int64($0) }),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second <= 60
        else { return nil }
        let fraction = (field(7) ?? "").padding(toLength: 6, withPad: "0", startingAt: 0).prefix(6)
        var offset: Int64 = 0
        if let sign = field(9), let hours = field(10).flatMap({ Int64($0) }), let minutes = field(11).flatMap({ Int64($0) }) {
            offset = (hours * 3600 + minutes * 60) * (sign == "-" ? -1 : 1)
        }
        // Days from the civil date (Howard Hinnant's algorithm).
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offset
        return seconds * 1_000_000 + (Int64(fraction) ?? 0)
    }
}

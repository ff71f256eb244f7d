import Foundation
import Locking

/// Compiled `$regex` patterns, shared by every fixture of a run.
enum RegexCache {
    private static let compiled = Locked<[String: NSRegularExpression]>([:])

    static func regex(_ pattern: String) -> NSRegularExpression? {
        if let cached = compiled.withLock({ $0[pattern] }) { return cached }
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return nil }
        compiled.withLock { $0[pattern] = regex }
        return regex
    }

    static func isValid(_ pattern: String) -> Bool { regex(pattern) != nil }

    /// True when the pattern finds a match anywhere in `text` (anchor it for a full match).
    static func matches(_ pattern: String, _ text: String) -> Bool {
        guard let regex = regex(pattern) else { return false }
        return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
    }
}

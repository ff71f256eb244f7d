import JSONCore

/// One difference between what a fixture expects and what came back, at a JSON path.
public struct Mismatch: Sendable, Equatable, CustomStringConvertible {
    /// Where: `$.detail[0].msg`, `header:www-authenticate`, `status`.
    public let path: String
    /// The expectation, as the fixture states it (a literal or a matcher's summary).
    public let expected: String
    /// The value that came back; nil when there was none (a missing key or header).
    public let actual: JSONValue?
    /// What kind of difference, in a few words.
    public let note: String

    public init(path: String, expected: String, actual: JSONValue?, note: String) {
        self.path = path
        self.expected = expected
        self.actual = actual
        self.note = note
    }

    public var description: String {
        "\(path): \(note) (expected \(expected), actual \(actual.map(JSONWriter.compact) ?? "nothing"))"
    }
}

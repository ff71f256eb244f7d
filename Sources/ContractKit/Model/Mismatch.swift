import JSONCore

/// One difference between what was expected and what came back: where, what kind, and both values
/// as data. Reports render the words; nothing reads them back.
public struct Mismatch: Sendable, Equatable {
    /// Where the difference is.
    public enum Location: Sendable, Hashable {
        case status
        /// A response header, by lower-cased name.
        case header(String)
        /// A place in the JSON body.
        case body(JSONPath)
        /// The body as text (it was not JSON, or was compared as text).
        case rawBody
        /// A capture the step declares, by name.
        case capture(String)
        /// The multiset of a parallel group's statuses.
        case groupStatuses
        case handshake
        /// The WebSocket message at this position of the step, and a place in its JSON.
        case message(Int, JSONPath)
        /// The owner's read-back after another user's request (derived ownership checks).
        case ownerReadBack(method: String, target: String)
        /// Another user's list (derived ownership checks).
        case otherUsersList(target: String)
        /// The exchange as a whole (a comparison of two targets where one never got this far).
        case exchange
    }

    /// What kind of difference.
    public enum Kind: Sendable, Equatable {
        case wrongStatus
        case differentValue
        case missing
        case unexpected
        /// The value is not of the JSON type the expectation is (`object`, `array`, `text message`, …).
        case wrongType(expected: String)
        /// A type matcher (`$integer`, `$regex`, …) did not match.
        case notMatching(matcher: String)
        case missingElement(expectedCount: Int, actualCount: Int)
        case unexpectedElement(expectedCount: Int, actualCount: Int)
        case wrongCount(expected: Int, actual: Int)
        case tooFew(minimum: Int, actual: Int)
        case tooMany(maximum: Int, actual: Int)
        /// `$anyOrder`: the same number of elements, but they do not pair up.
        case elementsDiffer
        /// `$contains`: some expected element has no match.
        case elementsMissing
        /// `$oneOf`: no alternative matches.
        case noAlternative
        case notJSON
        case nothingCaptured(name: String)
        /// The expectation's template could not be rendered.
        case unrenderable(String)
        case differentStatuses
        case handshakeRefused
        case handshakeAccepted
        case notClosed
        case wrongCloseCode
        case timedOut(seconds: Double)
        case changedByAnotherUser
        case unreadable(reason: String)
        case leaked
        case notReached(byFirst: Bool)
        /// A value just inside a bound was refused with a 422 (or a 5xx).
        case refusedValidValue
        /// A credential the contract accepts (a token without `exp`) got the bad-token answer (or a 5xx).
        case refusedValidCredential
        /// `$after`, `$before`, `$atLeast`, `$atMost` or `$notEqual` does not hold.
        case relationFails
        /// `$sortedBy`: the element at this place comes before its predecessor.
        case outOfOrder
        /// `--validate-responses`: the body breaks the operation's response schema (the reason in words).
        case schemaViolation(String)
    }

    /// What was expected, as data.
    public enum Expected: Sendable, Equatable {
        /// A literal value.
        case value(JSONValue)
        /// A matcher, in fixture syntax, with its one-line summary.
        case matcher(JSONValue, summary: String)
        case statuses([Int])
        /// Nothing should be there.
        case absent
    }

    public let location: Location
    public let kind: Kind
    /// nil when the kind says all there is to say (a capture that found nothing, a body that is not JSON).
    public let expected: Expected?
    /// What came back; nil when nothing did.
    public let actual: JSONValue?

    public init(_ location: Location, _ kind: Kind, expected: Expected?, actual: JSONValue?) {
        self.location = location
        self.kind = kind
        self.expected = expected
        self.actual = actual
    }

    public var isStatus: Bool { location == .status }

    /// Whether the difference is inside the body (a JSON place or the text).
    public var isInBody: Bool {
        switch location {
        case .body, .rawBody: return true
        default: return false
        }
    }

    /// Whether the difference is in a capture rather than in the answer itself.
    public var isCapture: Bool { if case .capture = location { return true } else { return false } }
}

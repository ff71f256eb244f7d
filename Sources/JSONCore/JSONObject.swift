/// A JSON object as a Python dict: members keep their first-insertion order, and keys are compared
/// code point by code point (`"é"` and `"e\u{301}"` are two keys, as in Python, not one as Swift's `==` says).
public struct JSONObject: Sendable, Hashable, Sequence {
    public private(set) var keys: [String] = []
    private var storage: [CodePoints: JSONValue] = [:]

    public init() {}

    public init(_ pairs: [(String, JSONValue)]) {
        for (key, value) in pairs { self[key] = value }
    }

    public subscript(key: String) -> JSONValue? {
        get { storage[CodePoints(key)] }
        set {
            let exact = CodePoints(key)
            if let newValue {
                if storage.updateValue(newValue, forKey: exact) == nil { keys.append(key) }
            } else if storage.removeValue(forKey: exact) != nil {
                keys.removeAll { CodePoints($0) == exact }
            }
        }
    }

    public var count: Int { keys.count }
    public var isEmpty: Bool { keys.isEmpty }

    public func contains(_ key: String) -> Bool { storage[CodePoints(key)] != nil }

    public func makeIterator() -> AnyIterator<(key: String, value: JSONValue)> {
        var index = 0
        return AnyIterator {
            guard index < keys.count else { return nil }
            defer { index += 1 }
            let key = keys[index]
            return (key, storage[CodePoints(key)] ?? .null)
        }
    }

    /// Objects are equal when they hold the same members, whatever their order (as Python dicts compare).
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool { lhs.storage == rhs.storage }

    public func hash(into hasher: inout Hasher) {
        // Order-independent, as == is: the members' hashes are combined commutatively.
        var combined = 0
        for (key, value) in storage {
            var member = Hasher()
            member.combine(key)
            member.combine(value)
            combined ^= member.finalize()
        }
        hasher.combine(storage.count)
        hasher.combine(combined)
    }
}

/// A string compared and hashed by its code points (its UTF-8 bytes), as Python compares `str`.
struct CodePoints: Hashable, Sendable {
    let text: String

    init(_ text: String) { self.text = text }

    static func == (lhs: CodePoints, rhs: CodePoints) -> Bool { lhs.text.utf8.elementsEqual(rhs.text.utf8) }

    func hash(into hasher: inout Hasher) {
        hasher.combine(text.utf8.count)
        for byte in text.utf8 { hasher.combine(byte) }
    }
}

import Foundation
import JSONCore

/// The JSONPath subset captures use: `$`, `.key`, `['key']`, `[index]` (negative counts from the end).
public struct JSONPath: Sendable, Hashable, CustomStringConvertible {
    public enum Component: Sendable, Hashable {
        case key(String)
        case index(Int)
    }

    public let components: [Component]
    public let description: String

    public init(components: [Component]) {
        self.components = components
        description =
            "$"
            + components.map { component in
                switch component {
                case .key(let key):
                    let simple = !key.isEmpty && key.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" }
                    return simple ? "." + key : "['" + key.replacingOccurrences(of: "'", with: "\\'") + "']"
                case .index(let index): return "[\(index)]"
                }
            }.joined()
    }

    /// Parses `$.a.b[0]['c d']`; nil with a reason when the text is not in the subset.
    public static func parse(_ text: String) -> Result<JSONPath, PathError> {
        let chars = Array(text)
        guard chars.first == "$" else { return .failure(PathError(message: "a path starts with $")) }
        var components: [Component] = []
        var index = 1
        while index < chars.count {
            if chars[index] == "." {
                index += 1
                var key = ""
                while index < chars.count, chars[index] != ".", chars[index] != "[" {
                    key.append(chars[index])
                    index += 1
                }
                guard !key.isEmpty else { return .failure(PathError(message: "empty key after '.'")) }
                components.append(.key(key))
            } else if chars[index] == "[" {
                index += 1
                if index < chars.count, chars[index] == "'" || chars[index] == "\"" {
                    let quote = chars[index]
                    index += 1
                    var key = ""
                    while index < chars.count, chars[index] != quote {
                        if chars[index] == "\\", index + 1 < chars.count { index += 1 }
                        key.append(chars[index])
                        index += 1
                    }
                    guard index + 1 < chars.count, chars[index + 1] == "]" else {
                        return .failure(PathError(message: "unterminated quoted key"))
                    }
                    index += 2
                    components.append(.key(key))
                } else {
                    var digits = ""
                    while index < chars.count, chars[index] != "]" {
                        digits.append(chars[index])
                        index += 1
                    }
                    guard index < chars.count, let number = Int(digits) else {
                        return .failure(PathError(message: "expected an index or a quoted key in [...]"))
                    }
                    index += 1
                    components.append(.index(number))
                }
            } else {
                return .failure(PathError(message: "unexpected '\(chars[index])'"))
            }
        }
        return .success(JSONPath(components: components))
    }

    public struct PathError: Error, Sendable { public let message: String }

    /// The root, `$`.
    public static let root = JSONPath(components: [])

    public func appending(_ key: String) -> JSONPath { JSONPath(components: components + [.key(key)]) }
    public func appending(_ index: Int) -> JSONPath { JSONPath(components: components + [.index(index)]) }

    /// The value at this path, or nil when some step of it does not exist.
    public func evaluate(_ value: JSONValue) -> JSONValue? {
        var current = value
        for component in components {
            switch (component, current) {
            case (.key(let key), .object(let object)):
                guard let next = object[key] else { return nil }
                current = next
            case (.index(let index), .array(let items)):
                let position = index < 0 ? items.count + index : index
                guard position >= 0, position < items.count else { return nil }
                current = items[position]
            default:
                return nil
            }
        }
        return current
    }
}

extension JSONValue {
    /// This value with the one at `path` replaced: a missing key is added, an index out of range leaves it as it is.
    func replacing(at path: ArraySlice<JSONPath.Component>, with replacement: JSONValue) -> JSONValue {
        guard let first = path.first else { return replacement }
        switch (self, first) {
        case (.object(var object), .key(let key)):
            object[key] = (object[key] ?? .null).replacing(at: path.dropFirst(), with: replacement)
            return .object(object)
        case (.array(var items), .index(let index)) where items.indices.contains(index):
            items[index] = items[index].replacing(at: path.dropFirst(), with: replacement)
            return .array(items)
        default:
            return self
        }
    }
}

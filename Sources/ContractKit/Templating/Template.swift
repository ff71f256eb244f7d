import Crypto
import Foundation
import JSONCore
import Locking

/// `{{…}}` expressions in fixture strings: variables, actor properties, and the built-in functions.
public enum Template {
    /// One `{{…}}` expression.
    public enum Expression: Sendable, Equatable {
        /// A captured or declared variable, or an actor property (`alice.id`).
        case variable(String)
        case run
        case unique
        /// A fresh random value that shares nothing with any other (passwords).
        case random
        case repeatText(count: Int, text: String)
        case algNone(String)
        case flipSignature(String)
        case swapSubject(token: String, subject: String)
        /// A variable's text in upper case (is a login case-insensitive?).
        case upper(String)
        /// `$actor`, the actor's name inside actor provisioning.
        case actorName

        /// The variables the expression reads.
        public var references: [String] {
            switch self {
            case .variable(let name), .algNone(let name), .flipSignature(let name), .upper(let name): return [name]
            case .swapSubject(let token, let subject): return [token, subject]
            default: return []
            }
        }
    }

    /// A piece of a template string: literal text, or an expression.
    public enum Piece: Sendable, Equatable {
        case text(String)
        case expression(Expression)
    }

    public struct SyntaxError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Splits a string into literal text and expressions.
    public static func parse(_ text: String) -> Result<[Piece], SyntaxError> {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].range(of: "}}") else {
                return .failure(SyntaxError(description: "unclosed {{ in \(JSONWriter.compact(.string(text)))"))
            }
            let source = rest[open.upperBound..<close.lowerBound].trimmingCharacters(in: .whitespaces)
            switch expression(source) {
            case .success(let parsed): pieces.append(.expression(parsed))
            case .failure(let error): return .failure(error)
            }
            rest = rest[close.upperBound...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return .success(pieces)
    }

    static func expression(_ source: String) -> Result<Expression, SyntaxError> {
        let words = source.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let head = words.first else { return .failure(SyntaxError(description: "empty {{}}")) }
        func arity(_ count: Int) -> Bool { words.count == count + 1 }
        switch head {
        case "$run" where arity(0): return .success(.run)
        case "$unique" where arity(0): return .success(.unique)
        case "$random" where arity(0): return .success(.random)
        case "$actor" where arity(0): return .success(.actorName)
        case "$repeat":
            guard words.count >= 3, let count = Int(words[1]), count >= 0, count <= 1_000_000 else {
                return .failure(SyntaxError(description: "use {{$repeat COUNT TEXT}}"))
            }
            return .success(.repeatText(count: count, text: words[2...].joined(separator: " ")))
        case "$algNone" where arity(1): return .success(.algNone(words[1]))
        case "$flipSignature" where arity(1): return .success(.flipSignature(words[1]))
        case "$swapSubject" where arity(2): return .success(.swapSubject(token: words[1], subject: words[2]))
        case "$upper" where arity(1): return .success(.upper(words[1]))
        default:
            if head.hasPrefix("$") {
                return .failure(
                    SyntaxError(
                        description:
                            "unknown function \(head) (known: $run, $unique, $random, $repeat, $algNone, $flipSignature, $swapSubject, $upper)"))
            }
            guard arity(0) else { return .failure(SyntaxError(description: "unexpected words in {{\(source)}}")) }
            return .success(.variable(head))
        }
    }

    /// Every expression in a JSON value's strings (keys included).
    public static func expressions(in value: JSONValue) -> [Expression] {
        switch value {
        case .string(let text): return expressions(in: text)
        case .array(let items): return items.flatMap { expressions(in: $0) }
        case .object(let object): return object.flatMap { expressions(in: $0.key) + expressions(in: $0.value) }
        default: return []
        }
    }

    public static func expressions(in text: String) -> [Expression] {
        guard text.contains("{{"), case .success(let pieces) = parse(text) else { return [] }
        return pieces.compactMap { if case .expression(let expression) = $0 { return expression } else { return nil } }
    }
}

/// The values templates read while a fixture runs.
public struct TemplateScope: Sendable {
    public var variables: [String: JSONValue] = [:]
    public let runID: String
    public var actorName: String?
    private let counter: UniqueCounter

    public init(runID: String, counter: UniqueCounter) {
        self.runID = runID
        self.counter = counter
    }

    public struct RenderError: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Renders a template string: exactly one expression keeps its JSON type; otherwise text.
    public func render(_ text: String) throws(RenderError) -> JSONValue {
        guard text.contains("{{") else { return .string(text) }
        let pieces: [Template.Piece]
        switch Template.parse(text) {
        case .success(let parsed): pieces = parsed
        case .failure(let error): throw RenderError(description: error.description)
        }
        if pieces.count == 1, case .expression(let expression) = pieces[0] { return try evaluate(expression) }
        var out = ""
        for piece in pieces {
            switch piece {
            case .text(let literal): out += literal
            case .expression(let expression): out += Self.text(of: try evaluate(expression))
            }
        }
        return .string(out)
    }

    /// Renders a template that must be text (paths, headers, form fields).
    public func renderText(_ text: String) throws(RenderError) -> String {
        Self.text(of: try render(text))
    }

    /// Renders every string in a JSON value.
    public func render(json value: JSONValue) throws(RenderError) -> JSONValue {
        switch value {
        case .string(let text): return try render(text)
        case .array(let items):
            var rendered: [JSONValue] = []
            for item in items { rendered.append(try render(json: item)) }
            return .array(rendered)
        case .object(let object):
            var rendered = JSONObject()
            for (key, member) in object { rendered[try renderText(key)] = try render(json: member) }
            return .object(rendered)
        default:
            return value
        }
    }

    func evaluate(_ expression: Template.Expression) throws(RenderError) -> JSONValue {
        switch expression {
        case .variable(let name): return try lookup(name)
        case .run: return .string(runID)
        case .unique: return .string("\(runID)-\(counter.next())")
        case .random: return .string(Base64URL.encode(SecureRandom.bytes(18)))
        case .actorName: return .string(actorName ?? "anonymous")
        case .repeatText(let count, let text): return .string(Self.repeated(text, count))
        case .algNone(let name): return .string(TokenTampering.algNone(Self.text(of: try lookup(name))))
        case .flipSignature(let name): return .string(TokenTampering.flipSignature(Self.text(of: try lookup(name))))
        case .upper(let name): return .string(Self.text(of: try lookup(name)).uppercased())
        case .swapSubject(let token, let subject):
            return .string(TokenTampering.swapSubject(Self.text(of: try lookup(token)), to: Self.text(of: try lookup(subject))))
        }
    }

    private func lookup(_ name: String) throws(RenderError) -> JSONValue {
        guard let value = variables[name] else { throw RenderError(description: "{{\(name)}} is not defined at this step") }
        return value
    }

    /// `text` `count` times, built by doubling bytes: megabyte bodies render in a few copies, not a million appends.
    static func repeated(_ text: String, _ count: Int) -> String {
        let unit = Array(text.utf8)
        let total = unit.count * count
        guard total > 0 else { return "" }
        var bytes = unit
        bytes.reserveCapacity(total)
        while bytes.count < total { bytes.append(contentsOf: bytes[..<min(bytes.count, total - bytes.count)]) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// How a value reads inside text: strings bare, everything else as compact JSON.
    public static func text(of value: JSONValue) -> String {
        if case .string(let text) = value { return text }
        return JSONWriter.compact(value)
    }
}

/// Hands out numbers unique within a run, from any task.
public final class UniqueCounter: Sendable {
    private let value = Locked(0)
    public init() {}
    public func next() -> Int {
        value.withLock { value in
            value += 1
            return value
        }
    }
}

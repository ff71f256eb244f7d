/// Why a document could not be parsed, and where: Python's message and character offset,
/// plus the 1-based line and column a person looks for in a file.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// A syntax error; `message` is exactly what Python's `json.JSONDecodeError` says.
        case syntax
        /// The bytes are not text in any encoding Python's `json.loads` detects.
        case encoding
        /// Nesting deeper than the parser's limit (Python raises RecursionError).
        case tooDeep
        /// An integer literal longer than Python's int/str conversion limit (4300 digits).
        case integerTooLong
        /// A key repeated within one object, when the parser was asked to refuse that.
        case duplicateKey
    }

    public let kind: Kind
    public let message: String
    /// Offset in Unicode code points from the start of the decoded text (Python's `pos`).
    public let offset: Int
    public let line: Int
    public let column: Int

    public init(kind: Kind, message: String, offset: Int, line: Int, column: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
        self.line = line
        self.column = column
    }

    public var description: String { "\(message): line \(line) column \(column) (char \(offset))" }
}

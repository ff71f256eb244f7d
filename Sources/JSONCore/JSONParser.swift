/// Parses JSON with the grammar, error messages and error offsets of CPython 3.11's `json.loads`.
///
/// The same parser reads request bodies (where FastAPI reports Python's message and offset in a 422)
/// and fixture files (where a person wants a line and column). Options choose the strictness.
public struct JSONParser {
    public struct Options: Sendable {
        /// Accept `NaN`, `Infinity` and `-Infinity`, as Python does by default.
        public var allowNonFinite: Bool
        /// Fail on a key repeated within an object instead of keeping the last value.
        public var rejectDuplicateKeys: Bool
        /// Nesting depth at which parsing stops with `.tooDeep`.
        public var maximumDepth: Int
        /// Integer literals longer than this fail with `.integerTooLong` (Python's `int_max_str_digits`).
        public var maximumIntegerDigits: Int
        /// Replace a lone surrogate (which Python keeps, and a Swift string cannot hold) with
        /// `JSONValue.loneSurrogateMarker` instead of U+FFFD, so callers can act as Python would.
        public var markLoneSurrogates: Bool

        public init(
            allowNonFinite: Bool, rejectDuplicateKeys: Bool, maximumDepth: Int, maximumIntegerDigits: Int = 4300,
            markLoneSurrogates: Bool = false
        ) {
            self.allowNonFinite = allowNonFinite
            self.rejectDuplicateKeys = rejectDuplicateKeys
            self.maximumDepth = maximumDepth
            self.maximumIntegerDigits = maximumIntegerDigits
            self.markLoneSurrogates = markLoneSurrogates
        }

        /// What `json.loads` accepts, as Starlette's `request.json()` calls it.
        public static let python = Options(
            allowNonFinite: true, rejectDuplicateKeys: false, maximumDepth: 960,
            markLoneSurrogates: true)
        /// RFC 8259 JSON for files people write: no NaN, no repeated keys.
        public static let strict = Options(allowNonFinite: false, rejectDuplicateKeys: true, maximumDepth: 512)
    }

    /// Decodes bytes the way `json.loads(bytes)` does: BOM and NUL-pattern detection of UTF-8/16/32.
    public static func parse(bytes: [UInt8], options: Options = .python) throws(JSONParseError) -> JSONValue {
        let surrogate = options.markLoneSurrogates ? JSONValue.loneSurrogateMarker : "\u{FFFD}"
        guard let utf8 = TextDetection.utf8(fromJSONBytes: bytes, surrogateReplacement: surrogate) else {
            throw JSONParseError(kind: .encoding, message: "Invalid text encoding", offset: 0, line: 1, column: 1)
        }
        return try utf8.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = JSONParser(buffer, options: options)
            return try parser.parseDocument()
        }
    }

    public static func parse(_ text: String, options: Options = .python) throws(JSONParseError) -> JSONValue {
        try Array(text.utf8).withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = JSONParser(buffer, options: options)
            return try parser.parseDocument()
        }
    }

    /// Parses and also records where every value starts, keyed by JSON Pointer (`/steps/2/request`),
    /// so that a checker can point at the line and column of what it objects to.
    public static func parseWithLocations(bytes: [UInt8], options: Options = .strict) throws(JSONParseError) -> (JSONValue, JSONLocations) {
        let (value, offsets) = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in
            var parser = JSONParser(buffer, options: options)
            parser.recorded = [:]
            return (try parser.parseDocument(), parser.recorded ?? [:])
        }
        return (value, JSONLocations(bytes: bytes, offsets: offsets))
    }

    /// The bytes being parsed, valid for the parser's whole (scoped) life: raw access keeps debug builds,
    /// where every array subscript retains and releases, from crawling through megabyte bodies.
    private let input: UnsafeBufferPointer<UInt8>
    private let options: Options
    private var index = 0
    private var depth = 0
    private var pointer: [String] = []
    private var recorded: [String: Int]?

    private init(_ input: UnsafeBufferPointer<UInt8>, options: Options) {
        self.input = input
        self.options = options
    }

    private mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let value = try parseValue()
        skipWhitespace()
        if index != input.count { throw error("Extra data", at: index) }
        return value
    }

    // MARK: Values

    private mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard index < input.count else { throw error("Expecting value", at: index) }
        if recorded != nil { recorded?[JSONLocations.pointer(pointer)] = index }
        switch input[index] {
        case UInt8(ascii: "\""):
            return .string(try parseString())
        case UInt8(ascii: "{"):
            return try parseObject()
        case UInt8(ascii: "["):
            return try parseArray()
        case UInt8(ascii: "n") where matches("null"):
            index += 4
            return .null
        case UInt8(ascii: "t") where matches("true"):
            index += 4
            return .bool(true)
        case UInt8(ascii: "f") where matches("false"):
            index += 5
            return .bool(false)
        case UInt8(ascii: "N") where options.allowNonFinite && matches("NaN"):
            index += 3
            return .float(.nan)
        case UInt8(ascii: "I") where options.allowNonFinite && matches("Infinity"):
            index += 8
            return .float(.infinity)
        case UInt8(ascii: "-") where options.allowNonFinite && matches("-Infinity"):
            index += 9
            return .float(-.infinity)
        default:
            return try parseNumber()
        }
    }

    private func matches(_ word: StaticString) -> Bool {
        let count = word.utf8CodeUnitCount
        guard index + count <= input.count else { return false }
        return word.withUTF8Buffer { buffer in
            for offset in 0..<count where input[index + offset] != buffer[offset] { return false }
            return true
        }
    }

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        var cursor = index
        if cursor < input.count && input[cursor] == UInt8(ascii: "-") {
            cursor += 1
            if cursor >= input.count { throw error("Expecting value", at: start) }
        }
        guard cursor < input.count, isDigit(input[cursor]) else { throw error("Expecting value", at: start) }
        if input[cursor] == UInt8(ascii: "0") {
            cursor += 1
        } else {
            while cursor < input.count && isDigit(input[cursor]) { cursor += 1 }
        }
        let integerEnd = cursor
        var isFloat = false
        if cursor + 1 < input.count && input[cursor] == UInt8(ascii: ".") && isDigit(input[cursor + 1]) {
            cursor += 2
            while cursor < input.count && isDigit(input[cursor]) { cursor += 1 }
            isFloat = true
        }
        if cursor < input.count && (input[cursor] == UInt8(ascii: "e") || input[cursor] == UInt8(ascii: "E")) {
            var exponent = cursor + 1
            if exponent < input.count && (input[exponent] == UInt8(ascii: "+") || input[exponent] == UInt8(ascii: "-")) {
                exponent += 1
            }
            if exponent < input.count && isDigit(input[exponent]) {
                while exponent < input.count && isDigit(input[exponent]) { exponent += 1 }
                cursor = exponent
                isFloat = true
            }
        }
        let literal = String(decoding: input[start..<cursor], as: UTF8.self)
        index = cursor
        if isFloat {
            return .float(Double(literal) ?? (literal.hasPrefix("-") ? -.infinity : .infinity))
        }
        let digitCount = integerEnd - start - (literal.hasPrefix("-") ? 1 : 0)
        if digitCount > options.maximumIntegerDigits {
            throw error(
                "Exceeds the limit (\(options.maximumIntegerDigits) digits) for integer string conversion",
                at: start, kind: .integerTooLong)
        }
        // The grammar above already refused leading zeros, so only "-0" needs canonicalizing.
        return .number(JSONNumber(canonicalInteger: literal == "-0" ? "0" : literal))
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    // MARK: Containers

    private mutating func enter() throws(JSONParseError) {
        depth += 1
        if depth > options.maximumDepth {
            throw error("maximum recursion depth exceeded while decoding a JSON document", at: index, kind: .tooDeep)
        }
    }

    private mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var object = JSONObject()
        skipWhitespace()
        if index < input.count && input[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            guard index < input.count, input[index] == UInt8(ascii: "\"") else {
                throw error("Expecting property name enclosed in double quotes", at: index)
            }
            let keyStart = index
            let key = try parseString()
            skipWhitespace()
            guard index < input.count, input[index] == UInt8(ascii: ":") else {
                throw error("Expecting ':' delimiter", at: index)
            }
            index += 1
            skipWhitespace()
            if recorded != nil { pointer.append(key) }
            let value = try parseValue()
            if recorded != nil { pointer.removeLast() }
            if options.rejectDuplicateKeys && object.contains(key) {
                throw error("Duplicate key \"\(key)\"", at: keyStart, kind: .duplicateKey)
            }
            object[key] = value
            skipWhitespace()
            if index < input.count && input[index] == UInt8(ascii: "}") {
                index += 1
                return .object(object)
            }
            guard index < input.count, input[index] == UInt8(ascii: ",") else {
                throw error("Expecting ',' delimiter", at: index)
            }
            index += 1
            skipWhitespace()
        }
    }

    private mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        defer { depth -= 1 }
        index += 1
        var elements: [JSONValue] = []
        skipWhitespace()
        if index < input.count && input[index] == UInt8(ascii: "]") {
            index += 1
            return .array(elements)
        }
        while true {
            if recorded != nil { pointer.append(String(elements.count)) }
            elements.append(try parseValue())
            if recorded != nil { pointer.removeLast() }
            skipWhitespace()
            if index < input.count && input[index] == UInt8(ascii: "]") {
                index += 1
                return .array(elements)
            }
            guard index < input.count, input[index] == UInt8(ascii: ",") else {
                throw error("Expecting ',' delimiter", at: index)
            }
            index += 1
            skipWhitespace()
        }
    }

    // MARK: Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        let begin = index
        index += 1
        var bytes: [UInt8] = []
        while true {
            var chunkEnd = index
            while chunkEnd < input.count {
                let byte = input[chunkEnd]
                if byte == 0x22 || byte == 0x5C || byte < 0x20 { break }
                chunkEnd += 1
            }
            bytes.append(contentsOf: input[index..<chunkEnd])
            index = chunkEnd
            guard index < input.count else { throw error("Unterminated string starting at", at: begin) }
            let byte = input[index]
            if byte == UInt8(ascii: "\"") {
                index += 1
                return String(decoding: bytes, as: UTF8.self)
            }
            if byte < 0x20 { throw error("Invalid control character at", at: index) }
            // A backslash escape.
            index += 1
            guard index < input.count else { throw error("Unterminated string starting at", at: begin) }
            let escape = input[index]
            switch escape {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"):
                bytes.append(escape)
            case UInt8(ascii: "b"): bytes.append(0x08)
            case UInt8(ascii: "f"): bytes.append(0x0c)
            case UInt8(ascii: "n"): bytes.append(0x0a)
            case UInt8(ascii: "r"): bytes.append(0x0d)
            case UInt8(ascii: "t"): bytes.append(0x09)
            case UInt8(ascii: "u"):
                try parseUnicodeEscape(into: &bytes)
                continue
            default:
                throw error("Invalid \\escape", at: index - 1)
            }
            index += 1
        }
    }

    /// `\uXXXX`, joining a high and low surrogate pair; a lone surrogate becomes U+FFFD or the marker.
    /// On entry `index` is at the `u`; on exit it is past the last hex digit consumed.
    private mutating func parseUnicodeEscape(into bytes: inout [UInt8]) throws(JSONParseError) {
        let uIndex = index
        guard let high = hexQuad(at: uIndex + 1) else {
            throw error("Invalid \\uXXXX escape", at: uIndex)
        }
        index = uIndex + 5
        var scalarValue = high
        if (0xD800...0xDBFF).contains(high), index + 1 < input.count,
            input[index] == UInt8(ascii: "\\"), input[index + 1] == UInt8(ascii: "u")
        {
            guard let low = hexQuad(at: index + 2) else {
                throw error("Invalid \\uXXXX escape", at: index + 1)
            }
            if (0xDC00...0xDFFF).contains(low) {
                scalarValue = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                index += 6
            }
        }
        let replacement: Unicode.Scalar = options.markLoneSurrogates ? JSONValue.loneSurrogateMarker : "\u{FFFD}"
        let scalar = Unicode.Scalar(scalarValue) ?? replacement
        bytes.append(contentsOf: Array(String(Character(scalar)).utf8))
    }

    /// Four hex digits starting at `position`, requiring (as CPython's C scanner does) one more
    /// character after them. Errors point at the `u`, as CPython's do.
    private func hexQuad(at position: Int) -> UInt32? {
        guard position + 4 < input.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = input[position + offset]
            let digit: UInt32
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value << 4 | digit
        }
        return value
    }

    // MARK: Whitespace and errors

    private mutating func skipWhitespace() {
        while index < input.count {
            switch input[index] {
            case 0x20, 0x09, 0x0a, 0x0d: index += 1
            default: return
            }
        }
    }

    /// Builds an error at a byte index, converting it to Python's code-point offset and a line/column.
    private func error(_ message: String, at byteIndex: Int, kind: JSONParseError.Kind = .syntax) -> JSONParseError {
        var offset = 0
        var line = 1
        var column = 1
        for position in 0..<min(byteIndex, input.count) {
            let byte = input[position]
            if byte & 0xC0 == 0x80 { continue }  // UTF-8 continuation byte: same character
            offset += 1
            if byte == 0x0a {
                line += 1
                column = 1
            } else {
                column += 1
            }
        }
        return JSONParseError(kind: kind, message: message, offset: offset, line: line, column: column)
    }
}

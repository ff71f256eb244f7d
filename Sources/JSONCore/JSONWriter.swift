/// Writes JSON byte-for-byte as Python's `json.dumps` does, so output diffs cleanly on every platform.
public enum JSONWriter {
    /// `json.dumps(value, ensure_ascii=False, separators=(",", ":"))`: what Starlette's JSONResponse sends.
    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: nil, level: 0, sortKeys: false)
        return out
    }

    /// `json.dumps(value, ensure_ascii=False, indent=2)`, optionally with sorted keys; for files people read.
    public static func pretty(_ value: JSONValue, indent: Int = 2, sortKeys: Bool = false) -> String {
        var out = ""
        write(value, into: &out, indent: indent, level: 0, sortKeys: sortKeys)
        return out
    }

    /// UTF-8 bytes of the compact form.
    public static func compactBytes(_ value: JSONValue) -> [UInt8] { Array(compact(value).utf8) }

    private static func write(_ value: JSONValue, into out: inout String, indent: Int?, level: Int, sortKeys: Bool) {
        switch value {
        case .null: out += "null"
        case .bool(let flag): out += flag ? "true" : "false"
        case .number(let number): out += numberText(number)
        case .string(let text): writeString(text, into: &out)
        case .array(let elements):
            guard !elements.isEmpty else {
                out += "[]"
                return
            }
            out += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                write(element, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys)
            }
            newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let object):
            guard !object.isEmpty else {
                out += "{}"
                return
            }
            out += "{"
            let keys = sortKeys ? object.keys.sorted() : object.keys
            for (offset, key) in keys.enumerated() {
                if offset > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                writeString(key, into: &out)
                out += indent == nil ? ":" : ": "
                write(object[key] ?? .null, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys)
            }
            newline(&out, indent: indent, level: level)
            out += "}"
        }
    }

    /// Python writes non-finite floats as NaN/Infinity when allowed; callers that must refuse them check first.
    static func numberText(_ number: JSONNumber) -> String {
        if number.isInteger { return number.text }
        if number.double.isNaN { return "NaN" }
        if number.double.isInfinite { return number.double < 0 ? "-Infinity" : "Infinity" }
        return number.text
    }

    private static func newline(_ out: inout String, indent: Int?, level: Int) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * level)
    }

    private static let hexDigits = Array("0123456789abcdef")

    static func writeString(_ text: String, into out: inout String) {
        out += "\""
        // Copy runs that need no escape whole: only ASCII bytes are ever escaped, so every escape sits on
        // a character boundary and the runs between them are valid slices of the string.
        let utf8 = text.utf8
        var runStart = utf8.startIndex
        var index = runStart
        while index != utf8.endIndex {
            let byte = utf8[index]
            guard byte == 0x22 || byte == 0x5C || byte < 0x20 else {
                index = utf8.index(after: index)
                continue
            }
            out += text[runStart..<index]
            switch byte {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            default: out += "\\u00" + String(hexDigits[Int(byte >> 4)]) + String(hexDigits[Int(byte & 0xf)])
            }
            index = utf8.index(after: index)
            runStart = index
        }
        out += text[runStart..<utf8.endIndex]
        out += "\""
    }
}

extension JSONValue {
    /// True when the value holds a NaN or infinity anywhere: Starlette refuses to send those (a 500).
    public var containsNonFiniteNumber: Bool {
        switch self {
        case .number(let number): return !number.isInteger && !number.double.isFinite
        case .array(let elements): return elements.contains { $0.containsNonFiniteNumber }
        case .object(let object): return object.contains { $0.value.containsNonFiniteNumber }
        default: return false
        }
    }
}

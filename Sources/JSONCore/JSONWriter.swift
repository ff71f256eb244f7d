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
            guard !elements.isEmpty else { out += "[]"; return }
            out += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { out += "," }
                newline(&out, indent: indent, level: level + 1)
                write(element, into: &out, indent: indent, level: level + 1, sortKeys: sortKeys)
            }
            newline(&out, indent: indent, level: level)
            out += "]"
        case .object(let object):
            guard !object.isEmpty else { out += "{}"; return }
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
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}"..."\u{1F}":
                let value = Int(scalar.value)
                out += "\\u00" + String(hexDigits[value >> 4]) + String(hexDigits[value & 0xf])
            default:
                out.unicodeScalars.append(scalar)
            }
        }
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

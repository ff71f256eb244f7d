/// Percent-decoding as Python's `urllib.parse` does it, which is what uvicorn and Starlette apply
/// to paths (`unquote`) and to query strings and forms (`parse_qsl`).
public enum PercentDecoding {
    /// `urllib.parse.unquote` (or `unquote_plus`): each run of ASCII characters has its `%XX` escapes
    /// turned into bytes and decoded as UTF-8 with U+FFFD for invalid bytes; other characters stay as they are.
    public static func unquote(_ text: some StringProtocol, plusAsSpace: Bool = false) -> String {
        let scalars = text.unicodeScalars
        guard scalars.contains("%") || (plusAsSpace && scalars.contains("+")) else { return String(text) }
        var out = String.UnicodeScalarView()
        var run: [UInt8] = []
        func flush() {
            guard !run.isEmpty else { return }
            out.append(contentsOf: String(decoding: unquoteToBytes(run, plusAsSpace: plusAsSpace), as: UTF8.self).unicodeScalars)
            run.removeAll(keepingCapacity: true)
        }
        for scalar in scalars {
            if scalar.isASCII {
                run.append(UInt8(scalar.value))
            } else {
                flush()
                out.append(scalar)
            }
        }
        flush()
        return String(out)
    }

    /// `urllib.parse.unquote_to_bytes` on ASCII: valid `%XX` escapes become bytes, anything else stays.
    static func unquoteToBytes(_ ascii: [UInt8], plusAsSpace: Bool) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(ascii.count)
        var index = 0
        while index < ascii.count {
            let byte = ascii[index]
            if byte == UInt8(ascii: "%"), index + 2 < ascii.count,
                let high = hexValue(ascii[index + 1]), let low = hexValue(ascii[index + 2])
            {
                bytes.append(high << 4 | low)
                index += 3
            } else {
                bytes.append(plusAsSpace && byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
                index += 1
            }
        }
        return bytes
    }

    /// Bytes read as ISO-8859-1, one character per byte: how Starlette reads query strings and form fields.
    public static func latin1(_ bytes: some Sequence<UInt8>) -> String {
        var out = String.UnicodeScalarView()
        for byte in bytes { out.append(Unicode.Scalar(byte)) }
        return String(out)
    }

    /// `urllib.parse.parse_qsl(query, keep_blank_values=True)`, which is also what python-multipart and
    /// Starlette make of a url-encoded form: `&`-separated pairs, `+` as space, a field without `=` has
    /// an empty value, and empty fields are skipped.
    public static func parseQuery(_ query: some StringProtocol) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for field in String(query).split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = field.firstIndex(of: "=") {
                name = field[..<equals]
                value = field[field.index(after: equals)...]
            } else {
                name = field
                value = ""
            }
            pairs.append((unquote(name, plusAsSpace: true), unquote(value, plusAsSpace: true)))
        }
        return pairs
    }

    /// Percent-encodes everything but RFC 3986 unreserved characters (for building targets and forms).
    public static func quote(_ text: some StringProtocol, keeping extra: Set<UInt8> = []) -> String {
        var out = ""
        for byte in text.utf8 {
            let isUnreserved =
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x2E || byte == 0x5F || byte == 0x7E
            if isUnreserved || extra.contains(byte) {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

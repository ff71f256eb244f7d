/// Header text as the Python servers read it: bytes decoded as Latin-1, trimmed of ASCII whitespace only
/// (`bytes.strip()`), so a no-break space (0xA0) is content, not padding.
enum HTTPText {
    /// `bytes.strip()`: space, tab, CR, LF, vertical tab and form feed at either end.
    static func trimmingASCIISpace(_ text: some StringProtocol) -> String {
        var scalars = Substring(text).unicodeScalars[...]
        while let first = scalars.first, isASCIISpace(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, isASCIISpace(last) { scalars = scalars.dropLast() }
        return String(String.UnicodeScalarView(scalars))
    }

    static func isASCIISpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D: return true
        default: return false
        }
    }
}

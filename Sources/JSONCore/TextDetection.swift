/// The encoding detection of Python's `json.detect_encoding`, transcoding to validated UTF-8.
enum TextDetection {
    static func utf8(fromJSONBytes bytes: [UInt8], surrogateReplacement: Unicode.Scalar = "\u{FFFD}") -> [UInt8]? {
        let r = surrogateReplacement
        if bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF]) { return decode32(bytes.dropFirst(4), bigEndian: true, r) }
        if bytes.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return decode32(bytes.dropFirst(4), bigEndian: false, r) }
        if bytes.starts(with: [0xFE, 0xFF]) { return decode16(bytes.dropFirst(2), bigEndian: true, r) }
        if bytes.starts(with: [0xFF, 0xFE]) { return decode16(bytes.dropFirst(2), bigEndian: false, r) }
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return validated(Array(bytes.dropFirst(3)), surrogateReplacement) }
        if bytes.count >= 4 {
            if bytes[0] == 0 { return bytes[1] != 0 ? decode16(bytes[...], bigEndian: true, r) : decode32(bytes[...], bigEndian: true, r) }
            if bytes[1] == 0 {
                return bytes[2] != 0 || bytes[3] != 0 ? decode16(bytes[...], bigEndian: false, r) : decode32(bytes[...], bigEndian: false, r)
            }
        } else if bytes.count == 2 {
            if bytes[0] == 0 { return decode16(bytes[...], bigEndian: true, r) }
            if bytes[1] == 0 { return decode16(bytes[...], bigEndian: false, r) }
        }
        return validated(bytes, surrogateReplacement)
    }

    /// UTF-8 as Python decodes it with `surrogatepass`: encoded surrogates (ED A0–BF xx) are allowed
    /// and become `replacement` here, since a Swift string cannot hold a lone surrogate.
    private static func validated(_ bytes: [UInt8], _ replacement: Unicode.Scalar) -> [UInt8]? {
        if String(validating: bytes, as: UTF8.self) != nil { return bytes }
        var repaired: [UInt8] = []
        repaired.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if bytes[index] == 0xED, index + 2 < bytes.count, (0xA0...0xBF).contains(bytes[index + 1]),
                (0x80...0xBF).contains(bytes[index + 2])
            {
                repaired += Array(String(Character(replacement)).utf8)
                index += 3
            } else {
                repaired.append(bytes[index])
                index += 1
            }
        }
        return String(validating: repaired, as: UTF8.self) == nil ? nil : repaired
    }

    /// UTF-16 as Python decodes it with `surrogatepass`: a lone surrogate is kept (as `replacement` here).
    private static func decode16(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, _ replacement: Unicode.Scalar) -> [UInt8]? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let a = UInt16(bytes[index]), b = UInt16(bytes[index + 1])
            units.append(bigEndian ? a << 8 | b : b << 8 | a)
            index += 2
        }
        var scalars = String.UnicodeScalarView()
        var position = 0
        while position < units.count {
            let unit = units[position]
            if (0xD800...0xDBFF).contains(unit), position + 1 < units.count, (0xDC00...0xDFFF).contains(units[position + 1]) {
                let value = 0x10000 + (UInt32(unit - 0xD800) << 10) + UInt32(units[position + 1] - 0xDC00)
                scalars.append(Unicode.Scalar(value) ?? replacement)
                position += 2
            } else {
                scalars.append(Unicode.Scalar(UInt32(unit)) ?? replacement)
                position += 1
            }
        }
        return Array(String(scalars).utf8)
    }

    /// UTF-32 likewise: a surrogate code point is kept (as `replacement`); a value past U+10FFFF is an error.
    private static func decode32(_ bytes: ArraySlice<UInt8>, bigEndian: Bool, _ replacement: Unicode.Scalar) -> [UInt8]? {
        guard bytes.count % 4 == 0 else { return nil }
        var scalars = String.UnicodeScalarView()
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let b = (0..<4).map { UInt32(bytes[index + $0]) }
            let value = bigEndian ? b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3] : b[3] << 24 | b[2] << 16 | b[1] << 8 | b[0]
            if (0xD800...0xDFFF).contains(value) {
                scalars.append(replacement)
            } else {
                guard let scalar = Unicode.Scalar(value) else { return nil }
                scalars.append(scalar)
            }
            index += 4
        }
        return Array(String(scalars).utf8)
    }
}

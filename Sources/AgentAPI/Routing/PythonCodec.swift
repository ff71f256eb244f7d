import HTTPCore

/// A text codec named the way Python's `bytes.decode(name)` looks it up, for the `charset` parameter of a
/// multipart body: Starlette decodes every field name, file name and field value with it, and falls back to
/// Latin-1 when Python raises `LookupError` (no such codec) or `UnicodeDecodeError` (`_user_safe_decode`).
///
/// Python spells each codec many ways (`utf-8`, `UTF8`, `u8`, `utf`, `cp65001`; `latin-1`, `iso-8859-1`, `l1`,
/// `8859`; …). The name is normalized as CPython's `_Py_normalize_encoding` does, then resolved through the
/// `encodings.aliases` entries of the codecs below, or taken as a module name. These codecs are covered: UTF-8,
/// Latin-1, ASCII, UTF-16 and UTF-32 (with and without byte order). Any other codec Python knows (`cp1252`,
/// `utf-8-sig`, `koi8-r`, …) is read here as an unknown one, so as Latin-1, where Python would use it.
enum PythonCodec: Equatable {
    case utf8, latin1, ascii
    case utf16(Endianness?)
    case utf32(Endianness?)
    /// A name Python refuses before looking it up: an embedded NUL is `ValueError`, which Starlette does not catch.
    case invalidName
    /// `LookupError`: decoded as Latin-1.
    case unknown

    enum Endianness { case little, big }

    /// The codec `bytes.decode(name)` uses.
    init(name: String) {
        guard !name.unicodeScalars.contains("\0") else {
            self = .invalidName
            return
        }
        let normalized = Self.normalize(name)
        let resolved = Self.aliases[normalized] ?? Self.aliases[normalized.replacingOccurrences(of: ".", with: "_")] ?? normalized
        self = Self.modules[resolved] ?? .unknown
    }

    /// `_Py_normalize_encoding`: ASCII letters (lower-cased), digits and dots are kept; every run of anything else
    /// between two kept characters becomes one `_`, and leading or trailing runs are dropped.
    static func normalize(_ name: String) -> String {
        var out = ""
        var punctuation = false
        for scalar in name.unicodeScalars {
            let lowered = ("A"..."Z").contains(scalar) ? Unicode.Scalar(scalar.value + 0x20) ?? scalar : scalar
            guard ("a"..."z").contains(lowered) || ("0"..."9").contains(lowered) || lowered == "." else {
                punctuation = true
                continue
            }
            if punctuation && !out.isEmpty { out.append("_") }
            punctuation = false
            out.unicodeScalars.append(lowered)
        }
        return out
    }

    /// `encodings.aliases.aliases` entries (CPython 3.11) that name one of the codecs here.
    private static let aliases: [String: String] = {
        let table: [String: [String]] = [
            "utf_8": ["cp65001", "u8", "utf", "utf8", "utf8_ucs2", "utf8_ucs4"],
            "latin_1": [
                "8859", "cp819", "csisolatin1", "ibm819", "iso8859", "iso8859_1", "iso_8859_1", "iso_8859_1_1987", "iso_ir_100",
                "l1", "latin", "latin1",
            ],
            "ascii": [
                "646", "ansi_x3.4_1968", "ansi_x3.4_1986", "ansi_x3_4_1968", "cp367", "csascii", "ibm367", "iso646_us",
                "iso_646.irv_1991", "iso_ir_6", "us", "us_ascii",
            ],
            "utf_16": ["u16", "utf16"],
            "utf_16_le": ["unicodelittleunmarked", "utf_16le"],
            "utf_16_be": ["unicodebigunmarked", "utf_16be"],
            "utf_32": ["u32", "utf32"],
            "utf_32_le": ["utf_32le"],
            "utf_32_be": ["utf_32be"],
        ]
        var aliases: [String: String] = [:]
        for (module, names) in table { for name in names { aliases[name] = module } }
        return aliases
    }()

    /// The `encodings` modules of the codecs here, by module name.
    private static let modules: [String: PythonCodec] = [
        "utf_8": .utf8, "latin_1": .latin1, "ascii": .ascii,
        "utf_16": .utf16(nil), "utf_16_le": .utf16(.little), "utf_16_be": .utf16(.big),
        "utf_32": .utf32(nil), "utf_32_le": .utf32(.little), "utf_32_be": .utf32(.big),
    ]

    struct InvalidName: Error {}

    /// `_user_safe_decode(bytes, codec)`: strict decoding, or Latin-1 when the codec is unknown or the bytes
    /// do not decode. Throws only for a name Python refuses outright.
    func decode(_ bytes: some Collection<UInt8>) throws(InvalidName) -> String {
        let decoded: String?
        switch self {
        case .invalidName: throw InvalidName()
        case .unknown, .latin1: decoded = nil
        case .utf8: decoded = String(validating: bytes, as: UTF8.self)
        case .ascii: decoded = bytes.allSatisfy { $0 < 0x80 } ? String(decoding: bytes, as: UTF8.self) : nil
        case .utf16(let order): decoded = Self.utf16(Array(bytes), order)
        case .utf32(let order): decoded = Self.utf32(Array(bytes), order)
        }
        return decoded ?? PercentDecoding.latin1(bytes)
    }

    /// Python's strict UTF-16: a byte-order mark is read and dropped only when no order is given (then the
    /// default is little-endian); an odd length or an unpaired surrogate fails.
    private static func utf16(_ bytes: [UInt8], _ order: Endianness?) -> String? {
        guard bytes.count % 2 == 0 else { return nil }
        var units: [UInt16] = []
        units.reserveCapacity(bytes.count / 2)
        var little = order != .big
        var start = 0
        if order == nil, bytes.count >= 2 {
            if bytes[0] == 0xFF && bytes[1] == 0xFE {
                start = 2
            } else if bytes[0] == 0xFE && bytes[1] == 0xFF {
                little = false
                start = 2
            }
        }
        var index = start
        while index + 1 < bytes.count {
            let low = UInt16(bytes[little ? index : index + 1])
            let high = UInt16(bytes[little ? index + 1 : index])
            units.append(high << 8 | low)
            index += 2
        }
        return String(validating: units, as: UTF16.self)
    }

    /// Python's strict UTF-32: a byte-order mark is read and dropped only when no order is given (then the
    /// default is little-endian); a length that is not a multiple of four, a surrogate or a value above
    /// U+10FFFF fails.
    private static func utf32(_ bytes: [UInt8], _ order: Endianness?) -> String? {
        guard bytes.count % 4 == 0 else { return nil }
        var little = order != .big
        var start = 0
        if order == nil, bytes.count >= 4 {
            if bytes[0..<4].elementsEqual([0xFF, 0xFE, 0, 0]) {
                start = 4
            } else if bytes[0..<4].elementsEqual([0, 0, 0xFE, 0xFF]) {
                little = false
                start = 4
            }
        }
        var scalars = String.UnicodeScalarView()
        var index = start
        while index + 3 < bytes.count {
            let word = bytes[index..<index + 4].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
            let value = little ? word : word.byteSwapped
            guard let scalar = Unicode.Scalar(value) else { return nil }
            scalars.append(scalar)
            index += 4
        }
        return String(scalars)
    }
}

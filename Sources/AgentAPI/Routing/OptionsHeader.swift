/// python-multipart 0.0.34's `parse_options_header`, which Starlette uses for a request's Content-Type and for each
/// part's Content-Disposition: `form-data; name="a"` becomes the value `form-data` and the options `name: a`.
///
/// The header is Latin-1 text, handled here as its bytes. The value and each option key are lower-cased as Python's
/// `str.lower()` lower-cases Latin-1. Parameters are split at `;` outside double quotes, by CPython's
/// `email.message._parseparam` as python-multipart vendors it. Only spaces and tabs are stripped, so a no-break
/// space is part of a key or value. A quoted value loses its quotes and its `\\` and `\"` escapes. Keys with a
/// `*` (RFC 2231) are ignored, and a later key replaces an earlier one.
struct OptionsHeader {
    /// The part before the first `;`, lower-cased and stripped of spaces and tabs.
    private(set) var value: [UInt8] = []
    private(set) var options: [[UInt8]: [UInt8]] = [:]

    init(_ header: [UInt8]?) {
        guard let header, !header.isEmpty else { return }
        guard header.contains(Self.semicolon) else {
            value = Self.lower(Self.strip(header[...]))
            return
        }
        let segments = Self.parameters(header)
        value = Self.lower(segments.first ?? [])
        for segment in segments.dropFirst() {
            let equals = segment.firstIndex(of: UInt8(ascii: "=")) ?? segment.endIndex
            let key = Array(segment[..<equals])
            var option = equals < segment.endIndex ? Array(segment[(equals + 1)...]) : []
            guard !key.contains(UInt8(ascii: "*")) else { continue }
            if option.count >= 2, option.first == Self.quote, option.last == Self.quote {
                option = Self.replace(
                    Array(#"\""#.utf8), with: [Self.quote],
                    in: Self.replace(Array(#"\\"#.utf8), with: [Self.backslash], in: Array(option.dropFirst().dropLast())))
            }
            // Internet Explorer 6 sent the full path of a file: only what follows its last backslash is kept.
            if key == Array("filename".utf8),
                option.dropFirst().prefix(2).elementsEqual(Array(#":\"#.utf8)) || option.prefix(2).elementsEqual([Self.backslash, Self.backslash])
            {
                option = Array(option.split(separator: Self.backslash, omittingEmptySubsequences: false).last ?? [])
            }
            options[key] = option
        }
    }

    private static let semicolon = UInt8(ascii: ";")
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// `_parseparam`: the `;`-separated segments, each stripped of spaces and tabs, with a key before `=` lower-cased.
    /// A `;` counts as a separator once the double quotes (not counting `\"`) seen since the segment began are balanced;
    /// the vendored loop's odd way of stepping to the next `;` is kept, so exotic quoting splits exactly as it does there.
    private static func parameters(_ header: [UInt8]) -> [[UInt8]] {
        let text = [semicolon] + header
        var segments: [[UInt8]] = []
        var start = 0
        while find(semicolon, in: text, from: start) == start {
            start += 1
            var end = find(semicolon, in: text, from: start)
            var scanned = start
            var quotes = 0
            while end > 0 {
                quotes += count([quote], in: text, from: scanned, to: end) - count([backslash, quote], in: text, from: scanned, to: end)
                if quotes % 2 == 0 { break }
                (end, scanned) = (scanned, find(semicolon, in: text, from: end + 1))
            }
            if end < 0 { end = text.count }
            let segment: [UInt8]
            if let equals = text[start..<end].firstIndex(of: UInt8(ascii: "=")) {
                segment = lower(rstrip(text[start..<equals])) + [UInt8(ascii: "=")] + lstrip(text[(equals + 1)..<end])
            } else {
                segment = Array(text[start..<end])
            }
            segments.append(strip(segment[...]))
            start = end
        }
        return segments
    }

    /// `str.find(byte, start)`: -1 when absent; a negative start counts from the end.
    private static func find(_ byte: UInt8, in text: [UInt8], from start: Int) -> Int {
        let from = start < 0 ? max(0, start + text.count) : start
        guard from <= text.count else { return -1 }
        return text[from...].firstIndex(of: byte) ?? -1
    }

    /// `str.count(needle, start, end)`: non-overlapping occurrences in `text[start:end]`, with Python's slice bounds.
    private static func count(_ needle: [UInt8], in text: [UInt8], from start: Int, to end: Int) -> Int {
        func bound(_ index: Int) -> Int { index < 0 ? max(0, index + text.count) : min(index, text.count) }
        var index = bound(start)
        let limit = bound(end)
        var found = 0
        while index + needle.count <= limit {
            if text[index..<index + needle.count].elementsEqual(needle) {
                found += 1
                index += needle.count
            } else {
                index += 1
            }
        }
        return found
    }

    /// `str.replace(old, new)`, left to right without overlaps.
    private static func replace(_ old: [UInt8], with new: [UInt8], in text: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < text.count {
            if text[index...].starts(with: old) {
                out += new
                index += old.count
            } else {
                out.append(text[index])
                index += 1
            }
        }
        return out
    }

    /// `str.lower()` on Latin-1 text: A–Z and À–Þ (but not ×) move to their lower-case letters.
    private static func lower(_ text: [UInt8]) -> [UInt8] {
        text.map { (0x41...0x5A).contains($0) || ((0xC0...0xDE).contains($0) && $0 != 0xD7) ? $0 + 0x20 : $0 }
    }

    private static func isSpaceOrTab(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
    private static func lstrip(_ text: ArraySlice<UInt8>) -> [UInt8] { Array(text.drop(while: isSpaceOrTab)) }
    private static func rstrip(_ text: ArraySlice<UInt8>) -> [UInt8] {
        Array(text[..<(text.lastIndex { !isSpaceOrTab($0) }.map { $0 + 1 } ?? text.startIndex)])
    }
    private static func strip(_ text: ArraySlice<UInt8>) -> [UInt8] { rstrip(lstrip(text)[...]) }
}

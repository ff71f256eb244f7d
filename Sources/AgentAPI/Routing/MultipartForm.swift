import HTTPCore

/// The form fields of a `multipart/form-data` body, as Starlette's MultiPartParser yields them:
/// each part named by its Content-Disposition, its bytes read as UTF-8 (Latin-1 when that fails).
enum MultipartForm {
    struct Malformed: Error {}

    static func fields(_ body: [UInt8], contentType: String) throws(Malformed) -> [(name: String, value: String)] {
        guard let boundary = parameter("boundary", in: contentType), !boundary.isEmpty else { throw Malformed() }
        let delimiter = Array(("--" + boundary).utf8)
        var fields: [(name: String, value: String)] = []
        guard var cursor = find(delimiter, in: body, from: 0) else { throw Malformed() }
        while true {
            cursor += delimiter.count
            if body[cursor...].starts(with: Array("--".utf8)) { return fields }
            guard body[cursor...].starts(with: Array("\r\n".utf8)) else { throw Malformed() }
            cursor += 2
            guard let headEnd = find(Array("\r\n\r\n".utf8), in: body, from: cursor) else { throw Malformed() }
            let head = PercentDecoding.latin1(body[cursor..<headEnd])
            let contentStart = headEnd + 4
            guard let next = find(Array("\r\n".utf8) + delimiter, in: body, from: contentStart) else { throw Malformed() }
            let content = Array(body[contentStart..<next])
            if let name = dispositionName(head) {
                let value = String(validating: content, as: UTF8.self) ?? PercentDecoding.latin1(content)
                fields.append((name, value))
            }
            cursor = next + 2
        }
    }

    /// `name="…"` from the part's Content-Disposition header.
    private static func dispositionName(_ head: String) -> String? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "content-disposition" else { continue }
            return parameter("name", in: String(parts[1]))
        }
        return nil
    }

    /// A `key=value` or `key="value"` parameter of a header value.
    static func parameter(_ key: String, in header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == key else { continue }
            var value = pair[1].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            return value
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        while index <= haystack.count - needle.count {
            if haystack[index] == needle[0] && haystack[index..<index + needle.count].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}

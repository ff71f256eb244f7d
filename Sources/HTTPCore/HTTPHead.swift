/// The start line and header fields of a message, parsed once the blank line has arrived.
public struct HTTPHead: Sendable, Equatable {
    /// The three space-separated parts of the start line (method/target/version or version/status/reason).
    public var startLine: [String]
    public var headers: HTTPHeaders

    /// Parses a head that starts at `start` in `buffer` (so a connection never copies what it has not
    /// read yet). Nil when the blank line has not arrived yet. Returns the head and the bytes it used.
    public static func parse(_ buffer: [UInt8], from start: Int = 0, limits: HTTPLimits, isResponse: Bool) throws(HTTPWireError) -> (HTTPHead, Int)? {
        guard let end = try headEnd(buffer, from: start, limit: limits.maximumHeaderBytes) else {
            if buffer.count - start > limits.maximumHeaderBytes { throw .headersTooLarge }
            return nil
        }
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = start
        var index = start
        while index < end {
            if buffer[index] == UInt8(ascii: "\n") {
                guard index > lineStart, buffer[index - 1] == UInt8(ascii: "\r") else { throw .malformed("line not ended by CRLF") }
                lines.append(buffer[lineStart..<(index - 1)])
                lineStart = index + 1
            }
            index += 1
        }
        guard let first = lines.first else { throw .malformed("empty start line") }
        let startLine = try parseStartLine(first, isResponse: isResponse)
        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            if headers.count >= limits.maximumHeaderCount { throw .tooManyHeaders }
            headers.add(try headerName(line), try headerValue(line))
        }
        return (HTTPHead(startLine: startLine, headers: headers), end + 1 - start)
    }

    /// Index of the final LF of the CRLFCRLF that ends the head; a bare LF is refused at once
    /// rather than waited on, since disagreeing about line ends is how requests get smuggled.
    private static func headEnd(_ buffer: [UInt8], from start: Int, limit: Int) throws(HTTPWireError) -> Int? {
        let searchLimit = min(buffer.count, start + limit + 4)
        var index = start
        while index < searchLimit {
            if buffer[index] == UInt8(ascii: "\n") {
                guard index > start, buffer[index - 1] == UInt8(ascii: "\r") else { throw .malformed("bare LF") }
                if index >= start + 3 && buffer[index - 2] == UInt8(ascii: "\n") && buffer[index - 3] == UInt8(ascii: "\r") { return index }
            }
            index += 1
        }
        return nil
    }

    private static func parseStartLine(_ line: ArraySlice<UInt8>, isResponse: Bool) throws(HTTPWireError) -> [String] {
        let parts = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: false)
        if isResponse {
            guard parts.count >= 2, parts[0].starts(with: Array("HTTP/1.".utf8)), parts[1].count == 3,
                parts[1].allSatisfy({ $0 >= 48 && $0 <= 57 })
            else { throw .malformed("invalid status line") }
            return parts.map { PercentDecoding.latin1($0) } + (parts.count == 2 ? [""] : [])
        }
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(isTokenCharacter) else {
            throw .malformed("invalid request line")
        }
        guard !parts[1].isEmpty, parts[1].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw .malformed("invalid request target") }
        // HTTP-version is "HTTP/" DIGIT "." DIGIT, case-sensitive (RFC 9112 §2.3). A later 1.x minor version is
        // read as HTTP/1.1, the highest this server implements (RFC 9110 §2.5); another major version is a 505.
        let version = Array(parts[2])
        guard version.count == 8, version.starts(with: Array("HTTP/".utf8)), version[6] == UInt8(ascii: "."),
            (48...57).contains(version[5]), (48...57).contains(version[7])
        else { throw .malformed("invalid HTTP version") }
        guard version[5] == UInt8(ascii: "1") else { throw .unsupportedVersion(PercentDecoding.latin1(parts[2])) }
        let known = version[7] == UInt8(ascii: "0") ? "HTTP/1.0" : "HTTP/1.1"
        return parts.prefix(2).map { PercentDecoding.latin1($0) } + [known]
    }

    private static func headerName(_ line: ArraySlice<UInt8>) throws(HTTPWireError) -> String {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { throw .malformed("header line without a colon") }
        let name = line[line.startIndex..<colon]
        guard !name.isEmpty, name.allSatisfy(isTokenCharacter) else { throw .malformed("invalid header name") }
        return PercentDecoding.latin1(name)
    }

    /// The field value without surrounding spaces and tabs. RFC 9110 §5.5: a value may hold visible
    /// characters, spaces, tabs and obs-text only; NUL, a bare CR or LF and the other controls are
    /// refused (a bare CR is how requests get smuggled past lenient proxies).
    private static func headerValue(_ line: ArraySlice<UInt8>) throws(HTTPWireError) -> String {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return "" }
        var value = line[(colon + 1)...]
        while let first = value.first, first == 0x20 || first == 0x09 { value = value.dropFirst() }
        while let last = value.last, last == 0x20 || last == 0x09 { value = value.dropLast() }
        if value.contains(where: { ($0 < 0x20 && $0 != 0x09) || $0 == 0x7F }) { throw .malformed("invalid character in a header value") }
        return PercentDecoding.latin1(value)
    }

    /// RFC 9110 `tchar`.
    static func isTokenCharacter(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return Array("!#$%&'*+-.^_`|~".utf8).contains(byte)
        }
    }
}

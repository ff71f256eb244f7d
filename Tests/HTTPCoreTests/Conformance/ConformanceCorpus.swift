import Foundation
import HTTPCore
import Testing

/// One requirement of RFC 9110, 9112 or 6455 as a row of `http-corpus.json`: the bytes a client sends
/// and what a conforming server answers. `bench/conformance.py` runs the same rows against uvicorn.
struct ConformanceRow: Sendable, CustomTestStringConvertible {
    let id: String
    let rfc: String
    let level: String
    let rule: String
    /// The request bytes, in parts sent one after the other.
    let parts: [[UInt8]]
    /// WebSocket frames sent after the handshake, already encoded (masked unless the row says not).
    let frames: [[UInt8]]
    let expect: Expectation

    var testDescription: String { id }

    struct Expectation: Sendable {
        /// Per answer, the statuses allowed.
        var statuses: [[Int]] = []
        /// Per answer, the body (nil: not compared).
        var bodies: [String?] = []
        var accept: String?
        var replies: [Reply]?
        /// The close codes allowed; nil inside means the connection may drop without a close frame.
        var close: [Int?]?
        /// "open", "closed" or "any".
        var connection = "any"
    }

    enum Reply: Equatable, Sendable, CustomStringConvertible {
        case text(String)
        case binary([UInt8])
        case pong(String)

        var description: String {
            switch self {
            case .text(let text): return "text \(text)"
            case .binary(let bytes): return "binary \(bytes.count) bytes"
            case .pong(let text): return "pong \(text)"
            }
        }
    }

    /// Every row of the corpus file bundled with the tests.
    static func load() throws -> [ConformanceRow] {
        guard let url = Bundle.module.url(forResource: "http-corpus", withExtension: "json") else {
            throw CorpusError("http-corpus.json is not bundled")
        }
        guard let rows = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [[String: Any]] else {
            throw CorpusError("not an array of rows")
        }
        return try rows.map(ConformanceRow.init)
    }

    struct CorpusError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }

    init(_ object: [String: Any]) throws {
        guard let id = object["id"] as? String, let send = object["send"] as? [Any], let expect = object["expect"] as? [String: Any] else {
            throw CorpusError("a row without id, send or expect: \(object)")
        }
        self.id = id
        rfc = object["rfc"] as? String ?? ""
        level = object["level"] as? String ?? ""
        rule = object["rule"] as? String ?? ""
        parts = try send.map { part in
            if let text = part as? String { return try Self.latin1(text, row: id) }
            guard let pieces = part as? [Any] else { throw CorpusError("\(id): a part is a string or a list of pieces") }
            return try pieces.flatMap { piece -> [UInt8] in
                if let text = piece as? String { return try Self.latin1(text, row: id) }
                guard let piece = piece as? [String: Any], let text = piece["repeat"] as? String, let times = piece["times"] as? Int else {
                    throw CorpusError("\(id): a piece is a string or {repeat, times}")
                }
                return Array(try Self.latin1(text, row: id).repeated(times))
            }
        }
        frames = try (object["frames"] as? [[String: Any]] ?? []).map { try Self.frame($0, row: id) }
        var expectation = Expectation()
        expectation.statuses = (expect["statuses"] as? [Any] ?? []).map { ($0 as? [Int]) ?? [$0 as? Int ?? -1] }
        expectation.bodies = (expect["bodies"] as? [Any] ?? []).map { $0 as? String }
        expectation.accept = expect["accept"] as? String
        if let replies = expect["replies"] as? [[String: String]] {
            expectation.replies = replies.compactMap { reply in
                if let text = reply["text"] { return .text(text) }
                if let text = reply["pong"] { return .pong(text) }
                return nil
            }
        }
        if let close = expect["close"] {
            expectation.close = ((close as? [Any]) ?? [close]).map { $0 as? Int }
        }
        expectation.connection = expect["connection"] as? String ?? "any"
        self.expect = expectation
    }

    /// The corpus writes bytes as code points up to U+00FF (ISO 8859-1), so any byte can be spelled.
    private static func latin1(_ text: String, row: String) throws -> [UInt8] {
        try text.unicodeScalars.map { scalar in
            guard scalar.value <= 0xFF else { throw CorpusError("\(row): \(scalar) is not a byte; spell UTF-8 as its bytes") }
            return UInt8(scalar.value)
        }
    }

    /// A client frame: masked with a fixed key unless `mask` is false; `declaredLength` claims a length
    /// the frame does not carry (the header is what the row tests).
    private static func frame(_ object: [String: Any], row: String) throws -> [UInt8] {
        guard let opcode = object["opcode"] as? Int else { throw CorpusError("\(row): a frame needs an opcode") }
        var payload: [UInt8] = []
        if let code = object["code"] as? Int { payload += [UInt8(code >> 8), UInt8(code & 0xFF)] }
        if let hex = object["payloadHex"] as? String {
            var digits = Array(hex.utf8)[...]
            while digits.count >= 2, let byte = UInt8(String(decoding: digits.prefix(2), as: UTF8.self), radix: 16) {
                payload.append(byte)
                digits = digits.dropFirst(2)
            }
        } else if let text = object["payload"] as? String {
            payload += Array(text.utf8)
        }
        let fin = object["fin"] as? Bool ?? true
        let masked = object["mask"] as? Bool ?? true
        let rsv = object["rsv"] as? Int ?? 0
        let length = (object["declaredLength"] as? NSNumber)?.uint64Value ?? UInt64(payload.count)
        var bytes: [UInt8] = [(fin ? 0x80 : 0) | UInt8((rsv & 7) << 4) | UInt8(opcode & 0x0F)]
        let maskBit: UInt8 = masked ? 0x80 : 0
        if length < 126 {
            bytes.append(maskBit | UInt8(length))
        } else if length < 65_536 {
            bytes += [maskBit | 126, UInt8(length >> 8), UInt8(length & 0xFF)]
        } else {
            bytes.append(maskBit | 127)
            bytes += (0..<8).reversed().map { UInt8((length >> (UInt64($0) * 8)) & 0xFF) }
        }
        guard masked else { return bytes + payload }
        let key: [UInt8] = [0x37, 0xFA, 0x21, 0x3D]
        return bytes + key + payload.enumerated().map { $0.element ^ key[$0.offset % 4] }
    }
}

extension Array {
    fileprivate func repeated(_ times: Int) -> [Element] { Array((0..<times).map { _ in self }.joined()) }
}

/// What a server sent back, read as a client reads it: HTTP answers, then (after a 101) WebSocket frames.
struct WireTranscript: Sendable {
    var statuses: [Int] = []
    var bodies: [String?] = []
    var accept: String?
    var replies: [ConformanceRow.Reply] = []
    /// The close code of the server's close frame (1005 for one without a code); nil if none came.
    var close: Int?
    var closed: Bool
    var garbage: String?

    init(_ bytes: [UInt8], closed: Bool) {
        self.closed = closed
        var rest = bytes[...]
        while !rest.isEmpty {
            guard let end = rest.firstRange(of: [13, 10, 13, 10]) else {
                garbage = String(decoding: rest.prefix(80), as: UTF8.self)
                return
            }
            let lines = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            rest = rest[end.upperBound...]
            let words = lines[0].split(separator: " ")
            guard words.count >= 2, let status = Int(words[1]) else {
                garbage = lines[0]
                return
            }
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            statuses.append(status)
            if status == 101 {
                accept = headers["sec-websocket-accept"]
                bodies.append(nil)
                readFrames(rest)
                return
            }
            if status < 200 || headers["x-method"] == "HEAD" {
                bodies.append(status < 200 ? nil : "")
                continue
            }
            let length = headers["content-length"].flatMap { Int($0) } ?? rest.count
            bodies.append(String(decoding: rest.prefix(length), as: UTF8.self))
            rest = rest.dropFirst(length)
        }
    }

    private mutating func readFrames(_ data: ArraySlice<UInt8>) {
        var rest = data
        while rest.count >= 2 {
            let first = rest[rest.startIndex], second = rest[rest.startIndex + 1]
            var length = Int(second & 0x7F)
            var header = 2
            if length == 126, rest.count >= 4 {
                length = Int(rest[rest.startIndex + 2]) << 8 | Int(rest[rest.startIndex + 3])
                header = 4
            } else if length == 127, rest.count >= 10 {
                length = rest.dropFirst(2).prefix(8).reduce(0) { $0 << 8 | Int($1) }
                header = 10
            }
            let payload = Array(rest.dropFirst(header).prefix(length))
            rest = rest.dropFirst(header + length)
            switch first & 0x0F {
            case 8: close = payload.count >= 2 ? Int(payload[0]) << 8 | Int(payload[1]) : 1005
            case 1: replies.append(.text(String(decoding: payload, as: UTF8.self)))
            case 2: replies.append(.binary(payload))
            case 10: replies.append(.pong(String(decoding: payload, as: UTF8.self)))
            default: break
            }
        }
    }

    /// How this transcript breaks the row's expectation; empty when it keeps the rule.
    func problems(against expect: ConformanceRow.Expectation) -> [String] {
        var found: [String] = []
        if let garbage { found.append("unreadable answer: \(garbage)") }
        if statuses.count != expect.statuses.count || !zip(statuses, expect.statuses).allSatisfy({ $1.contains($0) }) {
            found.append("statuses \(statuses), expected \(expect.statuses)")
        }
        for (index, body) in expect.bodies.enumerated() {
            guard let body else { continue }
            let actual = index < bodies.count ? bodies[index] : nil
            if actual != body { found.append("body \(index) \(actual.map { "\"\($0)\"" } ?? "none"), expected \"\(body)\"") }
        }
        if let accept = expect.accept, self.accept != accept { found.append("accept \(self.accept ?? "none")") }
        if let replies = expect.replies, self.replies != replies { found.append("replies \(self.replies), expected \(replies)") }
        if let allowed = expect.close, !allowed.contains(close) {
            found.append("close \(close.map(String.init) ?? "none"), expected \(allowed.map { $0.map(String.init) ?? "none" })")
        }
        if expect.connection != "any" && (closed ? "closed" : "open") != expect.connection {
            found.append("connection \(closed ? "closed" : "open"), expected \(expect.connection)")
        }
        return found
    }
}

/// The corpus's server: every request is answered 200 with its body, or "METHOD target" when it has none,
/// and an `x-method` header; a WebSocket echoes text. `bench/conformance.py` runs the same app on uvicorn.
enum CorpusEcho {
    static func answer(_ request: HTTPRequest) -> HTTPResponse {
        let body = request.body.isEmpty ? Array("\(request.method.rawValue) \(request.target)".utf8) : request.body
        return HTTPResponse(status: 200, headers: ["content-type": "text/plain", "x-method": request.method.rawValue], body: body)
    }

    static let webSocket: HTTPServer.WebSocketHandler = { _, channel in
        await channel.accept()
        while let message = await channel.receive() {
            if case .text(let text) = message { await channel.send(text: text) }
        }
    }
}

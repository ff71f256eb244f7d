/// Incremental request parsing for the server: head, framing checks (RFC 9112 §6), then the body.
import Foundation

struct HTTPRequestParser {
    enum Outcome {
        /// More bytes are needed.
        case incomplete
        /// The head is complete and asks `Expect: 100-continue` before the body is sent.
        case expectsContinue
        /// A whole request, and how many bytes of the buffer it used.
        case complete(HTTPRequest, consumed: Int, keepAlive: Bool)
    }

    let limits: HTTPLimits
    private var head: HTTPHead?
    private var headLength = 0
    private var contentLength = 0
    private var chunked: ChunkedDecoder?
    /// How far into the buffer the chunked decoder has read (the buffer only grows until a request completes).
    private var chunkOffset = 0
    private var continueAnswered = false

    init(limits: HTTPLimits) { self.limits = limits }

    /// True while part of a request has arrived (the request timeout applies, not the idle one).
    var isMidRequest: Bool { head != nil }

    mutating func markContinueSent() { continueAnswered = true }

    /// Parses the request that starts at `start` in `buffer`; `consumed` counts from `start`.
    mutating func parse(_ buffer: [UInt8], from start: Int = 0) throws(HTTPWireError) -> Outcome {
        if head == nil {
            // Tolerate the empty lines RFC 9112 §2.2 allows before a request line.
            var first = start
            while first + 1 < buffer.count && buffer[first] == 0x0D && buffer[first + 1] == 0x0A { first += 2 }
            guard let (parsed, used) = try HTTPHead.parse(buffer, from: first, limits: limits, isResponse: false) else { return .incomplete }
            try checkFraming(parsed)
            head = parsed
            headLength = used + first - start
            chunkOffset = headLength
        }
        guard let head else { return .incomplete }
        let body: [UInt8]
        var consumed: Int
        if var decoder = chunked {
            chunkOffset += try decoder.consume(buffer, from: start + chunkOffset)
            chunked = decoder
            guard decoder.isComplete else { return needsContinue(head) ? .expectsContinue : .incomplete }
            body = decoder.body
            consumed = chunkOffset
        } else {
            guard buffer.count - start - headLength >= contentLength else {
                return needsContinue(head) ? .expectsContinue : .incomplete
            }
            body = Array(buffer[(start + headLength)..<(start + headLength + contentLength)])
            consumed = headLength + contentLength
        }
        let request = HTTPRequest(method: HTTPMethod(head.startLine[0]), target: head.startLine[1], headers: head.headers, body: body)
        let keepAlive = Self.keepAlive(version: head.startLine[2], connection: head.headers["connection"])
        reset()
        if consumed > buffer.count - start { consumed = buffer.count - start }
        return .complete(request, consumed: consumed, keepAlive: keepAlive)
    }

    private mutating func reset() {
        head = nil
        headLength = 0
        contentLength = 0
        chunked = nil
        chunkOffset = 0
        continueAnswered = false
    }

    private func needsContinue(_ head: HTTPHead) -> Bool {
        !continueAnswered && head.headers["expect"]?.lowercased() == "100-continue" && head.startLine[2] == "HTTP/1.1"
    }

    /// Host (RFC 9112 §3.2), Content-Length and Transfer-Encoding (§6.1–6.3) as a server must check them.
    private mutating func checkFraming(_ head: HTTPHead) throws(HTTPWireError) {
        let hosts = head.headers.values(for: "host")
        if head.startLine[2] == "HTTP/1.1" && hosts.count != 1 {
            throw .malformed(hosts.isEmpty ? "an HTTP/1.1 request without Host" : "more than one Host header")
        }
        let codings = head.headers.values(for: "transfer-encoding")
        let lengths = head.headers.values(for: "content-length")
        if !codings.isEmpty {
            guard lengths.isEmpty else { throw .malformed("both Content-Length and Transfer-Encoding") }
            let list = codings.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { HTTPText.trimmingASCIISpace($0).lowercased() }
            // §6.3: the body length is known only when chunked is the final coding, applied once (§7) and
            // without parameters (it takes none); anything else is a 400. Only a coding before a final
            // chunked that this server does not know is a 501 (§6.1).
            guard list.last == "chunked", list.filter({ $0 == "chunked" }).count == 1 else {
                throw .malformed("Transfer-Encoding must end in one chunked coding, not \(list.joined(separator: ", "))")
            }
            guard list.count == 1 else {
                if list.contains(where: { $0.isEmpty || $0.contains(";") }) { throw .malformed("invalid Transfer-Encoding") }
                throw .unsupportedTransferEncoding(list.dropLast().joined(separator: ", "))
            }
            guard head.startLine[2] == "HTTP/1.1" else { throw .malformed("chunked in HTTP/1.0") }
            chunked = ChunkedDecoder(maximumBodyBytes: limits.maximumBodyBytes)
            return
        }
        guard !lengths.isEmpty else {
            contentLength = 0
            return
        }
        // h11 reads the list as bytes: empty items ("5,") and non-ASCII space (NBSP) make it invalid.
        let values = Set(lengths.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }.map(HTTPText.trimmingASCIISpace))
        guard values.count == 1, let text = values.first, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
            text.count <= 18, let length = Int(text)
        else { throw .malformed("invalid Content-Length") }
        guard length <= limits.maximumBodyBytes else { throw .bodyTooLarge }
        contentLength = length
    }

    static func keepAlive(version: String, connection: String?) -> Bool {
        let tokens = (connection ?? "").lowercased().split(separator: ",").map(HTTPText.trimmingASCIISpace)
        if tokens.contains("close") { return false }
        return version == "HTTP/1.1" || tokens.contains("keep-alive")
    }
}

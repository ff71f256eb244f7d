/// Reads one response from a connection: head, then the body framed by Content-Length,
/// chunked coding, or the end of the connection (RFC 9112 §6.3).
struct HTTPResponseReader {
    let limits: HTTPLimits

    /// Reads a response; `buffer` holds bytes already read from the socket and keeps any surplus
    /// (a pipelined next response). `read` fetches more bytes; an empty result means the peer closed.
    func read(buffer: inout [UInt8], requestMethod: HTTPMethod, read: () throws -> [UInt8]) throws -> (HTTPResponse, keepAlive: Bool) {
        var head: HTTPHead
        var used: Int
        while true {
            if let parsed = try HTTPHead.parse(buffer, limits: limits, isResponse: true) {
                (head, used) = parsed
                if let status = Int(head.startLine[1]), (100..<200).contains(status), status != 101 {
                    buffer.removeFirst(used)  // an interim response (100 Continue): skip it
                    continue
                }
                break
            }
            let more = try read()
            if more.isEmpty { throw SocketError(kind: buffer.isEmpty ? .closed : .connectionReset, call: "recv") }
            buffer += more
        }
        buffer.removeFirst(used)
        let status = Int(head.startLine[1]) ?? 0
        let version = head.startLine[0]
        var keepAlive = version == "HTTP/1.1"
        if let connection = head.headers["connection"]?.lowercased() {
            if connection.contains("close") { keepAlive = false }
            if connection.contains("keep-alive") { keepAlive = true }
        }
        var body: [UInt8] = []
        let bodyless = requestMethod == .head || status == 204 || status == 304 || (100..<200).contains(status)
        if !bodyless {
            if let coding = head.headers["transfer-encoding"], coding.lowercased().hasSuffix("chunked") {
                var decoder = ChunkedDecoder(maximumBodyBytes: limits.maximumBodyBytes)
                while true {
                    let used = try decoder.consume(buffer, from: 0)
                    buffer.removeFirst(used)
                    if decoder.isComplete { break }
                    let more = try read()
                    if more.isEmpty { throw HTTPWireError.malformed("connection closed inside a chunked body") }
                    buffer += more
                }
                body = decoder.body
            } else if let lengthText = head.headers["content-length"] {
                guard let length = Int(lengthText.trimmingCharacters(in: .whitespaces)), length >= 0 else {
                    throw HTTPWireError.malformed("invalid Content-Length \(lengthText)")
                }
                guard length <= limits.maximumBodyBytes else { throw HTTPWireError.bodyTooLarge }
                while buffer.count < length {
                    let more = try read()
                    if more.isEmpty { throw HTTPWireError.malformed("connection closed after \(buffer.count) of \(length) body bytes") }
                    buffer += more
                }
                body = Array(buffer[..<length])
                buffer.removeFirst(length)
            } else {
                keepAlive = false
                while true {
                    let more = try read()
                    if more.isEmpty { break }
                    buffer += more
                    if buffer.count > limits.maximumBodyBytes { throw HTTPWireError.bodyTooLarge }
                }
                body = buffer
                buffer.removeAll()
            }
        }
        return (HTTPResponse(status: status, headers: head.headers, body: body), keepAlive)
    }
}

/// Incremental decoder of the chunked transfer coding (RFC 9112 §7.1), trailers discarded.
public struct ChunkedDecoder: Sendable {
    enum State: Sendable { case size, data(remaining: Int), dataEnd, trailer, done }

    private var state: State = .size
    public private(set) var body: [UInt8] = []
    private let maximumBodyBytes: Int
    /// Longest chunk-size line (with extensions) or trailer line accepted.
    static let maximumLineBytes = 4096

    public init(maximumBodyBytes: Int) { self.maximumBodyBytes = maximumBodyBytes }

    public var isComplete: Bool { if case .done = state { return true } else { return false } }

    /// Consumes bytes from `buffer` starting at `offset`, returning how many were used.
    public mutating func consume(_ buffer: [UInt8], from offset: Int) throws(HTTPWireError) -> Int {
        var index = offset
        while index < buffer.count {
            switch state {
            case .size:
                guard let lineEnd = try Self.lineEnd(buffer, from: index) else {
                    if buffer.count - index > Self.maximumLineBytes { throw .malformed("chunk size line too long") }
                    return index - offset
                }
                let line = buffer[index..<lineEnd.start]
                let sizeText = line.prefix { $0 != UInt8(ascii: ";") }
                guard let size = Self.hexSize(sizeText) else { throw .malformed("invalid chunk size") }
                index = lineEnd.next
                if size == 0 {
                    state = .trailer
                } else {
                    guard body.count + size <= maximumBodyBytes else { throw .bodyTooLarge }
                    state = .data(remaining: size)
                }
            case .data(let remaining):
                let take = min(remaining, buffer.count - index)
                body.append(contentsOf: buffer[index..<index + take])
                index += take
                state = remaining - take == 0 ? .dataEnd : .data(remaining: remaining - take)
            case .dataEnd:
                guard buffer.count - index >= 2 else {
                    if buffer[index] != UInt8(ascii: "\r") { throw .malformed("chunk not followed by CRLF") }
                    return index - offset
                }
                guard buffer[index] == UInt8(ascii: "\r"), buffer[index + 1] == UInt8(ascii: "\n") else {
                    throw .malformed("chunk not followed by CRLF")
                }
                index += 2
                state = .size
            case .trailer:
                guard let lineEnd = try Self.lineEnd(buffer, from: index) else {
                    if buffer.count - index > Self.maximumLineBytes { throw .malformed("trailer line too long") }
                    return index - offset
                }
                let isEmpty = lineEnd.start == index
                index = lineEnd.next
                if isEmpty {
                    state = .done
                    return index - offset
                }
            case .done:
                return index - offset
            }
        }
        return index - offset
    }

    /// The end of a CRLF-terminated line, nil when more bytes are needed; a bare LF is refused,
    /// since disagreeing about line ends is how requests get smuggled.
    static func lineEnd(_ buffer: [UInt8], from index: Int) throws(HTTPWireError) -> (start: Int, next: Int)? {
        var position = index
        while position < buffer.count {
            if buffer[position] == UInt8(ascii: "\n") {
                guard position > index, buffer[position - 1] == UInt8(ascii: "\r") else { throw .malformed("bare LF in chunked body") }
                return (position - 1, position + 1)
            }
            position += 1
        }
        return nil
    }

    static func hexSize(_ text: ArraySlice<UInt8>) -> Int? {
        guard !text.isEmpty, text.count <= 15 else { return nil }
        var value = 0
        for byte in text {
            let digit: Int
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = Int(byte - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = Int(byte - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = Int(byte - UInt8(ascii: "A") + 10)
            default: return nil
            }
            value = value * 16 + digit
        }
        return value
    }
}

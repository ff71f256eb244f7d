import HTTPCore

/// The chunked decoder on arbitrary bytes, whole and in two reads: a bounded body, never a crash,
/// and the same body either way.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let limit = 4096
    var whole = ChunkedDecoder(maximumBodyBytes: limit)
    let used = try? whole.consume(bytes, from: 0)
    precondition(whole.body.count <= limit, "the body grew past its limit")
    precondition(used.map { $0 >= 0 && $0 <= bytes.count } ?? true, "consumed more bytes than it was given")

    var pieces = ChunkedDecoder(maximumBodyBytes: limit)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    if let first = try? pieces.consume(Array(bytes[..<split]), from: 0), let _ = try? pieces.consume(bytes, from: first),
       whole.isComplete, pieces.isComplete {
        precondition(whole.body == pieces.body, "the same chunks decoded differently in two reads")
    }
    return 0
}

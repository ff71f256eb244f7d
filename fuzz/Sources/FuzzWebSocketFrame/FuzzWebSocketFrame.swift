import HTTPCore

/// Frames decoded back to back from arbitrary bytes and assembled into messages, as the server does:
/// violations become close codes, payloads stay within their limits, nothing crashes.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    for masked in [true, false] {
        let decoder = WebSocketFrameDecoder(maximumFramePayload: 4096, expectMasked: masked)
        var assembler = WebSocketMessageAssembler(maximumMessageBytes: 8192)
        var offset = 0
        while offset < bytes.count {
            do {
                guard let (frame, used) = try decoder.decode(bytes, from: offset) else { break }
                precondition(used > 0 && offset + used <= bytes.count, "a frame consumed nothing or too much")
                precondition(frame.payload.count <= 4096, "a payload past the frame limit")
                offset += used
                _ = try assembler.add(frame)
            } catch {
                precondition((1000...4999).contains(error.code), "a violation without a valid close code")
                break
            }
        }
    }
    return 0
}

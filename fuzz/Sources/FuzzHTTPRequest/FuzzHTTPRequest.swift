@testable import HTTPCore

/// The server's request parser on arbitrary bytes, fed whole and then in two pieces split where the
/// first byte says (as a socket delivers them): it may refuse, never crash, and must agree with itself.
func fuzz(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    let limits = HTTPLimits(maximumHeaderBytes: 4096, maximumHeaderCount: 32, maximumBodyBytes: 65_536)
    var whole = HTTPRequestParser(limits: limits)
    let once = try? whole.parse(bytes)

    var pieces = HTTPRequestParser(limits: limits)
    let split = bytes.isEmpty ? 0 : Int(bytes[0]) % (bytes.count + 1)
    _ = try? pieces.parse(Array(bytes[..<split]))
    let twice = try? pieces.parse(bytes)
    if case .complete(let first, let used, _)? = once, case .complete(let second, let usedAgain, _)? = twice {
        precondition(used == usedAgain && first.target == second.target && first.body == second.body,
                     "the same bytes parsed differently when they arrived in two reads")
    }
    return 0
}

/// A Merkle–Damgård hash that HMAC and PBKDF2 can be built on.
///
/// Value semantics matter: HMAC keys its inner and outer states once and copies them per message.
public protocol HashFunction: Sendable {
    /// Input block size in bytes (64 for SHA-1 and SHA-256).
    static var blockSize: Int { get }
    /// Digest size in bytes.
    static var digestSize: Int { get }
    init()
    mutating func update(_ bytes: UnsafeRawBufferPointer)
    /// Pads, processes the last block and returns the digest; the value must not be updated afterwards.
    mutating func finalize() -> [UInt8]
}

extension HashFunction {
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        if let done: Void = bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        let array = Array(bytes)
        array.withUnsafeBytes { update($0) }
    }

    /// The digest of `bytes` in one call.
    public static func hash<Bytes: Sequence>(_ bytes: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        var hasher = Self()
        hasher.update(bytes)
        return hasher.finalize()
    }
}

/// Shared block buffering and length padding for the 64-byte-block, big-endian-length hashes.
struct BlockBuffer: Sendable {
    var pending: [UInt8] = []
    var totalLength: UInt64 = 0

    init() { pending.reserveCapacity(64) }

    /// Feeds `bytes`, calling `compress` with each full 64-byte block.
    mutating func append(_ bytes: UnsafeRawBufferPointer, compress: (UnsafeRawBufferPointer) -> Void) {
        totalLength &+= UInt64(bytes.count)
        var offset = 0
        if !pending.isEmpty {
            let take = min(64 - pending.count, bytes.count)
            pending.append(contentsOf: bytes[0..<take])
            offset = take
            if pending.count == 64 {
                pending.withUnsafeBytes { compress($0) }
                pending.removeAll(keepingCapacity: true)
            }
        }
        while bytes.count - offset >= 64 {
            compress(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + 64]))
            offset += 64
        }
        if offset < bytes.count {
            pending.append(contentsOf: bytes[offset...])
        }
    }

    /// The final one or two blocks: 0x80, zeros, then the bit length as a 64-bit big-endian integer.
    func paddingBlocks() -> [UInt8] {
        var tail = pending
        tail.append(0x80)
        while tail.count % 64 != 56 { tail.append(0) }
        let bits = totalLength &* 8
        for shift in stride(from: 56, through: 0, by: -8) {
            tail.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift)))
        }
        return tail
    }
}

@inline(__always)
func rotateRight(_ value: UInt32, _ amount: UInt32) -> UInt32 {
    (value >> amount) | (value << (32 &- amount))
}

@inline(__always)
func rotateLeft(_ value: UInt32, _ amount: UInt32) -> UInt32 {
    (value << amount) | (value >> (32 &- amount))
}

@inline(__always)
func loadBigEndian(_ block: UnsafeRawBufferPointer, _ index: Int) -> UInt32 {
    let base = index &* 4
    return UInt32(block[base]) << 24 | UInt32(block[base &+ 1]) << 16
        | UInt32(block[base &+ 2]) << 8 | UInt32(block[base &+ 3])
}

func appendBigEndian(_ word: UInt32, to bytes: inout [UInt8]) {
    bytes.append(UInt8(truncatingIfNeeded: word >> 24))
    bytes.append(UInt8(truncatingIfNeeded: word >> 16))
    bytes.append(UInt8(truncatingIfNeeded: word >> 8))
    bytes.append(UInt8(truncatingIfNeeded: word))
}

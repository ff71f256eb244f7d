/// SHA-1 (FIPS 180-4). Only for the WebSocket handshake (RFC 6455), never for security.
public struct SHA1: HashFunction {
    public static let blockSize = 64
    public static let digestSize = 20

    private var state: (UInt32, UInt32, UInt32, UInt32, UInt32) = (
        0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0
    )
    private var buffer = BlockBuffer()

    public init() {}

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var copy = state
        buffer.append(bytes) { SHA1.compress(&copy, $0) }
        state = copy
    }

    public mutating func finalize() -> [UInt8] {
        let tail = buffer.paddingBlocks()
        var copy = state
        tail.withUnsafeBytes { raw in
            var offset = 0
            while offset < raw.count {
                SHA1.compress(&copy, UnsafeRawBufferPointer(rebasing: raw[offset..<offset + 64]))
                offset += 64
            }
        }
        state = copy
        var out: [UInt8] = []
        for word in [state.0, state.1, state.2, state.3, state.4] { appendBigEndian(word, to: &out) }
        return out
    }

    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawBufferPointer
    ) {
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 80) { w in
            for t in 0..<16 { w[t] = loadBigEndian(block, t) }
            for t in 16..<80 { w[t] = rotateLeft(w[t &- 3] ^ w[t &- 8] ^ w[t &- 14] ^ w[t &- 16], 1) }
            var (a, b, c, d, e) = state
            for t in 0..<80 {
                let f: UInt32
                let k: UInt32
                switch t {
                case 0..<20:
                    f = (b & c) | (~b & d)
                    k = 0x5A82_7999
                case 20..<40:
                    f = b ^ c ^ d
                    k = 0x6ED9_EBA1
                case 40..<60:
                    f = (b & c) | (b & d) | (c & d)
                    k = 0x8F1B_BCDC
                default:
                    f = b ^ c ^ d
                    k = 0xCA62_C1D6
                }
                let temp = rotateLeft(a, 5) &+ f &+ e &+ k &+ w[t]
                e = d
                d = c
                c = rotateLeft(b, 30)
                b = a
                a = temp
            }
            state.0 &+= a
            state.1 &+= b
            state.2 &+= c
            state.3 &+= d
            state.4 &+= e
        }
    }
}

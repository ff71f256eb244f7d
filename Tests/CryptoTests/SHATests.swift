import Crypto
import Testing

/// FIPS 180-4 example vectors (and the "million a" vector from the NIST test set).
struct SHATests {
    static let sha256Vectors: [(String, String)] = [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        (
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"
        ),
        (
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
            "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"
        ),
    ]

    @Test(arguments: sha256Vectors)
    func sha256(message: String, digest: String) {
        #expect(Hex.encode(SHA256.hash(Array(message.utf8))) == digest)
    }

    static let sha1Vectors: [(String, String)] = [
        ("", "da39a3ee5e6b4b0d3255bfef95601890afd80709"),
        ("abc", "a9993e364706816aba3e25717850c26c9cd0d89d"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1"),
    ]

    @Test(arguments: sha1Vectors)
    func sha1(message: String, digest: String) {
        #expect(Hex.encode(SHA1.hash(Array(message.utf8))) == digest)
    }

    @Test func millionAInUnevenChunks() {
        var sha256 = SHA256()
        var sha1 = SHA1()
        var remaining = 1_000_000
        var chunk = 1
        while remaining > 0 {
            let size = min(chunk, remaining)
            let bytes = [UInt8](repeating: UInt8(ascii: "a"), count: size)
            sha256.update(bytes)
            sha1.update(bytes)
            remaining -= size
            chunk = chunk % 997 + 13  // sizes that straddle block boundaries
        }
        #expect(Hex.encode(sha256.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        #expect(Hex.encode(sha1.finalize()) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f")
    }

    @Test(arguments: [55, 56, 63, 64, 65, 119, 120])
    func paddingBoundaries(length: Int) {
        // One-shot and byte-at-a-time hashing must agree around the 56-byte padding boundary.
        let message = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        var incremental = SHA256()
        for byte in message { incremental.update([byte]) }
        #expect(incremental.finalize() == SHA256.hash(message))
    }
}

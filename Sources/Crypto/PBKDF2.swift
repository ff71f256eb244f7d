/// PBKDF2-HMAC-SHA256 (RFC 8018), the slow salted hash that stores passwords.
public enum PBKDF2 {
    /// Derives `length` bytes; `iterations` must be at least 1.
    public static func sha256(
        password: [UInt8], salt: [UInt8], iterations: Int, length: Int = SHA256.digestSize
    ) -> [UInt8] {
        precondition(iterations >= 1 && length >= 1, "PBKDF2 needs at least one iteration and one byte")
        let mac = HMAC<SHA256>(key: password)
        var output: [UInt8] = []
        output.reserveCapacity(length)
        var blockIndex: UInt32 = 1
        while output.count < length {
            var first = salt
            appendBigEndian(blockIndex, to: &first)
            var u = mac.authenticationCode(for: first)
            var accumulator = u
            if iterations > 1 {
                for _ in 2...iterations {
                    u = fastAuthenticationCode(mac, digest: u)
                    for index in 0..<SHA256.digestSize { accumulator[index] ^= u[index] }
                }
            }
            output.append(contentsOf: accumulator.prefix(length - output.count))
            blockIndex += 1
        }
        return output
    }

    /// HMAC of a 32-byte message: exactly one compression each for the inner and outer hash.
    private static func fastAuthenticationCode(_ mac: HMAC<SHA256>, digest: [UInt8]) -> [UInt8] {
        var inner = mac.inner
        let innerDigest = digest.withUnsafeBytes { inner.finalizeAfterOneBlockPrefix(with: $0) }
        var outer = mac.outer
        return innerDigest.withUnsafeBytes { outer.finalizeAfterOneBlockPrefix(with: $0) }
    }
}

import Crypto

/// Salted PBKDF2-HMAC-SHA256 password hashes, stored as `pbkdf2_sha256$<iterations>$<salt>$<hash>`.
///
/// The iteration count lives in each hash, so lowering the cost for tests never weakens stored hashes.
struct PasswordHasher: Sendable {
    let iterations: Int

    init(iterations: Int) { self.iterations = max(1, iterations) }

    func hash(_ password: String) -> String {
        let salt = SecureRandom.bytes(16)
        let derived = PBKDF2.sha256(password: Array(password.utf8), salt: salt, iterations: iterations)
        return "pbkdf2_sha256$\(iterations)$\(Base64URL.encode(salt))$\(Base64URL.encode(derived))"
    }

    /// Constant-time check of `password` against a stored hash; a malformed hash never verifies.
    func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2_sha256", let rounds = Int(parts[1]), rounds >= 1,
            let salt = Base64URL.decode(parts[2]), let expected = Base64URL.decode(parts[3])
        else { return false }
        let derived = PBKDF2.sha256(
            password: Array(password.utf8), salt: salt, iterations: rounds,
            length: max(1, expected.count))
        return ConstantTime.equals(derived, expected)
    }

    /// Burns the same work as a real verification, so an unknown email is not faster than a wrong password.
    func verifyAgainstDummy(_ password: String) {
        _ = verify(password, against: dummyHash)
    }

    private var dummyHash: String {
        "pbkdf2_sha256$\(iterations)$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    }
}

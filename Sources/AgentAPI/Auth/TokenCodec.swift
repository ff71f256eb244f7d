import Crypto
import JSONCore

/// HS256 access tokens that accept and reject exactly what PyJWT 2.15.1's
/// `jwt.decode(token, key, algorithms=["HS256"])` accepts and rejects.
struct TokenCodec: Sendable {
    /// Why a token was refused, in PyJWT's terms (kept for tests and logs; clients see one 401).
    enum Rejection: Error, Equatable, Sendable {
        case notEnoughSegments
        case invalidPadding(String)
        case invalidHeader
        case invalidPayload
        case invalidHeaderParameter
        case algorithmNotAllowed
        case invalidSignature
        case immature
        case expired
        case invalidClaim(String)
        case invalidAudience
        /// PyJWT refuses to verify with an empty key, or one that looks like a PEM, SSH or JWK key.
        case unusableKey
    }

    private let mac: HMAC<SHA256>
    private let keyIsUsable: Bool

    init(secret: [UInt8]) {
        mac = HMAC<SHA256>(key: secret)
        keyIsUsable = TokenCodec.isUsableHMACKey(secret)
    }

    /// PyJWT's `HMACAlgorithm.prepare_key` checks: not empty, not an asymmetric key, not a JWK.
    static func isUsableHMACKey(_ key: [UInt8]) -> Bool {
        guard !key.isEmpty else { return false }
        let text = String(decoding: key, as: UTF8.self)
        if text.contains("-----BEGIN ") && text.contains("-----END ") { return false }
        let sshPrefixes = ["ssh-ed25519", "ssh-rsa", "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]
        if sshPrefixes.contains(where: { text.hasPrefix($0) }) { return false }
        if let parsed = try? JSONParser.parse(bytes: key), containsKeyType(parsed) { return false }
        return true
    }

    private static func containsKeyType(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let object): return object.contains("kty") || object.contains { containsKeyType($0.value) }
        case .array(let items): return items.contains(where: containsKeyType)
        default: return false
        }
    }

    /// `jwt.encode({"sub": subject, "exp": now + lifetime, "iat": now}, key, algorithm="HS256")`.
    func issue(subject: String, now: Timestamp, lifetime: Int64) -> String {
        let issuedAt = Int64((now.seconds).rounded(.down))
        let payload = JSONObject([
            ("sub", .string(subject)),
            ("exp", .integer(issuedAt + lifetime)),
            ("iat", .integer(issuedAt)),
        ])
        return sign(header: #"{"alg":"HS256","typ":"JWT"}"#, payload: JSONWriter.compact(.object(payload)))
    }

    /// Signs arbitrary header and payload JSON (tests use it to build tokens PyJWT would judge).
    func sign(header: String, payload: String) -> String {
        let signingInput = Base64URL.encode(Array(header.utf8)) + "." + Base64URL.encode(Array(payload.utf8))
        return signingInput + "." + Base64URL.encode(mac.authenticationCode(for: Array(signingInput.utf8)))
    }

    /// The verified claims, or why PyJWT would have refused the token.
    func decode(_ token: String, now: Timestamp) -> Result<JSONObject, Rejection> {
        let bytes = Array(token.utf8)
        guard keyIsUsable else { return .failure(.unusableKey) }
        guard let lastDot = bytes.lastIndex(of: UInt8(ascii: ".")),
            let firstDot = bytes[..<lastDot].firstIndex(of: UInt8(ascii: "."))
        else { return .failure(.notEnoughSegments) }
        let signingInput = Array(bytes[..<lastDot])
        guard let headerBytes = Self.segment(bytes[..<firstDot]) else { return .failure(.invalidPadding("header")) }
        guard case .object(let header)? = try? JSONParser.parse(bytes: headerBytes, options: .python) else {
            return .failure(.invalidHeader)
        }
        let detachedPayload = header["b64"] == .bool(false)
        let payloadSegment = bytes[(firstDot + 1)..<lastDot]
        var payloadBytes: [UInt8] = []
        if detachedPayload {
            guard payloadSegment.isEmpty else { return .failure(.invalidPayload) }
        } else {
            guard let decoded = Self.segment(payloadSegment) else { return .failure(.invalidPadding("payload")) }
            payloadBytes = decoded
        }
        guard let signature = Self.segment(bytes[(lastDot + 1)...]) else { return .failure(.invalidPadding("crypto")) }
        if let rejection = Self.checkHeaderParameters(header) { return .failure(rejection) }
        // PyJWT refuses every b64=false token when no detached payload is passed, which we never do.
        if detachedPayload { return .failure(.invalidHeaderParameter) }
        guard let algorithm = header["alg"] else { return .failure(.algorithmNotAllowed) }
        if algorithm != .string("HS256") { return .failure(.algorithmNotAllowed) }
        guard ConstantTime.equals(signature, mac.authenticationCode(for: signingInput)) else { return .failure(.invalidSignature) }
        guard case .object(let payload)? = try? JSONParser.parse(bytes: payloadBytes, options: .python) else {
            return .failure(.invalidPayload)
        }
        if let rejection = checkClaims(payload, now: now.seconds) { return .failure(rejection) }
        return .success(payload)
    }

    /// PyJWT's strict segment decoding: canonical unpadded base64url, optionally followed by exactly
    /// the canonical `=` padding.
    static func segment(_ raw: ArraySlice<UInt8>) -> [UInt8]? {
        var stripped = raw
        var padding = 0
        while stripped.last == UInt8(ascii: "=") {
            stripped = stripped.dropLast()
            padding += 1
            if padding > 2 { return nil }
        }
        if padding > 0 && raw.count % 4 != 0 { return nil }
        let text = String(decoding: stripped, as: UTF8.self)
        guard let decoded = Base64URL.decode(text), Base64URL.encode(decoded) == text else { return nil }
        return decoded
    }

    /// `kid` must be a string; `crit` may only name `b64`, which must then be present.
    private static func checkHeaderParameters(_ header: JSONObject) -> Rejection? {
        if let kid = header["kid"], kid.stringValue == nil { return .invalidHeaderParameter }
        guard let crit = header["crit"] else { return nil }
        guard case .array(let extensions) = crit, !extensions.isEmpty else { return .invalidHeaderParameter }
        for item in extensions {
            guard item == .string("b64"), header["b64"] != nil else { return .invalidHeaderParameter }
        }
        return nil
    }

    /// iat, nbf, exp (each through Python's `int()`), then aud, sub and jti, in PyJWT's order.
    private func checkClaims(_ payload: JSONObject, now: Double) -> Rejection? {
        if let iat = payload["iat"] {
            guard let value = PythonInt.claim(iat) else { return .invalidClaim("iat") }
            if value > now { return .immature }
        }
        if let nbf = payload["nbf"] {
            guard let value = PythonInt.claim(nbf) else { return .invalidClaim("nbf") }
            if value > now { return .immature }
        }
        if let exp = payload["exp"] {
            guard let value = PythonInt.claim(exp) else { return .invalidClaim("exp") }
            if value <= now { return .expired }
        }
        if let audience = payload["aud"], PythonInt.isTruthy(audience) { return .invalidAudience }
        if let subject = payload["sub"], subject.stringValue == nil { return .invalidClaim("sub") }
        if let id = payload["jti"], id.stringValue == nil { return .invalidClaim("jti") }
        return nil
    }
}

import JSONCore

/// Decides which bearer tokens the app accepts and what they claim.
public protocol AccessTokenVerifier: Sendable {
    /// The claims of `token` when the app accepts it at `now`; nil when it is refused.
    func claims(of token: String, at now: Timestamp) -> JSONObject?
}

/// The contract's verifier: PyJWT 2.15.1's `jwt.decode(token, key, algorithms=["HS256"])`.
public struct PyJWTVerifier: AccessTokenVerifier {
    let codec: TokenCodec

    public init(secret: [UInt8]) { codec = TokenCodec(secret: secret) }

    public func claims(of token: String, at now: Timestamp) -> JSONObject? {
        if case .success(let claims) = codec.decode(token, now: now) { return claims }
        return nil
    }

    /// HS256 over the given header and payload JSON, exactly as written (for tools that re-sign tokens).
    public func sign(header: String, payload: String) -> String { codec.sign(header: header, payload: payload) }
}

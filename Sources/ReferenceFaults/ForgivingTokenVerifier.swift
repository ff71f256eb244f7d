import AgentAPI
import Crypto
import JSONCore

/// A token verifier that lets one kind of bad token through and checks everything else as the contract's
/// verifier does: it re-signs the token it forgives and hands it to the strict verifier.
struct ForgivingTokenVerifier: AccessTokenVerifier {
    enum Forgiveness: Sendable {
        /// `alg: none` (any case), with whatever signature.
        case algNone
        /// An HS256 token whose signature does not match.
        case badSignature
        /// A correctly signed token whose `exp` has passed.
        case expiry
    }

    let secret: [UInt8]
    let forgives: [Forgiveness]
    private let strict: PyJWTVerifier

    init(secret: [UInt8], forgives: [Forgiveness]) {
        self.secret = secret
        self.forgives = forgives
        strict = PyJWTVerifier(secret: secret)
    }

    /// Each forgiveness in turn may turn the token into one the strict verifier accepts.
    func claims(of token: String, at now: Timestamp) -> JSONObject? {
        var candidate = token
        if let claims = strict.claims(of: candidate, at: now) { return claims }
        for forgiveness in forgives {
            guard let forgiven = forgiven(candidate, forgiveness, at: now) else { continue }
            if let claims = strict.claims(of: forgiven, at: now) { return claims }
            candidate = forgiven
        }
        return nil
    }

    /// The token as the defect reads it, signed so that the strict verifier judges the rest.
    private func forgiven(_ token: String, _ forgives: Forgiveness, at now: Timestamp) -> String? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, let headerBytes = Base64URL.decode(parts[0]),
            case .object(var header)? = try? JSONParser.parse(bytes: headerBytes, options: .python)
        else { return nil }
        switch forgives {
        case .algNone:
            guard header["alg"]?.stringValue?.lowercased() == "none" else { return nil }
            header["alg"] = "HS256"
            return signed(Base64URL.encode(JSONWriter.compactBytes(.object(header))), parts[1])
        case .badSignature:
            guard header["alg"] == "HS256" else { return nil }
            return signed(parts[0], parts[1])
        case .expiry:
            guard header["alg"] == "HS256", signed(parts[0], parts[1]) == token, let payloadBytes = Base64URL.decode(parts[1]),
                case .object(var payload)? = try? JSONParser.parse(bytes: payloadBytes, options: .python),
                case .number(let expiry)? = payload["exp"], expiry.double <= now.seconds
            else { return nil }
            payload["exp"] = nil
            return signed(parts[0], Base64URL.encode(JSONWriter.compactBytes(.object(payload))))
        }
    }

    private func signed(_ header: String, _ payload: String) -> String {
        let input = header + "." + payload
        return input + "." + Base64URL.encode(HMAC<SHA256>.authenticationCode(key: secret, message: Array(input.utf8)))
    }
}

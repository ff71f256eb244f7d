import Crypto
import Foundation
import JSONCore

/// Builds the forged credentials of the auth checks from an actor's real token.
struct TokenForger: Sendable {
    /// The target's HMAC key, when known: validly signed forgeries need it.
    let secret: [UInt8]?

    /// The forged token, or why this forgery cannot be made here (the check is then skipped, never passed).
    func forge(_ forgery: TokenForgery, from token: String, ownerID: JSONValue?, otherUserID: JSONValue?) -> Result<String, Unavailable> {
        if forgery.needsSecret && secret == nil {
            return .failure(Unavailable("needs the target's signing key (--jwt-secret or CONTRACT_JWT_SECRET)"))
        }
        let now = Int64(Date().timeIntervalSince1970)
        switch forgery {
        case .algNone:
            guard TokenTampering.claims(token) != nil else { return .failure(Unavailable("the actor's credential is not a JWT")) }
            return .success(TokenTampering.algNone(token))
        case .flippedSignature:
            guard TokenTampering.claims(token) != nil else { return .failure(Unavailable("the actor's credential is not a JWT")) }
            return .success(TokenTampering.flipSignature(token))
        case .swappedSubject:
            guard let claims = TokenTampering.claims(token), claims["sub"] != nil else {
                return .failure(Unavailable("the actor's token has no sub claim to swap"))
            }
            guard let other = otherUserID else { return .failure(Unavailable("the other user has no id")) }
            guard other != ownerID else { return .failure(Unavailable("the other user has the same id as the actor")) }
            return .success(TokenTampering.swapSubject(token, to: TemplateScope.text(of: other)))
        default:
            guard let ownerID else { return .failure(Unavailable("the actor has no id")) }
            if forgery == .integerSubject, ownerID.numberValue == nil { return .failure(Unavailable("the actor's id is not a number")) }
            return sign(
                claims(forgery, subject: TemplateScope.text(of: ownerID), ownerID: ownerID, now: now),
                algorithm: forgery == .otherAlgorithm ? "HS384" : "HS256")
        }
    }

    /// The payload of a validly signed forgery: a fresh token's claims with exactly one thing wrong (or unusual).
    private func claims(_ forgery: TokenForgery, subject: String, ownerID: JSONValue, now: Int64) -> JSONObject {
        var claims = JSONObject([("sub", .string(subject)), ("exp", .integer(now + 600)), ("iat", .integer(now))])
        switch forgery {
        case .expired:
            claims["exp"] = .integer(now - 60)
            claims["iat"] = .integer(now - 120)
        case .unknownUser: claims["sub"] = "987654321987"
        case .integerSubject: claims["sub"] = ownerID
        case .issuedInFuture:
            claims["iat"] = .integer(now + 3600)
            claims["exp"] = .integer(now + 7200)
        case .notYetValid: claims["nbf"] = .integer(now + 3600)
        case .textualTime: claims["exp"] = "soon"
        case .audience: claims["aud"] = "agent-api"
        case .integerTokenID: claims["jti"] = 7
        case .noSubject: claims["sub"] = nil
        case .signedSubject: claims["sub"] = .string("+" + subject)
        case .noExpiry: claims["exp"] = nil
        case .algNone, .flippedSignature, .swappedSubject, .otherAlgorithm: break
        }
        return claims
    }

    /// Why a forgery cannot be made.
    struct Unavailable: Error, Sendable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    /// Signs with HMAC-SHA256 whatever `alg` the header names (a server that ignores `alg` accepts it).
    private func sign(_ claims: JSONObject, algorithm: String) -> Result<String, Unavailable> {
        guard let secret else { return .failure(Unavailable("needs the target's signing key (--jwt-secret or CONTRACT_JWT_SECRET)")) }
        let header = JSONObject([("alg", .string(algorithm)), ("typ", "JWT")])
        let signingInput =
            Base64URL.encode(Array(JSONWriter.compact(.object(header)).utf8)) + "."
            + Base64URL.encode(Array(JSONWriter.compact(.object(claims)).utf8))
        return .success(signingInput + "." + Base64URL.encode(HMAC<SHA256>.authenticationCode(key: secret, message: Array(signingInput.utf8))))
    }
}

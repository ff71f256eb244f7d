import Crypto
import Foundation
import JSONCore

/// Builds the forged credentials of the auth checks from an actor's real token, as the contract's `auth`
/// describes tokens: which claim names the user and which actor property holds that value.
struct TokenForger: Sendable {
    /// The target's HMAC key, when known: validly signed forgeries need it.
    let secret: [UInt8]?
    var auth = AuthDescription()

    /// The forged token, or why this forgery cannot be made here (the check is then skipped, never passed).
    /// `owner` and `other` are the subjects (the actor property `auth` names) of the actor and of another user.
    func forge(_ forgery: TokenForgery, from token: String, owner: JSONValue?, other: JSONValue?) -> Result<String, Unavailable> {
        guard auth.format == .jwt else { return .failure(Unavailable("the contract's tokens are opaque, not JWTs")) }
        guard TokenTampering.claims(token) != nil else { return .failure(Unavailable("the actor's credential is not a JWT")) }
        if forgery.needsSecret {
            guard secret != nil else { return .failure(Unavailable("needs the target's signing key (--jwt-secret or CONTRACT_JWT_SECRET)")) }
            guard auth.algorithm == "HS256" else { return .failure(Unavailable("signing \(auth.algorithm) tokens is not supported (HS256 only)")) }
        }
        let claim = auth.subjectClaim
        let now = Int64(Date().timeIntervalSince1970)
        switch forgery {
        case .algNone:
            return .success(TokenTampering.algNone(token))
        case .flippedSignature:
            return .success(TokenTampering.flipSignature(token))
        case .swappedSubject:
            guard TokenTampering.claims(token)?[claim] != nil else {
                return .failure(Unavailable("the actor's token has no \(claim) claim to swap"))
            }
            guard let other else { return .failure(Unavailable("the other user has no \(auth.subjectProperty)")) }
            guard other != owner else { return .failure(Unavailable("the other user has the same \(auth.subjectProperty) as the actor")) }
            return .success(TokenTampering.swapSubject(token, to: TemplateScope.text(of: other), claim: claim))
        default:
            guard let owner else { return .failure(Unavailable("the actor has no \(auth.subjectProperty)")) }
            let subject = TemplateScope.text(of: owner)
            let numeric = !subject.isEmpty && subject.utf8.allSatisfy { (48...57).contains($0) }
            if [.integerSubject, .signedSubject].contains(forgery) && !numeric {
                return .failure(Unavailable("the actor's \(auth.subjectProperty) is not a number"))
            }
            return sign(
                claims(forgery, subject: subject, numeric: numeric, now: now),
                algorithm: forgery == .otherAlgorithm ? "HS384" : auth.algorithm)
        }
    }

    /// The payload of a validly signed forgery: a fresh token's claims with exactly one thing wrong (or unusual).
    private func claims(_ forgery: TokenForgery, subject: String, numeric: Bool, now: Int64) -> JSONObject {
        let claim = auth.subjectClaim
        var claims = JSONObject([(claim, .string(subject)), ("exp", .integer(now + 600)), ("iat", .integer(now))])
        switch forgery {
        case .expired:
            claims["exp"] = .integer(now - 60)
            claims["iat"] = .integer(now - 120)
        // A subject of the same kind as a real one that no account has.
        case .unknownUser: claims[claim] = .string(numeric ? "987654321987" : "nobody-\(UUID().uuidString.prefix(8).lowercased())")
        case .integerSubject: claims[claim] = .number(JSONNumber(integerText: subject) ?? JSONNumber(0))
        case .issuedInFuture:
            claims["iat"] = .integer(now + 3600)
            claims["exp"] = .integer(now + 7200)
        case .notYetValid: claims["nbf"] = .integer(now + 3600)
        case .textualTime: claims["exp"] = "soon"
        case .audience: claims["aud"] = "contract-test-audience"
        case .integerTokenID: claims["jti"] = 7
        case .noSubject: claims[claim] = nil
        case .signedSubject: claims[claim] = .string("+" + subject)
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

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
        case .expired:
            guard let ownerID else { return .failure(Unavailable("the actor has no id")) }
            return sign(JSONObject([("sub", .string(TemplateScope.text(of: ownerID))), ("exp", .integer(now - 60)), ("iat", .integer(now - 120))]))
        case .unknownUser:
            return sign(JSONObject([("sub", "987654321987"), ("exp", .integer(now + 600)), ("iat", .integer(now))]))
        case .integerSubject:
            guard let ownerID, case .number(let number) = ownerID else { return .failure(Unavailable("the actor's id is not a number")) }
            return sign(JSONObject([("sub", .number(number)), ("exp", .integer(now + 600)), ("iat", .integer(now))]))
        }
    }

    /// Why a forgery cannot be made.
    struct Unavailable: Error, Sendable {
        let reason: String
        init(_ reason: String) { self.reason = reason }
    }

    private func sign(_ claims: JSONObject) -> Result<String, Unavailable> {
        guard let secret else { return .failure(Unavailable("needs the target's signing key (--jwt-secret or CONTRACT_JWT_SECRET)")) }
        let signingInput =
            Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "."
            + Base64URL.encode(Array(JSONWriter.compact(.object(claims)).utf8))
        return .success(signingInput + "." + Base64URL.encode(HMAC<SHA256>.authenticationCode(key: secret, message: Array(signingInput.utf8))))
    }
}

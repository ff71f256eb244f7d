import Crypto
import Foundation
import JSONCore

/// Builds the forged credentials of the auth checks from an actor's real token.
struct TokenForger: Sendable {
    /// The target's HMAC key, when known: validly signed forgeries need it.
    let secret: [UInt8]?

    func forge(_ forgery: TokenForgery, from token: String, ownerID: JSONValue?, otherUserID: JSONValue?) -> String? {
        switch forgery {
        case .algNone: return TokenTampering.algNone(token)
        case .flippedSignature: return TokenTampering.flipSignature(token)
        case .swappedSubject:
            guard let other = otherUserID else { return nil }
            return TokenTampering.swapSubject(token, to: TemplateScope.text(of: other))
        case .expired:
            guard let ownerID else { return nil }
            let now = Int64(Date().timeIntervalSince1970)
            return sign(JSONObject([("sub", .string(TemplateScope.text(of: ownerID))), ("exp", .integer(now - 60)), ("iat", .integer(now - 120))]))
        case .unknownUser:
            let now = Int64(Date().timeIntervalSince1970)
            return sign(JSONObject([("sub", "987654321987"), ("exp", .integer(now + 600)), ("iat", .integer(now))]))
        case .integerSubject:
            guard let ownerID, case .number(let number) = ownerID else { return nil }
            let now = Int64(Date().timeIntervalSince1970)
            return sign(JSONObject([("sub", .number(number)), ("exp", .integer(now + 600)), ("iat", .integer(now))]))
        }
    }

    private func sign(_ claims: JSONObject) -> String? {
        guard let secret else { return nil }
        let signingInput =
            Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "."
            + Base64URL.encode(Array(JSONWriter.compact(.object(claims)).utf8))
        return signingInput + "." + Base64URL.encode(HMAC<SHA256>.authenticationCode(key: secret, message: Array(signingInput.utf8)))
    }
}

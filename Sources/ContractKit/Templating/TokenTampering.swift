import Crypto
import JSONCore

/// Forged variants of a real access token, each of which a correct server must refuse.
public enum TokenTampering {
    /// The same claims with `{"alg":"none","typ":"JWT"}` and an empty signature.
    public static func algNone(_ token: String) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return token }
        return Base64URL.encode(Array(#"{"alg":"none","typ":"JWT"}"#.utf8)) + "." + parts[1] + "."
    }

    /// One data bit of the signature's first byte inverted, re-encoded canonically.
    public static func flipSignature(_ token: String) -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, var signature = Base64URL.decode(parts[2]), !signature.isEmpty else { return token + "x" }
        signature[0] ^= 0x01
        return parts[0] + "." + parts[1] + "." + Base64URL.encode(signature)
    }

    /// The payload's subject claim replaced by `subject` (as a string), keeping the original signature.
    public static func swapSubject(_ token: String, to subject: String, claim: String = "sub") -> String {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payloadBytes = Base64URL.decode(parts[1]),
            case .object(var payload)? = try? JSONParser.parse(bytes: payloadBytes, options: .strict)
        else { return token }
        payload[claim] = .string(subject)
        return parts[0] + "." + Base64URL.encode(Array(JSONWriter.compact(.object(payload)).utf8)) + "." + parts[2]
    }

    /// The claims of a token, without checking its signature (for reports and derived checks).
    public static func claims(_ token: String) -> JSONObject? {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let bytes = Base64URL.decode(parts[1]),
            case .object(let claims)? = try? JSONParser.parse(bytes: bytes, options: .python)
        else { return nil }
        return claims
    }

    /// A token with these claims, signed HS256 with `secret`.
    public static func signed(_ claims: JSONObject, secret: [UInt8]) -> String {
        let input =
            Base64URL.encode(Array(#"{"alg":"HS256","typ":"JWT"}"#.utf8)) + "." + Base64URL.encode(Array(JSONWriter.compact(.object(claims)).utf8))
        return input + "." + Base64URL.encode(HMAC<SHA256>.authenticationCode(key: secret, message: Array(input.utf8)))
    }
}

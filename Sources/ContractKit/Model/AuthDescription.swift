import HTTPCore
import JSONCore

/// How an API authenticates, as `contracts/api.json` describes it in `auth` (every part optional): where
/// the credential goes, what the token is, and which claim names the user. The derived auth checks forge
/// what this allows and skip, with the reason, what it rules out.
public struct AuthDescription: Sendable, Equatable {
    /// Where a request carries the credential.
    public enum Credential: Sendable, Equatable {
        /// A header, `<scheme> <token>` (the scheme nil: the bare token).
        case header(name: String, scheme: String?)
        /// A query parameter.
        case query(name: String)
    }

    public enum TokenFormat: String, Sendable, Equatable {
        case jwt, opaque
    }

    public var credential = Credential.header(name: "Authorization", scheme: "Bearer")
    public var format = TokenFormat.jwt
    /// The JWT `alg` the API signs with; validly signed forgeries are made with it (HMAC SHA-256 only).
    public var algorithm = "HS256"
    /// The claim that names the user, and the actor property whose value it holds.
    public var subjectClaim = "sub"
    public var subjectProperty = "id"
    /// Whether a token without `exp` is refused (the default) or accepted (`"expiry": "optional"`, as PyJWT
    /// decodes one when the app does not require the claim).
    public var expiryRequired = true

    public init() {}

    /// Replaces the request's credential with `token` (nil: sends none), where the API expects it.
    public func setCredential(_ token: String?, on request: inout HTTPRequest) {
        switch credential {
        case .header(let name, let scheme):
            request.headers.remove(name)
            if let token { request.headers.set(name, scheme.map { "\($0) \(token)" } ?? token) }
        case .query(let name):
            let kept = request.rawQuery.split(separator: "&", omittingEmptySubsequences: false).filter { pair in
                PercentDecoding.unquote(pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).first ?? "") != name
            }
            let added = token.map { ["\(PercentDecoding.quote(name, keeping: []))=\(PercentDecoding.quote($0, keeping: []))"] } ?? []
            let query = (kept.map(String.init) + added).filter { !$0.isEmpty }.joined(separator: "&")
            request.target = request.rawPath + (query.isEmpty ? "" : "?" + query)
        }
    }

    /// The token inside a credential value (`Bearer abc` → `abc`), nil when the value has another scheme.
    public func token(fromHeaderValue value: String) -> String? {
        guard case .header(_, let scheme?) = credential else { return value }
        let prefix = scheme.lowercased() + " "
        return value.lowercased().hasPrefix(prefix) ? String(value.dropFirst(prefix.count)) : nil
    }

    /// The header name the credential travels in, when it is a header.
    public var headerName: String? {
        if case .header(let name, _) = credential { return name }
        return nil
    }

    static func read(_ reader: inout DocumentReader, _ value: JSONValue?) -> AuthDescription {
        var description = AuthDescription()
        guard let object = reader.object(value, at: ["auth"], allowed: ["credential", "token"], what: "auth") else { return description }
        if let credential = reader.object(
            object["credential"], at: ["auth", "credential"], allowed: ["header", "scheme", "query"], what: "a credential")
        {
            if let query = reader.string(credential, "query", at: ["auth", "credential"]) {
                if credential["header"] != nil {
                    reader.report("a credential goes in a header or in the query, not both", at: ["auth", "credential"])
                }
                description.credential = .query(name: query)
            } else {
                let name = reader.string(credential, "header", at: ["auth", "credential"]) ?? "Authorization"
                let scheme: String? =
                    credential["scheme"] == .null ? nil : (reader.string(credential, "scheme", at: ["auth", "credential"]) ?? "Bearer")
                description.credential = .header(name: name, scheme: scheme)
            }
        }
        if let token = reader.object(
            object["token"], at: ["auth", "token"], allowed: ["format", "algorithm", "subjectClaim", "subject", "expiry"], what: "a token")
        {
            if let format = reader.string(token, "format", at: ["auth", "token"]) {
                if let known = TokenFormat(rawValue: format) {
                    description.format = known
                } else {
                    reader.report("the token format is \"jwt\" or \"opaque\"", at: ["auth", "token", "format"])
                }
            }
            description.algorithm = reader.string(token, "algorithm", at: ["auth", "token"]) ?? description.algorithm
            description.subjectClaim = reader.string(token, "subjectClaim", at: ["auth", "token"]) ?? description.subjectClaim
            description.subjectProperty = reader.string(token, "subject", at: ["auth", "token"]) ?? description.subjectProperty
            switch reader.string(token, "expiry", at: ["auth", "token"]) {
            case nil, "required"?: break
            case "optional"?: description.expiryRequired = false
            default: reader.report("expiry is \"required\" (a token without exp is refused) or \"optional\"", at: ["auth", "token", "expiry"])
            }
        }
        return description
    }
}

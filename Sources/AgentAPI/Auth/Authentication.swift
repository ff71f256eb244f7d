import HTTPCore
import JSONCore

extension AgentAPI {
    /// `WWW-Authenticate: Bearer`, which every 401 carries.
    static let bearerChallenge = [("www-authenticate", "Bearer")]

    /// The app's reading of `sub`: ASCII digits (leading zeros allowed) that fit in 64 bits.
    static func userID(fromSubject subject: String) -> Int64? {
        guard !subject.isEmpty, subject.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return JSONNumber(integerText: subject)?.int64
    }

    /// FastAPI's `OAuth2PasswordBearer` followed by the app's `get_current_user`.
    func authenticate(_ request: HTTPRequest) throws -> UserRecord {
        let header = request.headers["authorization"] ?? ""
        // `get_authorization_scheme_param`: split once at the first space.
        let scheme: Substring
        let token: Substring
        if let space = header.firstIndex(of: " ") {
            scheme = header[..<space]
            token = header[header.index(after: space)...]
        } else {
            scheme = Substring(header)
            token = ""
        }
        guard !header.isEmpty, scheme.lowercased() == "bearer" else {
            throw APIError(401, "Not authenticated", headers: Self.bearerChallenge)
        }
        let invalid = APIError(401, "Could not validate credentials", headers: Self.bearerChallenge)
        guard let claims = verifier.claims(of: String(token), at: configuration.clock.now()),
            let subject = claims["sub"]?.stringValue,
            let userID = Self.userID(fromSubject: subject)
        else { throw invalid }
        guard let user = try database.read({ try UserTable.find($0, id: userID) }) else { throw invalid }
        return user
    }
}

import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/users: 201 with the user, 409 when the (normalized) email exists.
    func createUser(_ input: UserCreate) throws -> JSONValue {
        let email = policies.emails.normalized(input.email)
        let hash = passwords.hash(input.password)
        let now = configuration.clock.now()
        do {
            let user = try database.transaction { db -> UserRecord in
                if try UserTable.find(db, email: email) != nil { throw APIError(409, "Email already registered") }
                return try UserTable.insert(db, email: email, passwordHash: hash, fullName: input.fullName, at: now)
            }
            return Representation.user(user)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw APIError(409, "Email already registered")
        }
    }

    /// POST /api/v1/auth/login: the OAuth2 password form; 401 with `WWW-Authenticate` on a wrong pair.
    func login(_ form: LoginForm) throws -> JSONValue {
        let username = policies.emails.normalized(form.username)
        let user = try database.read { try UserTable.find($0, email: username) }
        guard let user else {
            passwords.verifyAgainstDummy(form.password)
            throw APIError(401, "Incorrect username or password", headers: Self.bearerChallenge)
        }
        guard passwords.verify(form.password, against: user.passwordHash) else {
            throw APIError(401, "Incorrect username or password", headers: Self.bearerChallenge)
        }
        let token = tokens.issue(subject: String(user.id), now: configuration.clock.now(), lifetime: configuration.tokenLifetime)
        return ["access_token": .string(token), "token_type": "bearer"]
    }
}

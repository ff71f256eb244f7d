import HTTPCore
import JSONCore
import SQLite

extension AgentAPI {
    /// POST /api/v1/users: 201 with the user, 409 when the (case-folded) email exists.
    func createUser(body: RequestBody.Decoded) throws -> HTTPResponse {
        var validation = ParameterValidation()
        let input = validation.body(body, Schemas.userCreate)
        try validation.finish()
        guard let input, let email = input["email"]?.string, let password = input["password"]?.string else {
            throw InternalError("validated user body lacks a field")
        }
        let normalized = mutant == .emailCaseSensitive ? email : email.lowercased()
        let hash = passwords.hash(password)
        let now = configuration.clock.now()
        do {
            let user = try database.transaction { db -> UserRecord in
                if try UserTable.find(db, email: normalized) != nil { throw APIError(409, "Email already registered") }
                return try UserTable.insert(db, email: normalized, passwordHash: hash, fullName: input["full_name"]?.string, at: now)
            }
            var body = Representation.user(user)
            if mutant == .passwordHashLeaked, case .object(var object) = body {
                object["password_hash"] = .string(user.passwordHash)
                body = .object(object)
            }
            return ResponseBuilder.json(body, status: mutant == .createdAs200 ? 200 : 201)
        } catch let error as SQLiteError where error.isUniqueViolation {
            throw APIError(409, "Email already registered")
        }
    }

    /// POST /api/v1/auth/login: the OAuth2 password form; 401 with `WWW-Authenticate` on a wrong pair.
    func login(form: [(name: String, value: String)]) throws -> HTTPResponse {
        var values: [String: String] = [:]
        var issues: [ValidationIssue] = []
        for field in Schemas.loginForm {
            // FastAPI reads the last value of a form field; an empty value is still a value.
            let value = form.last { $0.name == field.name }?.value
            guard let value else {
                if field.required { issues.append(ValidationIssue.missing(input: .null).located(under: ["body", .string(field.name)])) }
                continue
            }
            if let pattern = field.pattern, !pattern.matches(value) {
                issues.append(ValidationIssue("string_pattern_mismatch", loc: ["body", .string(field.name)],
                                              msg: "String should match pattern '\(pattern.rawValue)'", input: .string(value),
                                              ctx: JSONObject([("pattern", .string(pattern.rawValue))])))
                continue
            }
            values[field.name] = value
        }
        if !issues.isEmpty { throw APIError.validation(issues) }
        let username = mutant == .emailCaseSensitive ? (values["username"] ?? "") : (values["username"] ?? "").lowercased()
        let password = values["password"] ?? ""
        let user = try database.read { try UserTable.find($0, email: username) }
        guard let user else {
            passwords.verifyAgainstDummy(password)
            throw APIError(401, "Incorrect username or password", headers: bearerChallenge)
        }
        guard passwords.verify(password, against: user.passwordHash) else {
            throw APIError(401, "Incorrect username or password", headers: bearerChallenge)
        }
        let token = tokens.issue(subject: String(user.id), now: configuration.clock.now(), lifetime: configuration.tokenLifetime)
        return ResponseBuilder.json(["access_token": .string(token), "token_type": "bearer"], status: 200)
    }
}

import HTTPCore
import JSONCore

/// Where an API registers and logs users in, and how a token is sent, read from `actors.json`: the
/// recorder and the proxy recognise those exchanges in a session from it, whatever the API's paths and
/// field names are.
public struct AccountFlow: Sendable {
    struct Endpoint: Sendable {
        let method: String
        let path: String
        /// The body fields that carry the login name and the password.
        let loginField: String?
        let passwordField: String?
    }

    let registration: Endpoint?
    let login: Endpoint?
    /// Where the login answer holds the token (its `token` capture).
    let tokenPath: JSONPath?
    /// The credential header's value around the token: `Bearer ` for `Bearer {{token}}`.
    let credentialPrefix: String
    /// The actor property of the login name (`email` or `login`).
    let loginKey: String

    public init(_ actors: ActorSpec) {
        loginKey = actors.loginKey
        func endpoint(_ step: RequestStep?) -> Endpoint? {
            guard let step else { return nil }
            var loginField: String?, passwordField: String?
            func look(_ name: String, _ value: String) {
                if value == "{{\(actors.loginKey)}}" { loginField = name }
                if value == "{{password}}" { passwordField = name }
            }
            switch step.request.body {
            case .json(.object(let object))?: for (name, value) in object { if case .string(let text) = value { look(name, text) } }
            case .form(let fields)?: for (name, values) in fields { values.first.map { look(name, $0) } }
            default: break
            }
            return Endpoint(method: step.request.method.uppercased(), path: step.request.path, loginField: loginField, passwordField: passwordField)
        }
        login = endpoint(actors.loginStep)
        registration = endpoint(actors.registrationStep)
        tokenPath = actors.loginStep?.captures.first { $0.name == "token" }.flatMap { capture in
            if case .json(let path) = capture.source { return path }
            return nil
        }
        let template = actors.authorizationTemplate
        credentialPrefix = template.components(separatedBy: "{{token}}").first ?? ""
    }

    func isLogin(_ request: HTTPRequest) -> Bool { matches(request, login) }
    func isRegistration(_ request: HTTPRequest) -> Bool { matches(request, registration) }

    private func matches(_ request: HTTPRequest, _ endpoint: Endpoint?) -> Bool {
        guard let endpoint, request.method.rawValue == endpoint.method else { return false }
        // The path as actors.json writes it, or a recorded path ending like it (a prefix such as /api).
        let path = String(request.rawPath)
        return path == endpoint.path || path.hasSuffix(endpoint.path)
    }

    /// The token a credential header carries, when it has the contract's form.
    func token(inCredential value: String) -> String? {
        guard value.lowercased().hasPrefix(credentialPrefix.lowercased()) else { return nil }
        let token = String(value.dropFirst(credentialPrefix.count))
        return token.isEmpty ? nil : token
    }

    /// The names of body fields that hold login names and passwords (to scrub them from recordings).
    var loginFields: Set<String> { Set([registration?.loginField, login?.loginField].compactMap { $0 }) }
    var passwordFields: Set<String> { Set([registration?.passwordField, login?.passwordField].compactMap { $0 }) }
}

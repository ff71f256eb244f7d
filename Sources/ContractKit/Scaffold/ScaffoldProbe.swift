import Foundation
import HTTPCore
import JSONCore

/// What `contract init` asks a live target, for what its OpenAPI document cannot say: the answers to a
/// missing and to a bad credential, which token claim names the user, and what another user's request on
/// someone's resource gets. It registers two throwaway accounts to find out.
struct ScaffoldProbe {
    let target: any Target
    let scaffold: APIScaffold
    /// The target's signing key, when given: then whether a token without `exp` is accepted is asked too.
    var secret: [UInt8]?

    struct Findings {
        var unauthenticated: JSONValue?
        var badToken: JSONValue?
        var tokenIsJWT = true
        /// The claim naming the user, and the actor property (`id`, `login`, `email`) whose value it holds.
        var subject: (claim: String, property: String)?
        /// Whether a validly signed token without `exp` was refused (nil: not asked, no signing key).
        var expiryRequired: Bool?
        /// Route name → what another user's request gets.
        var otherUser: [String: JSONValue] = [:]
        var notes: [String] = []
    }

    struct Account {
        let login: String
        let id: JSONValue?
        let token: String
    }

    func run() async -> Findings {
        var findings = Findings()
        guard let registration = scaffold.registration, let tokenURL = scaffold.tokenURL else {
            findings.notes.append("no registration or login in the document: the answers below were not probed")
            return findings
        }
        let loginKey = registration.loginField.lowercased().contains("email") ? "email" : "login"
        func newAccount(_ label: String) async -> Account? {
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let login = loginKey == "email" ? "probe-\(label)-\(suffix)@example.com" : "probe-\(label)-\(suffix)"
            let password = "pw-probe-\(UUID().uuidString.prefix(12))"
            var body = scaffold.validator.object(registration.schema)?.objectValue ?? JSONObject()
            body[registration.loginField] = .string(login)
            body[registration.passwordField] = .string(password)
            let rendered = Self.rendered(.object(body))
            guard let created = try? await send("POST", registration.operation.path, json: rendered), (200..<300).contains(created.status)
            else { return nil }
            let form = "username=\(PercentDecoding.quote(login))&password=\(PercentDecoding.quote(password))"
            guard
                let answer = try? await target.send(
                    HTTPRequest(
                        method: .post, target: tokenURL, headers: ["Content-Type": "application/x-www-form-urlencoded"], body: Array(form.utf8))),
                let token = (try? JSONParser.parse(bytes: answer.body))?["access_token"]?.stringValue
            else { return nil }
            return Account(login: login, id: (try? JSONParser.parse(bytes: created.body))?["id"], token: token)
        }
        guard let alice = await newAccount("a"), let bob = await newAccount("b") else {
            findings.notes.append("registering or logging in a probe account failed: the answers below were not probed")
            return findings
        }
        // The token: a JWT whose claim names the user by login or by id?
        if let claims = TokenTampering.claims(alice.token) {
            for (claim, value) in claims {
                let text = TemplateScope.text(of: value)
                if text == alice.login { findings.subject = (claim, loginKey) }
                if let id = alice.id, text == TemplateScope.text(of: id), findings.subject == nil { findings.subject = (claim, "id") }
            }
        } else {
            findings.tokenIsJWT = false
        }
        // Missing and bad credentials, on the first authenticated read.
        if let read = spec.operations.first(where: { $0.method == "get" && scaffold.isSecured($0) && !$0.path.contains("{") }) {
            findings.unauthenticated = (try? await send("GET", read.path)).map(Self.answer)
            findings.badToken = (try? await send("GET", read.path, token: "not.a.token")).map(Self.answer)
            if let secret, findings.subject != nil, let claims = TokenTampering.claims(alice.token) {
                var withoutExpiry = claims
                withoutExpiry["exp"] = nil
                let token = TokenTampering.signed(withoutExpiry, secret: secret)
                if let answer = try? await send("GET", read.path, token: token) {
                    findings.expiryRequired = answer.status == (findings.badToken?["status"]?.numberValue?.int64).map(Int.init)
                }
            }
        }
        // Another user on someone's resource.
        for resource in scaffold.resources {
            guard let create = resource.create, let body = scaffold.jsonBodySchema(create).flatMap(scaffold.validator.object) else { continue }
            guard let created = try? await send("POST", create.path, json: Self.rendered(body), token: alice.token),
                let id = (try? JSONParser.parse(bytes: created.body))?[resource.idField]
            else { continue }
            let path = resource.item.replacingOccurrences(of: "{\(resource.parameter)}", with: TemplateScope.text(of: id))
            for operation in resource.itemOperations.sorted(by: { ($0.method == "delete" ? 1 : 0) < ($1.method == "delete" ? 1 : 0) }) {
                let change = scaffold.jsonBodySchema(operation).flatMap(scaffold.validator.object).map(Self.rendered)
                if let answer = try? await send(operation.method.uppercased(), path, json: change, token: bob.token) {
                    findings.otherUser[APIScaffold.routeName(operation)] = Self.answer(answer)
                }
            }
            if let list = resource.list, let answer = try? await send("GET", list.path, token: bob.token) {
                findings.otherUser[APIScaffold.routeName(list)] = ["status": .integer(answer.status)]
            }
        }
        return findings
    }

    private var spec: OpenAPISpec { scaffold.spec }

    private func send(_ method: String, _ path: String, json: JSONValue? = nil, token: String? = nil) async throws -> HTTPResponse {
        var headers = HTTPHeaders()
        if let token { headers.add("Authorization", "Bearer \(token)") }
        var body: [UInt8] = []
        if let json {
            headers.add("Content-Type", "application/json")
            body = Array(JSONWriter.compact(json).utf8)
        }
        return try await target.send(HTTPRequest(method: HTTPMethod(method), target: path, headers: headers, body: body))
    }

    /// An answer as api.json writes one: status, JSON body, and the `www-authenticate` header when sent.
    static func answer(_ response: HTTPResponse) -> JSONValue {
        var object = JSONObject([("status", .integer(response.status))])
        if let json = try? JSONParser.parse(bytes: response.body) { object["json"] = json }
        if let challenge = response.headers["www-authenticate"] { object["headers"] = ["www-authenticate": .string(challenge)] }
        return .object(object)
    }

    /// A scaffold value with its `{{$unique}}` placeholders made real, for sending now.
    static func rendered(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return .string(text.replacingOccurrences(of: "{{$unique}}", with: "probe-\(UUID().uuidString.prefix(8).lowercased())"))
        case .array(let items): return .array(items.map(rendered))
        case .object(let object): return .object(JSONObject(object.map { ($0.key, rendered($0.value)) }))
        default: return value
        }
    }
}

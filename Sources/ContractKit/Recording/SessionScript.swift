import Foundation
import HTTPCore
import JSONCore

/// Turns exchanges seen by the recording proxy into a fixture script: tokens become actors, their
/// registration and login disappear (actors are provisioned), and no password or token is kept. Which
/// exchanges register and log in, and how a token is sent, come from actors.json (`AccountFlow`).
public enum SessionScript {
    /// One exchange as the proxy saw it.
    public struct Observed: Sendable {
        public let request: HTTPRequest
        public let response: HTTPResponse
        public init(request: HTTPRequest, response: HTTPResponse) {
            self.request = request
            self.response = response
        }
    }

    static let actorNames = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "ivan", "judy"]

    /// The script of a session, with ids that later requests repeat already turned into captures
    /// (using the ids the session itself saw, since a re-run gets new ones).
    public static func script(_ exchanges: [Observed], description: String, flow: AccountFlow) -> JSONValue {
        let (document, kept) = draft(exchanges, description: description, flow: flow)
        guard case .object(let object) = document,
            case .success(let fixture) = FixtureLoader.load(bytes: Array(JSONWriter.compact(document).utf8), file: "session.json")
        else { return document }
        let log = ExchangeLog()
        for (offset, exchange) in kept.enumerated() {
            log.record(
                Exchange(
                    step: offset + 1, member: 0, request: exchange.request, response: exchange.response, mismatches: [],
                    variables: [:]))
        }
        return .object(CaptureRewriter(document: object, fixture: fixture, log: log).document)
    }

    static func draft(_ exchanges: [Observed], description: String, flow: AccountFlow) -> (JSONValue, [Observed]) {
        // Which token belongs to which login, and which login to which account name.
        var tokenEmail: [String: String] = [:]
        var loginIndex: [String: Int] = [:]
        var registrationIndex: [String: Int] = [:]
        var passwordOf: [String: String] = [:]
        func fields(_ request: HTTPRequest) -> [String: String] {
            if case .object(let object)? = try? JSONParser.parse(bytes: request.body) {
                return Dictionary(
                    object.compactMap { member in member.value.stringValue.map { (member.key, $0) } }, uniquingKeysWith: { _, last in last })
            }
            let form = PercentDecoding.parseQuery(PercentDecoding.latin1(request.body))
            return Dictionary(form.map { ($0.name, $0.value) }, uniquingKeysWith: { _, last in last })
        }
        for (index, exchange) in exchanges.enumerated() where (200..<300).contains(exchange.response.status) {
            let sent = fields(exchange.request)
            if flow.isLogin(exchange.request), let tokenPath = flow.tokenPath,
                let body = try? JSONParser.parse(bytes: exchange.response.body), case .string(let token)? = tokenPath.evaluate(body),
                let name = flow.login?.loginField.flatMap({ sent[$0] })?.lowercased()
            {
                tokenEmail[token] = name
                loginIndex[name] = loginIndex[name] ?? index
                if let password = flow.login?.passwordField.flatMap({ sent[$0] }) { passwordOf[name] = password }
            }
            if flow.isRegistration(exchange.request), let name = flow.registration?.loginField.flatMap({ sent[$0] })?.lowercased() {
                registrationIndex[name] = index
            }
        }
        var actors: [String: String] = [:]  // token → actor
        var actorEmails: [String: String] = [:]  // email → actor
        func credential(_ request: HTTPRequest) -> String? { request.headers["authorization"].flatMap(flow.token(inCredential:)) }
        for exchange in exchanges {
            guard let token = credential(exchange.request), actors[token] == nil, let email = tokenEmail[token] else { continue }
            let name =
                actorEmails[email] ?? actorNames[min(actorEmails.count, actorNames.count - 1)]
                + (actorEmails.count >= actorNames.count ? "\(actorEmails.count)" : "")
            actors[token] = name
            actorEmails[email] = name
        }
        var dropped = Set<Int>()
        for (email, _) in actorEmails {
            if let index = registrationIndex[email] { dropped.insert(index) }
            if let index = loginIndex[email] { dropped.insert(index) }
        }
        var scrubber = Scrubber(actorEmails: actorEmails, passwords: passwordOf, flow: flow)
        var steps: [JSONValue] = []
        var kept: [Observed] = []
        for (index, exchange) in exchanges.enumerated() where !dropped.contains(index) {
            kept.append(exchange)
            var step = JSONObject()
            step["name"] = .string("\(exchange.request.method.rawValue) \(exchange.request.rawPath)")
            if let token = credential(exchange.request), let actor = actors[token] { step["as"] = .string(actor) }
            step["request"] = .object(scrubber.request(exchange.request, knownToken: credential(exchange.request).flatMap { actors[$0] } != nil))
            steps.append(.object(step))
        }
        var document = JSONObject()
        document["description"] = .string(description)
        document["tags"] = ["recorded"]
        let names = Array(Set(actors.values)).sorted()
        if !names.isEmpty { document["actors"] = .array(names.map(JSONValue.string)) }
        document["steps"] = .array(steps)
        return (.object(document), kept)
    }

    /// Rewrites requests so that nothing secret is written and re-runs do not collide.
    struct Scrubber {
        let actorEmails: [String: String]
        let passwords: [String: String]
        let flow: AccountFlow
        var otherEmails: [String: String] = [:]
        var otherPasswords: [String: String] = [:]

        init(actorEmails: [String: String], passwords: [String: String], flow: AccountFlow) {
            self.actorEmails = actorEmails
            self.passwords = passwords
            self.flow = flow
        }

        mutating func request(_ request: HTTPRequest, knownToken: Bool) -> JSONObject {
            var object = JSONObject()
            object["method"] = .string(request.method.rawValue)
            object["path"] = .string(request.target)
            var headers = JSONObject()
            let contentType = request.headers["content-type"]?.lowercased() ?? ""
            for (name, value) in request.headers {
                switch name.lowercased() {
                case "host", "user-agent", "accept", "content-length", "connection", "accept-encoding", "expect": continue
                case "authorization":
                    if !knownToken { headers[name] = .string(Self.redactedAuthorization(value)) }
                case "content-type" where contentType.hasPrefix("application/json") || contentType.hasPrefix("application/x-www-form-urlencoded"):
                    continue
                default: headers[name] = .string(value)
                }
            }
            if !headers.isEmpty { object["headers"] = .object(headers) }
            guard !request.body.isEmpty else { return object }
            if contentType.hasPrefix("application/json"), let json = try? JSONParser.parse(bytes: request.body, options: .strict) {
                object["json"] = scrub(json, key: nil)
            } else if contentType.hasPrefix("application/x-www-form-urlencoded") {
                var form = JSONObject()
                for (name, value) in PercentDecoding.parseQuery(PercentDecoding.latin1(request.body)) {
                    form[name] = scrub(.string(value), key: name)
                }
                object["form"] = .object(form)
            } else if let text = String(validating: request.body, as: UTF8.self) {
                object["body"] = .string(text)
            } else {
                object["bodyBase64"] = .string(Data(request.body).base64EncodedString())
            }
            return object
        }

        /// Emails and passwords become actor templates, or stand-ins that keep equal values equal.
        mutating func scrub(_ value: JSONValue, key: String?) -> JSONValue {
            switch value {
            case .object(let object):
                var out = JSONObject()
                for (member, child) in object { out[member] = scrub(child, key: member) }
                return .object(out)
            case .array(let items):
                return .array(items.map { scrub($0, key: key) })
            case .string(let text) where key.map(flow.loginFields.contains) == true:
                let email = text.lowercased()
                if let actor = actorEmails[email] { return .string("{{\(actor).\(flow.loginKey)}}") }
                if otherEmails[email] == nil {
                    let parts = email.split(separator: "@", maxSplits: 1)
                    otherEmails[email] = parts.count == 2 ? "\(parts[0])-{{$run}}@\(parts[1])" : "\(email)-{{$run}}"
                }
                return .string(otherEmails[email] ?? text)
            case .string(let text) where key.map(flow.passwordFields.contains) == true:
                if let actor = actorEmails.first(where: { passwords[$0.key] == text })?.value { return .string("{{\(actor).password}}") }
                if otherPasswords[text] == nil { otherPasswords[text] = "password-\(otherPasswords.count + 1)-{{$run}}" }
                return .string(otherPasswords[text] ?? "")
            default:
                return value
            }
        }

        static func redactedAuthorization(_ value: String) -> String {
            let parts = value.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, JSONMatching.isJWT(String(parts[1])) else { return value }
            return "\(parts[0]) not-a-recorded-token"
        }
    }
}

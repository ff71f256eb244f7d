import Foundation
import JSONCore

/// How an actor gets an account (`contracts/actors.json`): the name it logs in with (`login`, or `email`
/// for an API whose users log in with one), its password, the requests that register it and log it in,
/// and the `authorization` header its requests then carry.
public struct ActorSpec: Sendable {
    /// `login` or `email`: the property the login name is known by in fixtures (`{{alice.email}}`).
    public let loginKey: String
    public let loginTemplate: String
    public let passwordTemplate: String
    public let steps: [RequestStep]
    public let authorizationTemplate: String

    public init(loginKey: String = "email", loginTemplate: String, passwordTemplate: String, steps: [RequestStep], authorizationTemplate: String) {
        self.loginKey = loginKey
        self.loginTemplate = loginTemplate
        self.passwordTemplate = passwordTemplate
        self.steps = steps
        self.authorizationTemplate = authorizationTemplate
    }

    /// The names every provisioned actor has: its login name, password, and what the steps capture.
    public var properties: Set<String> {
        Set([loginKey, "password"] + steps.flatMap { $0.captures.map(\.name) })
    }

    /// The step that logs in: the one that captures `token` (else the last).
    public var loginStep: RequestStep? { steps.first { $0.captures.contains { $0.name == "token" } } ?? steps.last }

    /// The step that registers: the first, when it is not the login.
    public var registrationStep: RequestStep? {
        guard let first = steps.first, steps.count > 1 || loginStep?.number != first.number else { return nil }
        return first.number == loginStep?.number ? nil : first
    }

    static let keys: Set<String> = ["description", "login", "email", "password", "steps", "authorization"]

    /// Reads an actors contract from a file, printing its problems to standard error.
    public static func loadFile(_ url: URL) -> ActorSpec? {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Console.printError("Error: cannot read \(url.path)")
            return nil
        }
        switch load(bytes: Array(data), file: url.path) {
        case .success(let spec): return spec
        case .failure(let failure):
            Console.printError(failure.issues.map(\.description).joined(separator: "\n"))
            return nil
        }
    }

    /// Reads `actors.json`.
    public static func load(bytes: [UInt8], file: String) -> Result<ActorSpec, FixtureLoader.Failure> {
        let value: JSONValue
        var reader: DocumentReader
        do {
            (value, reader) = try DocumentReader.open(bytes, file: file)
        } catch {
            return .failure(error)
        }
        guard let root = reader.object(value, at: [], allowed: keys, what: "the actors contract") else {
            return .failure(.init(issues: reader.issues))
        }
        let loginKey = root["login"] != nil ? "login" : "email"
        if root["login"] != nil && root["email"] != nil { reader.report("give \"login\" or \"email\" (its alias), not both", at: ["email"]) }
        let login = reader.string(root, loginKey, at: [], required: root["login"] == nil && root["email"] == nil ? false : true) ?? ""
        if root["login"] == nil && root["email"] == nil { reader.report("missing required key \"login\" (or \"email\")", at: []) }
        let password = reader.string(root, "password", at: [], required: true) ?? ""
        let authorization = reader.string(root, "authorization", at: [], required: true) ?? ""
        var steps: [RequestStep] = []
        if case .array(let items)? = root["steps"] {
            for (offset, item) in items.enumerated() {
                if let step = FixtureLoader.readRequestStep(&reader, item, number: offset + 1, at: ["steps", String(offset)]) {
                    if step.actor != nil { reader.report("provisioning steps run as the new actor; drop \"as\"", at: ["steps", String(offset)]) }
                    steps.append(step)
                }
            }
        } else {
            reader.report("\"steps\" must be an array of requests", at: ["steps"])
        }
        if !reader.issues.isEmpty { return .failure(.init(issues: reader.issues)) }
        return .success(
            ActorSpec(loginKey: loginKey, loginTemplate: login, passwordTemplate: password, steps: steps, authorizationTemplate: authorization))
    }
}

/// An actor with an account: its properties (`id`, `token`, …) and the header its steps send.
public struct ProvisionedActor: Sendable {
    public let name: String
    public let properties: [String: JSONValue]
    public let authorization: String
    /// Its password, its token, and every credential its provisioning sent or received.
    public let secrets: Secrets
}

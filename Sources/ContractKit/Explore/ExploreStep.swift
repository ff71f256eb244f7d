import JSONCore

/// One generated operation, written so that each side renders it with its own values: a resource is named
/// by the step that created it, a credential by the actor and what is done to its token. Removing steps
/// (shrinking) leaves the rest meaningful, or visibly inapplicable.
public struct ExploreStep: Sendable, Equatable {
    /// Where a value comes from.
    public enum Value: Sendable, Equatable {
        case literal(JSONValue)
        /// The id an earlier step's answer holds at `path` (`$.id`).
        case created(step: Int, path: String)
    }

    /// What the request carries as a credential.
    public enum Credential: Sendable, Equatable {
        case none
        case actor(Int)
        /// The actor's token re-sent with `alg: none`.
        case algNone(Int)
        /// The actor's token with a flipped signature byte.
        case flippedSignature(Int)
        /// A token signed with the side's key, for the actor, expired.
        case expired(Int)
        /// A token signed with the side's key, for a user that does not exist.
        case unknownUser
        case garbage
    }

    /// The operation, as api.json names routes (`POST /api/v1/agents`).
    public let route: String
    public var credential: Credential
    /// Path parameters by name.
    public var path: [String: Value]
    public var query: [(name: String, value: JSONValue)]
    /// The JSON body, and the places in it that take a value from an earlier answer.
    public var body: JSONValue?
    public var bodyReferences: [(path: String, value: Value)]
    /// A WebSocket handshake (then the first message, then a close) rather than a request.
    public var websocket = false
    /// For a login: the actor whose name is sent, and whether with its password or a wrong one.
    public var loginActor: Int?
    public var wrongPassword = false
    /// The login name sent in upper case (is the login case-insensitive?).
    public var loginInUpperCase = false
    /// What the generator meant the step to exercise (`valid`, `name longer than maxLength 100`, `another user's id`).
    public var intent: String

    public var method: String { String(route.prefix { $0 != " " }) }
    public var template: String { String(route.drop { $0 != " " }.dropFirst()) }

    /// The steps whose answers this one reads.
    public var dependencies: Set<Int> {
        var found = Set<Int>()
        for value in Array(path.values) + bodyReferences.map(\.value) {
            if case .created(let step, _) = value { found.insert(step) }
        }
        return found
    }

    /// The step with every occurrence of `old` in its literal text replaced: a replay in a fresh session
    /// makes its own unique names (a live target keeps the names of the sessions before).
    func replacingText(_ old: String, with new: String) -> ExploreStep {
        func replaced(_ value: JSONValue) -> JSONValue {
            switch value {
            case .string(let text) where text.contains(old): return .string(text.replacingOccurrences(of: old, with: new))
            case .array(let items): return .array(items.map(replaced))
            case .object(let object): return .object(JSONObject(object.map { ($0.key, replaced($0.value)) }))
            default: return value
            }
        }
        var step = self
        step.body = body.map(replaced)
        step.query = query.map { ($0.name, replaced($0.value)) }
        step.path = path.mapValues { value in
            if case .literal(let literal) = value { return .literal(replaced(literal)) }
            return value
        }
        step.bodyReferences = bodyReferences.map { reference in
            if case .literal(let literal) = reference.value { return (reference.path, .literal(replaced(literal))) }
            return reference
        }
        return step
    }

    public static func == (lhs: ExploreStep, rhs: ExploreStep) -> Bool {
        lhs.route == rhs.route && lhs.credential == rhs.credential && lhs.loginActor == rhs.loginActor && lhs.wrongPassword == rhs.wrongPassword
            && lhs.loginInUpperCase == rhs.loginInUpperCase && lhs.websocket == rhs.websocket && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.query.map(\.name) == rhs.query.map(\.name) && lhs.query.map(\.value) == rhs.query.map(\.value)
            && lhs.bodyReferences.map(\.path) == rhs.bodyReferences.map(\.path) && lhs.bodyReferences.map(\.value) == rhs.bodyReferences.map(\.value)
    }
}

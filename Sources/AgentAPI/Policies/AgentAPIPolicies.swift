/// The decisions the reference's handlers take from outside: who may touch what, which field rules the
/// request models declare, how emails compare, how agent lists are ordered, how tokens are verified.
/// `contract` holds what the agent API contract says; the fault catalogue fills in anything else.
public struct AgentAPIPolicies: Sendable {
    public var ownership: OwnershipPolicy = .ownerOnly
    public var fieldRules: FieldRules = .contract
    public var emails: EmailMatching = .caseInsensitive
    public var agentListOrder: ListOrder = .newestFirst
    /// Checks bearer tokens; nil verifies as PyJWT does with the configured secret.
    public var tokenVerifier: (any AccessTokenVerifier)?

    public init() {}

    /// Everything as the contract states it.
    public static let contract = AgentAPIPolicies()
}

/// The constraints of the agent request models that are rules of the contract rather than types.
public struct FieldRules: Sendable, Equatable {
    /// `name` of AgentCreate and AgentUpdate: the field validator that refuses surrounding whitespace.
    public var agentNameRefusesSurroundingWhitespace = true
    /// `temperature`'s `le` bound; nil for none.
    public var temperatureMaximum: Double? = 2.0

    public init() {}

    public static let contract = FieldRules()
}

/// How a registration's email is stored and a login's username found.
public enum EmailMatching: Sendable {
    /// Lower-cased on the way in, by Python's `str.lower()`: `ALICE@` and `alice@` are one account.
    case caseInsensitive
    /// As typed.
    case exact

    func normalized(_ email: String) -> String {
        switch self {
        case .caseInsensitive: return PythonText.lower(email)
        case .exact: return email
        }
    }
}

/// The order of the agent list.
public enum ListOrder: Sendable {
    /// `created_at` descending, ties by id descending.
    case newestFirst
    case oldestFirst
}

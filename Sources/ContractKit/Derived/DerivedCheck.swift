import HTTPCore
import JSONCore

/// The kinds of check the runner derives from recorded steps (`--derive auth,ownership,validation`).
public enum DerivedKind: String, Sendable, CaseIterable, Comparable {
    case auth, ownership, validation

    public static func < (lhs: DerivedKind, rhs: DerivedKind) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A forged or unusual credential, and whether the contract refuses or accepts it.
public enum TokenForgery: String, Sendable, CaseIterable {
    case algNone = "alg none"
    case flippedSignature = "a flipped signature byte"
    case swappedSubject = "another user id in the payload with the original signature"
    case expired = "a validly signed, expired token"
    case unknownUser = "a validly signed token for a user that was never created"
    case integerSubject = "a validly signed token with an integer sub"
    case otherAlgorithm = "an HS256 signature under an HS384 header"
    case issuedInFuture = "a validly signed token issued in the future"
    case notYetValid = "a validly signed token whose nbf is in the future"
    case textualTime = "a validly signed token whose exp is not a number"
    case audience = "a validly signed token with an audience"
    case integerTokenID = "a validly signed token with an integer jti"
    case noSubject = "a validly signed token without sub"
    case signedSubject = "a validly signed token whose sub has a plus sign"
    case noExpiry = "a validly signed token without exp"

    /// The forgery's name in contracts (`derivedCoverage`): `alg-none`, `expired`, ….
    public var name: String {
        switch self {
        case .algNone: return "alg-none"
        case .flippedSignature: return "flipped-signature"
        case .swappedSubject: return "swapped-subject"
        case .expired: return "expired"
        case .unknownUser: return "unknown-user"
        case .integerSubject: return "integer-subject"
        case .otherAlgorithm: return "other-alg"
        case .issuedInFuture: return "iat-future"
        case .notYetValid: return "nbf-future"
        case .textualTime: return "text-exp"
        case .audience: return "aud"
        case .integerTokenID: return "integer-jti"
        case .noSubject: return "no-sub"
        case .signedSubject: return "signed-sub"
        case .noExpiry: return "no-exp"
        }
    }

    /// The forgeries that need the target's signing key: all but the three made from the actor's own token.
    public var needsSecret: Bool { ![.algNone, .flippedSignature, .swappedSubject].contains(self) }

    /// Whether the contract accepts the token: a check of it passes on any answer but the bad-token one.
    /// Only a token without `exp` can be, and only where the contract says expiry is optional.
    public func isAccepted(by auth: AuthDescription) -> Bool { self == .noExpiry && !auth.expiryRequired }
}

/// One check derived from a step: how to change the step's request, and what must come back.
public struct DerivedCheck: Sendable {
    public enum Variant: Sendable {
        case noCredentials
        case forgedToken(TokenForgery)
        /// The same request by another user; `resource` is the path parameter or body field it names.
        case anotherUser(rule: APIContract.OwnershipRule, resourceValue: String)
        /// One field pushed past (or to) a boundary.
        case field(FieldMutation)
    }

    public let kind: DerivedKind
    /// Two checks with the same key are one check: method, route, kind and varied field.
    public let key: String
    /// What the check does, in a few words ("another user", "name of length 101").
    public let title: String
    public let variant: Variant

    /// The check's name in `--derive` and `derivedCoverage`: `auth.no-credentials`, `auth.alg-none`, …,
    /// `ownership.another-user`, `validation.bounds`.
    public var selectionName: String {
        switch variant {
        case .noCredentials: return "auth.no-credentials"
        case .forgedToken(let forgery): return "auth.\(forgery.name)"
        case .anotherUser: return "ownership.another-user"
        case .field: return "validation.bounds"
        }
    }

    /// Whether the check needs a second account (ownership checks, a token naming another user).
    var needsAnotherUser: Bool {
        switch variant {
        case .anotherUser, .forgedToken(.swappedSubject): return true
        default: return false
        }
    }
}

/// A change to one value of a request, and the answer the contract then requires.
public struct FieldMutation: Sendable {
    public enum Location: String, Sendable { case body, query, path }
    public enum Change: Sendable {
        case set(JSONValue)
        case remove
    }
    public enum Answer: Sendable {
        /// 422 with this item (type and loc always compared; msg, input and ctx when the contract says so).
        case refused(JSONValue)
        /// Not a 422 (nor a 5xx): the value passes validation.
        case accepted
    }

    public let location: Location
    public let field: String
    public let change: Change
    public let answer: Answer
}

/// A step of a fixture and the checks derived from it.
public struct DerivedOrigin: Sendable {
    public let fixture: Fixture
    public let step: RequestStep
    public let route: APIContract.Route
    public var checks: [DerivedCheck]
}

/// What a derived check found.
public struct DerivedResult: Sendable {
    public let origin: String
    public let originStep: Int
    public let originStepName: String?
    public let kind: DerivedKind
    public let title: String
    public let outcome: StepOutcome
    public var verdict: Verdict
    public let secrets: Secrets
    public let targetURL: String
    /// The route the origin step calls, as api.json names it (`GET /api/v1/agents/{agent_id}`).
    public var route: String? = nil

    public var passed: Bool { verdict == .passed }

    /// `agents/create.json step 1, derived: ownership as another user`.
    public var name: String { "\(origin) step \(originStep), derived: \(kind.rawValue) — \(title)" }
}

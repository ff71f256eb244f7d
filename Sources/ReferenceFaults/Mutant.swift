import AgentAPI

/// One realistic defect the reference can be built with, to prove that the contract suite catches it.
///
/// The reference's handlers know nothing of these: each defect either fills one of the reference's policy
/// seams (`AgentAPIPolicies`) from here, or wraps the reference's answers like a server middleware.
public enum Mutant: String, CaseIterable, Sendable {
    /// The source design's defect: DELETE of another user's agent answers 204 and does nothing.
    case silentForeignDelete = "silent-foreign-delete"
    /// The source design's defect: execute on a missing agent raises (500).
    case executeMissingAgentCrashes = "execute-missing-agent-500"
    case noOwnershipOnGet = "no-ownership-get"
    case noOwnershipOnPatch = "no-ownership-patch"
    case noOwnershipOnDelete = "no-ownership-delete"
    case noOwnershipOnSubagents = "no-ownership-subagents"
    case noOwnershipOnExecute = "no-ownership-execute"
    case noOwnershipOnExecutions = "no-ownership-executions"
    case noOwnershipOnExecutionStream = "no-ownership-execution-stream"
    case noOwnershipOnParent = "no-ownership-parent"
    /// The agent list shows every user's agents.
    case listShowsEveryone = "list-shows-everyone"
    /// A deleted agent is still readable and listed.
    case deletedStillVisible = "deleted-still-visible"
    case algNoneAccepted = "alg-none-accepted"
    case signatureNotVerified = "signature-not-verified"
    case expiryIgnored = "expiry-ignored"
    case nameValidatorRemoved = "name-validator-removed"
    case temperatureUnbounded = "temperature-unbounded"
    /// Creation answers 200 instead of 201.
    case createdAs200 = "created-200"
    /// Not-the-owner answers 404 instead of 403.
    case forbiddenAs404 = "forbidden-404"
    case noWWWAuthenticate = "no-www-authenticate"
    /// Agent lists come oldest first.
    case oldestFirst = "oldest-first"
    /// Emails keep their case, so ALICE@ and alice@ are two accounts.
    case emailCaseSensitive = "email-case-sensitive"
    /// The user response includes the password hash.
    case passwordHashLeaked = "password-hash-leaked"
    /// List endpoints ignore `skip`.
    case skipIgnored = "skip-ignored"
    /// PATCH with an empty body still bumps `updated_at`.
    case emptyPatchTouchesUpdatedAt = "empty-patch-touches-updated-at"

    /// One line saying what the defect is, for `contract mutants`.
    public var summary: String {
        switch self {
        case .silentForeignDelete: return "DELETE of another user's agent answers 204 and does nothing"
        case .executeMissingAgentCrashes: return "execute on a missing agent answers 500"
        case .noOwnershipOnGet: return "GET /agents/{id} skips the ownership check"
        case .noOwnershipOnPatch: return "PATCH /agents/{id} skips the ownership check"
        case .noOwnershipOnDelete: return "DELETE /agents/{id} skips the ownership check"
        case .noOwnershipOnSubagents: return "GET /agents/{id}/subagents skips the ownership check"
        case .noOwnershipOnExecute: return "POST /agents/{id}/execute skips the ownership check"
        case .noOwnershipOnExecutions: return "execution reads skip the ownership check"
        case .noOwnershipOnExecutionStream: return "the execution WebSocket skips the ownership check"
        case .noOwnershipOnParent: return "parent_id may name another user's agent"
        case .listShowsEveryone: return "GET /agents lists every user's agents"
        case .deletedStillVisible: return "deleted agents stay readable and listed"
        case .algNoneAccepted: return "tokens with alg none are accepted"
        case .signatureNotVerified: return "token signatures are not verified"
        case .expiryIgnored: return "expired tokens are accepted"
        case .nameValidatorRemoved: return "names with surrounding whitespace are accepted"
        case .temperatureUnbounded: return "temperature above 2.0 is accepted"
        case .createdAs200: return "creation answers 200 instead of 201"
        case .forbiddenAs404: return "another user's agent answers 404 instead of 403"
        case .noWWWAuthenticate: return "401 responses lack WWW-Authenticate"
        case .oldestFirst: return "agent lists are oldest first"
        case .emailCaseSensitive: return "emails are case-sensitive"
        case .passwordHashLeaked: return "the user response leaks the password hash"
        case .skipIgnored: return "lists ignore skip"
        case .emptyPatchTouchesUpdatedAt: return "PATCH {} bumps updated_at"
        }
    }

    /// The reference with this defect, built from `configuration`.
    public func reference(_ configuration: AgentAPIConfiguration) throws -> any AgentService {
        try Self.reference(with: [self], configuration)
    }

    /// The reference with several defects at once (say, every token forgery accepted). Policy defects that
    /// fill the same seam replace each other; for tokens, the forgiving verifiers are chained.
    public static func reference(with mutants: [Mutant], _ configuration: AgentAPIConfiguration) throws -> any AgentService {
        var configuration = configuration
        let secret = Array(configuration.secretKey.utf8)
        let forgiven = mutants.compactMap(\.forgiveness)
        for mutant in mutants where mutant.forgiveness == nil { mutant.configure(&configuration.policies, secret: secret) }
        if !forgiven.isEmpty { configuration.policies.tokenVerifier = ForgivingTokenVerifier(secret: secret, forgives: forgiven) }
        let api = try AgentAPI(configuration)
        let middlewares = mutants.compactMap(\.middleware)
        guard !middlewares.isEmpty else { return api }
        return WrappedReference(api: api, middlewares: middlewares)
    }

    /// The kind of bad token this defect lets through, if it is a token defect.
    private var forgiveness: ForgivingTokenVerifier.Forgiveness? {
        switch self {
        case .algNoneAccepted: return .algNone
        case .signatureNotVerified: return .badSignature
        case .expiryIgnored: return .expiry
        default: return nil
        }
    }

    /// The policy seams this defect fills.
    private func configure(_ policies: inout AgentAPIPolicies, secret: [UInt8]) {
        func everyone(for access: OwnershipPolicy.Access) {
            policies.ownership = OwnershipPolicy(
                allows: { wanted, owner, caller in wanted == access || owner == caller },
                listScope: { $0 })
        }
        switch self {
        case .noOwnershipOnGet: everyone(for: .read)
        case .noOwnershipOnPatch: everyone(for: .update)
        case .noOwnershipOnDelete: everyone(for: .delete)
        case .noOwnershipOnSubagents: everyone(for: .listChildren)
        case .noOwnershipOnExecute: everyone(for: .execute)
        case .noOwnershipOnExecutions: everyone(for: .readExecutions)
        case .noOwnershipOnExecutionStream: everyone(for: .watchExecution)
        case .noOwnershipOnParent: everyone(for: .nameAsParent)
        case .listShowsEveryone:
            policies.ownership = OwnershipPolicy(allows: OwnershipPolicy.ownerOnly.allows, listScope: { _ in nil })
        case .nameValidatorRemoved: policies.fieldRules.agentNameRefusesSurroundingWhitespace = false
        case .temperatureUnbounded: policies.fieldRules.temperatureMaximum = nil
        case .oldestFirst: policies.agentListOrder = .oldestFirst
        case .emailCaseSensitive: policies.emails = .exact
        default: break
        }
    }

    /// The answer-level part of this defect, if it has one.
    private var middleware: (any ReferenceMiddleware)? {
        switch self {
        case .silentForeignDelete: return SilentForeignDelete()
        case .deletedStillVisible: return DeleteDoesNothing()
        case .executeMissingAgentCrashes: return MissingAgentExecutionCrashes()
        case .createdAs200: return StatusRewrite(from: 201, to: 200)
        case .forbiddenAs404: return StatusRewrite(from: 403, to: 404)
        case .noWWWAuthenticate: return HeaderRemoval(name: "www-authenticate")
        case .passwordHashLeaked: return PasswordHashLeak()
        case .skipIgnored: return SkipIgnored()
        case .emptyPatchTouchesUpdatedAt: return EmptyPatchTouchesUpdatedAt()
        default: return nil
        }
    }
}

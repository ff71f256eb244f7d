/// What a caller may do with an agent someone owns. The contract's rule is `ownerOnly`; the seam exists
/// so that a deliberately broken reference (the fault catalogue) can be built without touching the handlers.
public struct OwnershipPolicy: Sendable {
    /// The operations on an agent (or its executions) that the ownership rule guards.
    public enum Access: String, Sendable, CaseIterable {
        case read, update, delete, listChildren, execute, readExecutions, watchExecution
        /// Naming the agent as `parent_id` of a new or changed agent.
        case nameAsParent
    }

    /// Whether `caller` may perform `access` on a resource that `owner` owns.
    public var allows: @Sendable (_ access: Access, _ owner: Int64, _ caller: Int64) -> Bool
    /// Whose agents a caller's agent list shows: an owner id, or nil for everyone's.
    public var listScope: @Sendable (_ caller: Int64) -> Int64?

    public init(
        allows: @escaping @Sendable (Access, Int64, Int64) -> Bool,
        listScope: @escaping @Sendable (Int64) -> Int64?
    ) {
        self.allows = allows
        self.listScope = listScope
    }

    /// Nobody reads, changes, deletes, runs or lists another user's agent.
    public static let ownerOnly = OwnershipPolicy(allows: { _, owner, caller in owner == caller }, listScope: { $0 })
}

/// A stored user. The password hash never leaves the storage and auth layers.
struct UserRecord: Sendable, Equatable {
    let id: Int64
    let email: String
    let passwordHash: String
    let fullName: String?
    let isActive: Bool
    let createdAt: Timestamp
}

struct ToolRecord: Sendable, Equatable {
    let id: Int64
    let name: String
    let description: String?
    let createdAt: Timestamp
}

struct AgentRecord: Sendable, Equatable {
    let id: Int64
    var name: String
    var modelName: String
    var temperature: Double
    /// Ascending, without duplicates.
    var toolIDs: [Int64]
    var parentID: Int64?
    let createdByID: Int64
    var isActive: Bool
    let createdAt: Timestamp
    var updatedAt: Timestamp
}

/// The states of an execution; it only ever moves forward.
enum ExecutionStatus: String, Sendable, CaseIterable, Comparable {
    case pending, running, completed, failed

    var rank: Int {
        switch self {
        case .pending: return 0
        case .running: return 1
        case .completed, .failed: return 2
        }
    }

    var isTerminal: Bool { rank == 2 }

    static func < (lhs: ExecutionStatus, rhs: ExecutionStatus) -> Bool { lhs.rank < rhs.rank }
}

struct ExecutionRecord: Sendable, Equatable {
    let id: Int64
    let agentID: Int64
    var status: ExecutionStatus
    let input: String
    /// The agent's model when the execution was created.
    let modelName: String
    var output: String?
    let createdAt: Timestamp
    var completedAt: Timestamp?
}

/// Why a step has no verdict of its own on the answer: it could not be sent, or nothing usable came back.
public indirect enum StepError: Error, Sendable, Equatable {
    /// Nothing accepts connections at the target: the run stops (exit code 3).
    case unreachable(String)
    /// The request went out but no usable answer came back (time-out, dropped connection, bad HTTP).
    case transport(TargetError)
    /// The request could not be built from its template.
    case render(String)
    /// An actor the step needs could not get an account; `cause` says why, when it was not the answer.
    case provisioning(actor: String, step: String, cause: StepError?)
    /// The step is not run because an earlier step it depends on failed.
    case blocked(by: Int)

    /// What a target's failure to answer means for the step.
    public static func from(_ error: any Error) -> StepError {
        switch error {
        case let error as StepError: return error
        case TargetError.unreachable(let reason): return .unreachable(reason)
        case let error as TargetError: return .transport(error)
        default: return .transport(.protocolError("\(error)"))
        }
    }

    /// Why the target could not be reached at all, directly or while provisioning; nil when it could.
    public var unreachableReason: String? {
        switch self {
        case .unreachable(let reason): return reason
        case .provisioning(_, _, let cause): return cause?.unreachableReason
        default: return nil
        }
    }
}

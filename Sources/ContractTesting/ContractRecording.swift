import ContractKit
import Foundation

/// When contract tests write expectations instead of only checking them, as snapshot testing's record
/// modes do. `CONTRACT_RECORD=missing|all|failed|never` chooses; without it the default is `missing`,
/// and `never` whenever `CI` is set, so a CI run or a retry never records behind anyone's back.
public enum ContractRecording {
    @TaskLocal static var scoped: Recorder.Mode?

    /// The mode in force: a scope set with `withContractRecording`, else the environment.
    public static var mode: Recorder.Mode {
        if let scoped { return scoped }
        return mode(in: ProcessInfo.processInfo.environment)
    }

    /// The mode an environment asks for.
    public static func mode(in environment: [String: String]) -> Recorder.Mode {
        if let value = environment["CONTRACT_RECORD"], let mode = Recorder.Mode(rawValue: value.lowercased()) { return mode }
        return environment["CI"] != nil ? .never : .missing
    }
}

/// Runs `body` with a record mode, whatever the environment says.
public func withContractRecording<T>(_ mode: Recorder.Mode, _ body: () async throws -> T) async rethrows -> T {
    try await ContractRecording.$scoped.withValue(mode) { try await body() }
}

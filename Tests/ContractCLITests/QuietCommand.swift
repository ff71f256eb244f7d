import ContractKit

@testable import ContractCLI

/// Runs the command line with its output captured rather than printed: the tests assert on exit codes
/// and, where they care, on the captured text; a passing `swift test` prints none of it.
func contract(_ words: [String]) async -> Int32 {
    await Console.capturing { await ContractCommand.main(words) }.0
}

/// The exit code and what the command wrote to standard output and standard error.
func contractOutput(_ words: [String]) async -> (code: Int32, output: String, error: String) {
    let (code, capture) = await Console.capturing { await ContractCommand.main(words) }
    return (code, capture.text(.output), capture.text(.error))
}

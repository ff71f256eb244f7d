import ContractKit
import Foundation

/// `contract lint`: checks fixture and contract files without running them.
enum LintCommand {
    static let subcommand = ContractCommand.Subcommand(
        name: "lint", summary: "check fixture and contract files without running them",
        usage: "contract lint [--fixtures DIR] [--contracts DIR]",
        help: """
        Check fixture and contract files without running them: malformed JSON (with file:line:column),
        unknown keys and matchers, unknown actors, and variables used before they are captured.

        Usage: contract lint [--fixtures DIR] [--contracts DIR]

        Options:
          --fixtures DIR    fixtures folder (default: ./fixtures, else the built-in suite)
          --contracts DIR   contracts folder (default: ./contracts, else the built-in suite)

        Exit codes: 0 no problems, 2 problems found.
        """,
        run: run)

    static func run(_ words: [String]) async throws -> Int32 {
        let arguments = try Arguments(words, spec: .init(options: ["--fixtures", "--contracts"]))
        let location = try SuiteLocation.resolve(fixtures: arguments.value("--fixtures"), contracts: arguments.value("--contracts"))
        guard let suite = location.load() else { return 2 }
        let steps = suite.fixtures.reduce(0) { $0 + $1.requestSteps.count }
        print("✔ \(suite.fixtures.count) fixtures, \(steps) steps: no problems (\(location.fixtures.path))")
        return 0
    }
}

import ContractKit
import Foundation

/// `contract coverage`: which route × status and which rule each fixture exercises, and the gaps.
enum CoverageCommand {
    static let subcommand = ContractCommand.Subcommand(
        name: "coverage", summary: "show which routes, statuses and rules the fixtures cover, and the gaps",
        usage: "contract coverage [--fixtures DIR] [--contracts DIR] [--verbose] [--markdown] [--fail-on-gaps]",
        help: """
        Show, without running anything, which route × method × status and which rule of contracts/api.json
        (validation bounds, ownership, auth, routing, behaviours) the fixtures exercise, and every gap.

        Usage: contract coverage [--fixtures DIR] [--contracts DIR] [--verbose] [--markdown] [--fail-on-gaps]

        Options:
          --fixtures DIR    fixtures folder (default: ./fixtures, else the built-in suite)
          --contracts DIR   contracts folder (default: ./contracts, else the built-in suite)
          --verbose         list every fixture of every row
          --markdown        print Markdown tables (as in README)
          --fail-on-gaps    exit 1 when a row has no fixture

        Exit codes: 0 done (or no gaps with --fail-on-gaps), 1 gaps with --fail-on-gaps, 2 bad usage or files.
        """,
        run: run)

    static func run(_ words: [String]) async throws -> Int32 {
        let arguments = try Arguments(words, spec: .init(options: ["--fixtures", "--contracts"],
                                                         flags: ["--verbose", "--markdown", "--fail-on-gaps"]))
        let location = try SuiteLocation.resolve(fixtures: arguments.value("--fixtures"), contracts: arguments.value("--contracts"))
        guard let suite = location.load() else { return 2 }
        guard let contract = suite.api else { throw UsageError("coverage needs contracts/api.json in \(location.contracts.path)") }
        let report = CoverageAnalysis.analyze(suite, contract: contract)
        print(arguments.flag("--markdown") ? report.markdown() : report.text(verbose: arguments.flag("--verbose")), terminator: "")
        return arguments.flag("--fail-on-gaps") && !report.gaps.isEmpty ? 1 : 0
    }
}

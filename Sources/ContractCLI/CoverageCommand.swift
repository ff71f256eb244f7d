import ContractKit
import Foundation

/// `contract coverage`: which route × status and which rule each fixture exercises, and the gaps.
enum CoverageCommand {
    static let verbose = Option.flag("--verbose", "list every fixture of every row")
    static let markdown = Option.flag("--markdown", "print Markdown tables")
    static let failOnGaps = Option.flag("--fail-on-gaps", "exit 1 when a row has no fixture")

    static let command = Command(
        name: "coverage", summary: "show which routes, statuses and rules the fixtures cover, and the gaps",
        description: """
            Show, without running anything, which route × method × status and which rule of contracts/api.json
            (validation bounds, ownership, auth, routing, behaviours) the fixtures exercise, and every gap.
            """,
        options: [.fixtures, .contracts, verbose, markdown, failOnGaps],
        footer: "Exit codes: 0 done (or no gaps with --fail-on-gaps), 1 gaps with --fail-on-gaps, 2 bad usage or files.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load() else { return 2 }
        guard let contract = suite.api else { throw UsageError("coverage needs contracts/api.json in \(location.contracts.path)") }
        let report = CoverageAnalysis.analyze(suite, contract: contract)
        Console.print(arguments.flag(markdown) ? report.markdown() : report.text(verbose: arguments.flag(verbose)), terminator: "")
        return arguments.flag(failOnGaps) && !report.gaps.isEmpty ? 1 : 0
    }
}

import JSONCore
import ContractKit
import Foundation

/// `contract diff`: the same steps against two targets, and every answer that differs.
enum DiffCommand {
    static let subcommand = ContractCommand.Subcommand(
        name: "diff", summary: "run the same steps against two targets and show every answer that differs",
        usage: "contract diff [--target URL] --against URL [FIXTURE-GLOB...] [--fixtures DIR] [--contracts DIR]",
        help: """
        Run the same fixture steps against two targets (say, the reference and a candidate implementation, or two
        versions of a service) and report every response that differs once per-run values (ids, timestamps,
        tokens, unique names) are set aside: status, the headers that matter (content-type, allow,
        www-authenticate, location) and each body path. The fixtures' own expectations are not used.

        Usage: contract diff [--target URL] --against URL [FIXTURE-GLOB...] [--fixtures DIR] [--contracts DIR]

        Options:
          --target URL      the first target (default: the in-process reference)
          --against URL     the second target ('reference' for the in-process reference)
          --fixtures DIR    fixtures folder (default: ./fixtures, else the built-in suite)
          --contracts DIR   contracts folder (default: ./contracts, else the built-in suite)
          --concurrency N   fixtures at once (default: 1, so steps reading global state see the same data on both)
          --timeout S       seconds to wait for each response (default: 30)
          --mutant NAME     switch on a deliberate defect in the in-process reference used as the first target

        Exit codes: 0 no differences, 1 differences, 2 bad usage or files, 3 a target unreachable.
        """,
        run: run)

    static func run(_ words: [String]) async throws -> Int32 {
        let arguments = try Arguments(words, spec: .init(options: ["--target", "--against", "--fixtures", "--contracts", "--concurrency",
                                                                   "--timeout", "--mutant"], positionals: true))
        guard let against = arguments.value("--against") else { throw UsageError("--against URL is required") }
        let first = try RunCommand.makeTarget(arguments)
        let second = against == "reference" ? try RunCommand.makeTarget(try Arguments([], spec: .init()))
            : try RunCommand.makeTarget(try Arguments(["--target", against], spec: .init(options: ["--target"])))
        for target in [first, second] {
            do {
                try await target.checkReachable()
            } catch {
                ContractCommand.printError("Error: \(error)")
                return 3
            }
        }
        let location = try SuiteLocation.resolve(fixtures: arguments.value("--fixtures"), contracts: arguments.value("--contracts"))
        guard let suite = location.load() else { return 2 }
        let fixtures = arguments.positionals.isEmpty ? suite.fixtures
            : suite.fixtures.filter { fixture in arguments.positionals.contains { Glob.matches($0, fixture.file) } }
        if fixtures.isEmpty { throw UsageError("no fixture matches \(arguments.positionals.joined(separator: " "))") }
        print("Comparing \(first.description) with \(second.description) on \(fixtures.count) fixtures")
        let differences = await TargetDiff(suite: suite, first: first, second: second,
                                           concurrency: try arguments.integer("--concurrency", default: 1, range: 1...256)).run(fixtures)
        for step in differences {
            print("✘ \(step.fixture) step \(step.step)" + (step.stepName.map { " (\($0))" } ?? "")
                  + ": \(step.request.method.rawValue) \(step.request.target)")
            for difference in step.differences {
                print("  \(difference.place): \(difference.explanation)")
                print("    - \(first.description): \(difference.expectedText ?? "(nothing)")")
                print("    + \(second.description): \(difference.actualText)")
            }
        }
        print(differences.isEmpty ? "✔ no differences" : "✘ \(differences.count) step\(differences.count == 1 ? "" : "s") differ")
        return differences.isEmpty ? 0 : 1
    }
}

import ContractKit
import Foundation
import JSONCore

/// `contract diff`: the same steps against two targets, and every answer that differs.
enum DiffCommand {
    static let against = Option.value("--against", "URL", "the second target ('reference' for the in-process reference)", required: true)
    static let concurrency = Option.value(
        "--concurrency", "N", "fixtures at once (default: 1, so steps reading global state see the same data on both)",
        check: .integer(1...256))

    static let command = Command(
        name: "diff", summary: "run the same steps against two targets and show every answer that differs",
        description: """
            Run the same fixture steps against two targets (say, the reference and a candidate implementation, or two
            versions of a service) and report every response that differs once per-run values (ids, timestamps,
            tokens, unique names) are set aside: status, the headers that matter (content-type, allow,
            www-authenticate, location) and each body path. The fixtures' own expectations are not used.
            """,
        options: [.target, against, .fixtures, .contracts, concurrency, .timeout, TargetSelection.mutant],
        positionals: .init(placeholder: "FIXTURE-GLOB...", help: "only fixtures whose path matches (default: all)", required: false),
        footer: "Exit codes: 0 no differences, 1 differences, 2 bad usage or files, 3 a target unreachable.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let first = try TargetSelection(arguments).make()
        let secondURL = arguments.value(against) ?? "reference"
        var second = TargetSelection(url: secondURL)
        if secondURL == "reference" { second.url = nil }
        second.settings.timeout = arguments.seconds(.timeout, default: second.settings.timeout)
        let secondTarget = try second.make()
        for target in [first, secondTarget] {
            do {
                try await target.checkReachable()
            } catch {
                ContractCommand.printError("Error: \(error)")
                return 3
            }
        }
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load() else { return 2 }
        let fixtures =
            arguments.positionals.isEmpty
            ? suite.fixtures
            : suite.fixtures.filter { fixture in arguments.positionals.contains { Glob.matches($0, fixture.file) } }
        if fixtures.isEmpty { throw UsageError("no fixture matches \(arguments.positionals.joined(separator: " "))") }
        Console.print("Comparing \(first.description) with \(secondTarget.description) on \(fixtures.count) fixtures")
        let differences = await TargetDiff(
            suite: suite, first: first, second: secondTarget,
            concurrency: arguments.integer(concurrency, default: 1)
        ).run(fixtures)
        for step in differences {
            Console.print(step.text(firstName: first.description, secondName: secondTarget.description))
        }
        Console.print(differences.isEmpty ? "✔ no differences" : "✘ \(differences.count) step\(differences.count == 1 ? "" : "s") differ")
        return differences.isEmpty ? 0 : 1
    }
}

import ContractKit
import Foundation
import HTTPCore

/// `contract derive --list`: which checks `contract run` would derive, and from which step of which fixture.
enum DeriveCommand {
    static let list = Option.flag("--list", "list the derived checks and their origin steps (required: nothing runs)")

    static let command = Command(
        name: "derive", summary: "list the checks a run derives from the fixtures, and their origin steps",
        description: """
            Show, without running anything, every check 'contract run' derives from the fixtures' steps (auth
            forgeries, another user's access, validation bounds), grouped by the step each replays. --derive
            and --filter select as they do for run.
            """,
        options: [.fixtures, .contracts, list, RunCommand.derive, RunCommand.filter, RunCommand.tag],
        footer: "Exit codes: 0 listed, 2 bad usage or files.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        guard arguments.flag(list) else { throw UsageError("derive only lists (nothing runs): add --list") }
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load() else { return 2 }
        guard let contract = suite.api else { throw UsageError("derived checks need contracts/api.json in \(location.contracts.path)") }
        let (kinds, only) = try RunCommand.derivedSelection(arguments)
        var options = Runner.Options()
        options.filters = arguments.values(RunCommand.filter)
        options.tags = arguments.values(RunCommand.tag)
        let fixtures = Runner(suite: suite, target: NoTarget(), options: options).selectedFixtures
        let origins = DerivedPlanner(contract: contract, kinds: kinds, only: only).plan(fixtures)
        Console.print(location.description)
        for origin in origins {
            Console.print("\(origin.fixture.file) step \(origin.step.number) (\(origin.route.name)):")
            for check in origin.checks { Console.print("  \(check.selectionName): \(check.title)") }
        }
        let total = origins.reduce(0) { $0 + $1.checks.count }
        var byName: [String: Int] = [:]
        for check in origins.flatMap(\.checks) { byName[check.selectionName, default: 0] += 1 }
        Console.print(
            "\(total) derived check\(total == 1 ? "" : "s") from \(origins.count) step\(origins.count == 1 ? "" : "s"): "
                + byName.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
        return 0
    }

    /// Listing needs a runner's fixture selection, never a target.
    struct NoTarget: Target {
        var description: String { "nothing" }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse { throw TargetError.unsupported("sending") }
    }
}

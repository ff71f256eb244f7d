import ContractKit
import Foundation

/// `contract lint`: checks fixture and contract files without running them.
enum LintCommand {
    static let command = Command(
        name: "lint", summary: "check fixture and contract files without running them",
        description: """
            Check fixture and contract files without running them: malformed JSON (with file:line:column),
            unknown keys and matchers, unknown actors, and variables used before they are captured.
            """,
        options: [.fixtures, .contracts],
        footer: "Exit codes: 0 no problems, 2 problems found.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load() else { return 2 }
        let steps = suite.fixtures.reduce(0) { $0 + $1.requestSteps.count }
        let todos = suite.api?.todos ?? []
        for todo in todos { Console.print("TODO \(location.contracts.appendingPathComponent("api.json").path): \(todo)") }
        let unrecorded = suite.fixtures.filter { fixture in fixture.requestSteps.contains { $0.expectation == nil } }
        if !unrecorded.isEmpty {
            Console.print(
                "TODO \(unrecorded.count) fixture\(unrecorded.count == 1 ? " has" : "s have") steps without expectations: record them ('contract record')"
            )
        }
        Console.print(
            "✔ \(suite.fixtures.count) fixtures, \(steps) steps: no problems\(todos.isEmpty ? "" : ", \(todos.count) TODO\(todos.count == 1 ? "" : "s")") (\(location.fixtures.path))"
        )
        return 0
    }
}

import AgentAPI
import ContractKit
import Foundation
import ReferenceFaults

/// `contract mutants`: the suite against each mutant of the reference, and who killed it.
enum MutantsCommand {
    static let only = Option.repeated("--mutant", "NAME", "only this mutant (default: all)", check: .choice(Mutant.allCases.map(\.rawValue)))
    static let noDerive = Option.flag("--no-derive", "fixtures only, to see what the hand-written fixtures catch alone")
    static let verbose = Option.flag("--verbose", "list every killer, not just the first")

    static let command = Command(
        name: "mutants", summary: "run the suite against deliberately broken references and show what catches each",
        description: """
            Run the suite (fixtures and derived checks) against the in-process reference with one realistic defect
            switched on at a time, and print which fixture or derived check killed each mutant. A mutant that
            survives means the suite has a blind spot.
            """,
        options: [.fixtures, .contracts, only, noDerive, verbose],
        footer: "Mutants:\n"
            + Mutant.allCases.map { "  \($0.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)) \($0.summary)" }
            .joined(separator: "\n") + "\n\nExit codes: 0 every mutant killed, 1 a mutant survived, 2 bad usage or files.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let chosen = arguments.values(only).compactMap(Mutant.init(rawValue:))
        let mutants = chosen.isEmpty ? Mutant.allCases : chosen
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load() else { return 2 }
        let derive: Set<DerivedKind> = arguments.flag(noDerive) ? [] : Set(DerivedKind.allCases)
        print(
            "Running \(suite.fixtures.count) fixtures" + (derive.isEmpty ? "" : " and their derived checks")
                + " against \(mutants.count) mutants of the reference")
        let verdicts = try await MutantSweep.run(suite: suite, mutants: mutants, derive: derive)
        let width = max(6, mutants.map(\.rawValue.count).max() ?? 0)
        print("mutant".padding(toLength: width, withPad: " ", startingAt: 0) + "  killed  by")
        for verdict in verdicts {
            let name = verdict.mutant.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            guard verdict.killed else {
                print("\(name)  ✘ NO    survived: \(verdict.mutant.summary)")
                continue
            }
            let shown =
                arguments.flag(verbose)
                ? verdict.killers.joined(separator: "\n" + String(repeating: " ", count: width + 10))
                : verdict.killers[0] + (verdict.killers.count > 1 ? " (+\(verdict.killers.count - 1))" : "")
            print("\(name)  ✔ yes   " + (verdict.onlyDerived ? "derived checks only: " : "") + shown)
        }
        let survivors = verdicts.filter { !$0.killed }
        print(survivors.isEmpty ? "✔ all \(verdicts.count) mutants killed" : "✘ \(survivors.count) of \(verdicts.count) mutants survived")
        return survivors.isEmpty ? 0 : 1
    }
}

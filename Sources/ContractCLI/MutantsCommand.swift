import AgentAPI
import ContractKit
import Foundation
import ReferenceFaults
import ReferenceTarget

/// `contract mutants`: the suite against each mutant of the reference, and who killed it.
enum MutantsCommand {
    static let only = Option.repeated("--mutant", "NAME", "only this mutant (default: all)", check: .choice(Mutant.allCases.map(\.rawValue)))
    static let noDerive = Option.flag("--no-derive", "fixtures only, to see what the hand-written fixtures catch alone")
    static let verbose = Option.flag("--verbose", "list every killer, not just the first")
    static let explore = Option.flag(
        "--explore", "kill each mutant with 'contract explore' instead (no fixtures): steps to the first difference, shrunk size")
    static let exploreSteps = Option.value("--steps", "N", "with --explore: steps allowed per mutant (default: 5000)", check: .integer(1...1_000_000))
    static let seed = Option.value("--seed", "S", "with --explore: the base seed (default: 1)", check: .integer(0...Int.max))

    static let command = Command(
        name: "mutants", summary: "run the suite against deliberately broken references and show what catches each",
        description: """
            Run the suite (fixtures and derived checks) against the in-process reference with one realistic defect
            switched on at a time, and print which fixture or derived check killed each mutant. A mutant that
            survives means the suite has a blind spot.
            """,
        options: [.fixtures, .contracts, only, noDerive, verbose, explore, exploreSteps, seed],
        footer: "Mutants:\n"
            + Mutant.allCases.map { "  \($0.rawValue.padding(toLength: 32, withPad: " ", startingAt: 0)) \($0.summary)" }
            .joined(separator: "\n") + "\n\nExit codes: 0 every mutant killed, 1 a mutant survived, 2 bad usage or files.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let chosen = arguments.values(only).compactMap(Mutant.init(rawValue:))
        let mutants = chosen.isEmpty ? Mutant.allCases : chosen
        if arguments.flag(explore) { return try await runExplore(arguments, mutants: mutants) }
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load() else { return 2 }
        let derive: Set<DerivedKind> = arguments.flag(noDerive) ? [] : Set(DerivedKind.allCases)
        Console.print(
            "Running \(suite.fixtures.count) fixtures" + (derive.isEmpty ? "" : " and their derived checks")
                + " against \(mutants.count) mutants of the reference")
        let verdicts = try await MutantSweep.run(suite: suite, mutants: mutants, derive: derive)
        let width = max(6, mutants.map(\.rawValue.count).max() ?? 0)
        Console.print("mutant".padding(toLength: width, withPad: " ", startingAt: 0) + "  killed  by")
        for verdict in verdicts {
            let name = verdict.mutant.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            guard verdict.killed else {
                Console.print("\(name)  ✘ NO    survived: \(verdict.mutant.summary)")
                continue
            }
            let shown =
                arguments.flag(verbose)
                ? verdict.killers.joined(separator: "\n" + String(repeating: " ", count: width + 10))
                : verdict.killers[0] + (verdict.killers.count > 1 ? " (+\(verdict.killers.count - 1))" : "")
            Console.print("\(name)  ✔ yes   " + (verdict.onlyDerived ? "derived checks only: " : "") + shown)
        }
        let survivors = verdicts.filter { !$0.killed }
        Console.print(survivors.isEmpty ? "✔ all \(verdicts.count) mutants killed" : "✘ \(survivors.count) of \(verdicts.count) mutants survived")
        return survivors.isEmpty ? 0 : 1
    }

    /// Each mutant against explore alone: how many steps it took to meet the first difference, and how small
    /// the finding shrank. Also what the hand-written fixtures (without derived checks) make of it.
    static func runExplore(_ arguments: ParsedArguments, mutants: [Mutant]) async throws -> Int32 {
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        guard let suite = location.load(), let contract = suite.api,
            let documentData = FileManager.default.contents(atPath: location.contracts.appendingPathComponent("openapi.json").path),
            let spec = try? OpenAPISpec(bytes: Array(documentData))
        else { throw UsageError("explore needs api.json, actors.json and openapi.json in \(location.contracts.path)") }
        var options = Explorer.Options()
        options.steps = arguments.integer(exploreSteps, default: 5000)
        options.seed = arguments.value(seed).flatMap { UInt64($0) } ?? 1
        options.concurrency = ProcessInfo.processInfo.activeProcessorCount
        let fixtureVerdicts = try await MutantSweep.run(suite: suite, mutants: mutants, derive: [])
        let secret = Array(AgentAPIConfiguration.testing().secretKey.utf8)
        Console.print("Exploring \(mutants.count) mutants of the reference, at most \(options.steps) steps each (seed \(options.seed))")
        let width = max(6, mutants.map(\.rawValue.count).max() ?? 0)
        Console.print(
            "mutant".padding(toLength: width, withPad: " ", startingAt: 0) + "  killed  steps  shrunk  replays  fixtures alone  first difference")
        var survivors = 0
        var unproven = 0
        for (mutant, fixtures) in zip(mutants, fixtureVerdicts) {
            let make: @Sendable () throws -> any Target = {
                var configuration = AgentAPIConfiguration.testing()
                configuration.passwordIterations = 1
                return ReferenceTarget(service: try mutant.reference(configuration), configuration: configuration)
            }
            let oracle: @Sendable () throws -> any Target = {
                var configuration = AgentAPIConfiguration.testing()
                configuration.passwordIterations = 1
                return try ReferenceTarget(configuration: configuration)
            }
            // One finding is enough: explore stops at the first difference.
            let explorer = Explorer(
                spec: spec, contract: contract, actors: suite.actors, target: make, targetSecret: secret, oracle: oracle, oracleSecret: secret,
                options: options)
            let report = await explorer.run(stopAtFirstFinding: true)
            let name = mutant.rawValue.padding(toLength: width, withPad: " ", startingAt: 0)
            let alone = fixtures.killed ? "yes" : "NO"
            guard let finding = report.findings.first else {
                survivors += 1
                Console.print(
                    "\(name)  ✘ NO    \(String(report.steps).padding(toLength: 5, withPad: " ", startingAt: 0))  -       \(alone.padding(toLength: 14, withPad: " ", startingAt: 0))  survived: \(mutant.summary)"
                )
                continue
            }
            let steps = String(report.stepsToFirstFinding ?? report.steps).padding(toLength: 5, withPad: " ", startingAt: 0)
            let shrunk = String(finding.steps.count).padding(toLength: 6, withPad: " ", startingAt: 0)
            // A finding is evidence when its fixture passes on the oracle and fails on the mutant, replayed alone.
            let replays: String
            if let replay = finding.replay {
                replays = replay.passesOnOracle && replay.failsOnTarget ? "yes" : "NO"
                if replays == "NO" { unproven += 1 }
            } else {
                replays = "-"
            }
            Console.print(
                "\(name)  ✔ yes   \(steps)  \(shrunk)  \(replays.padding(toLength: 7, withPad: " ", startingAt: 0))  "
                    + "\(alone.padding(toLength: 14, withPad: " ", startingAt: 0))  \(finding.route) (\(finding.intent))")
            if let note = finding.note { Console.print("    note: \(note)") }
        }
        Console.print(
            survivors == 0 ? "✔ explore killed all \(mutants.count) mutants" : "✘ \(survivors) of \(mutants.count) mutants survived explore")
        if unproven > 0 {
            Console.print(
                "✘ \(unproven) finding\(unproven == 1 ? "'s fixture does" : "s' fixtures do") not replay: pass on the oracle, fail on the mutant")
        }
        return survivors == 0 && unproven == 0 ? 0 : 1
    }
}

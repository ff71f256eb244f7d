import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import JSONCore
import Locking
import ReferenceTarget
import Testing

@testable import ContractCLI

/// Splitting a suite over CI machines must neither lose nor repeat a check, and a fixture picked out alone
/// (by --filter, or by landing on a shard) must carry derived checks that hold on a correct target.
@Suite(.serialized)
struct ShardAndSelectionTests {
    static func builtIn() throws -> Suite {
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: try #require(BuiltInSuite.contracts))
        else { throw ExploreTestError("the built-in suite does not load") }
        return suite
    }

    static func runner(_ suite: Suite, shard: (Int, Int) = (1, 1), filter: [String] = []) throws -> Runner {
        var options = Runner.Options()
        options.shard = shard
        options.filters = filter
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        options.jwtSecret = Array(configuration.secretKey.utf8)
        return Runner(suite: suite, target: try ReferenceTarget(configuration: configuration), options: options)
    }

    @Test(arguments: [2, 3, 4, 7])
    func shardsCoverTheSuiteOnceWithTheirDerivedChecks(count: Int) throws {
        let suite = try Self.builtIn()
        let contract = try #require(suite.api)
        let whole = try Self.runner(suite)
        let shards = try (1...count).map { try Self.runner(suite, shard: ($0, count)) }
        let files = shards.map { Set($0.selectedFixtures.map(\.file)) }
        #expect(files.reduce(0) { $0 + $1.count } == whole.selectedFixtures.count, "no fixture on two shards")
        #expect(files.reduce(Set<String>()) { $0.union($1) } == Set(whole.selectedFixtures.map(\.file)), "none left out")
        func keys(_ runner: Runner) -> [String] {
            runner.plannedDerived(contract).flatMap { origin in origin.checks.map { "\(origin.fixture.file) \(origin.step.number) \($0.key)" } }
        }
        #expect(shards.flatMap(keys).sorted() == keys(whole).sorted(), "the shards' derived checks are the whole run's")
        // Balanced by steps: no shard carries much more than its share plus the longest fixture.
        let steps = shards.map { $0.selectedFixtures.reduce(0) { $0 + $1.stepCount } }
        let longest = whole.selectedFixtures.map(\.stepCount).max() ?? 0
        #expect((steps.max() ?? 0) - (steps.min() ?? 0) <= longest, "\(steps)")
    }

    @Test func theSplitIsTheSameWhateverOrderTheFixturesLoadIn() throws {
        let suite = try Self.builtIn()
        let reversed = Suite(fixtures: suite.fixtures.reversed(), actors: suite.actors, api: suite.api, document: suite.document)
        #expect(Runner.shards(suite.fixtures, count: 5) == Runner.shards(reversed.fixtures, count: 5))
    }

    /// Every fixture alone, with every check derived from it: a check planned from an unusual step (a
    /// path that decodes to another route, a step that expects a 500, global names made from {{$run}})
    /// must still hold on the reference.
    @Test func everyFixtureAlonePassesWithItsDerivedChecks() async throws {
        let suite = try Self.builtIn()
        var failures: [String] = []
        for fixture in suite.fixtures {
            let result = try await Self.runner(suite, filter: [fixture.file]).run()
            if result.exitCode != 0 {
                let failed = result.fixtures.filter(\.verdict.isFailure).map(\.file) + result.derived.filter(\.verdict.isFailure).map(\.name)
                failures.append("\(fixture.file): \(failed.prefix(3).joined(separator: "; "))")
            }
        }
        #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
    }

    final class Counting: Reporter {
        let counts = Locked((fixtures: 0, derivedAnnounced: 0, derivedFinished: 0))
        func runStarted(fixtureCount: Int, target: String) {}
        func fixtureFinished(_ result: FixtureResult) { counts.withLock { $0.fixtures += 1 } }
        func runFinished(_ result: RunResult) {}
        func derivedStarted(count: Int) { counts.withLock { $0.derivedAnnounced = count } }
        func derivedFinished(_ results: [DerivedResult]) { counts.withLock { $0.derivedFinished += results.count } }
    }

    @Test func progressCoversTheDerivedChecks() async throws {
        let suite = try Self.builtIn()
        let reporter = Counting()
        let result = try await Self.runner(suite, filter: ["agents"]).run(reporter: reporter)
        let counts = reporter.counts.current
        #expect(counts.fixtures == result.fixtures.count)
        #expect(counts.derivedAnnounced == result.derived.count && counts.derivedFinished == result.derived.count && !result.derived.isEmpty)
    }

    @Test func listQuietAndVerboseSayWhatTheyShould() async throws {
        let list = await contractOutput(["run", "--shard", "2/3", "--list"])
        #expect(list.code == 0)
        #expect(list.output.contains("Shard 2/3: "))
        #expect(list.output.contains("derived: auth.no-credentials"))
        let quiet = await contractOutput(["run", "--filter", "agents", "--quiet"])
        #expect(quiet.code == 0)
        #expect(quiet.output.split(separator: "\n").count == 1, "only the summary: \(quiet.output)")
        let verbose = await contractOutput(["run", "--filter", "agents/create-agent-returns-201-with-defaults.json", "--verbose"])
        #expect(verbose.output.contains("1 alice creates an agent: POST /api/v1/agents → 201"))
        #expect(verbose.output.contains("derived: auth — no credentials: passed"))
        #expect(await contract(["run", "--quiet", "--verbose"]) == 2)
        #expect(await contract(["run", "--shard", "0/3"]) == 2)
        #expect(await contract(["run", "--shard", "4/3"]) == 2)
        #expect(await contract(["run", "--shard", "a/b"]) == 2)
    }

    @Test func singleDerivedChecksAreListedAndRunByName() async throws {
        let listed = await contractOutput(["derive", "--list", "--filter", "agents/create-agent-returns-201-with-defaults.json"])
        #expect(listed.code == 0)
        #expect(listed.output.contains("agents/create-agent-returns-201-with-defaults.json step 1 (POST /api/v1/agents):"))
        #expect(listed.output.contains("  auth.alg-none: alg none"))
        let origins = listed.output.split(separator: "\n").filter { $0.hasPrefix("agents/") }.count
        let alone = listed.output.split(separator: "\n").filter { $0.hasPrefix("  auth.alg-none:") }.count
        let run = await contractOutput([
            "run", "--filter", "agents/create-agent-returns-201-with-defaults.json", "--derive", "auth.alg-none", "--report", "json=-",
        ])
        #expect(run.code == 0)
        let report = try JSONParser.parse(bytes: Array(run.output.utf8))
        let derived = (report["checks"]?.arrayValue ?? []).filter { $0["kind"] == "derived" }.compactMap { $0["name"]?.stringValue }
        #expect(derived.count == alone && alone >= 1 && origins >= alone, "\(derived)")
        #expect(derived.allSatisfy { $0.contains("alg none") }, "\(derived)")
        let unknown = await contractOutput(["run", "--derive", "auth.alg-nothing"])
        #expect(unknown.code == 2 && unknown.error.contains("auth.alg-none"), "a near name is suggested: \(unknown.error)")
    }

    @Test func fixturesWithoutContractsBesideThemAreRefused() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("alone-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let fixtures = dir.appendingPathComponent("fixtures")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        let run = await contractOutput(["run", "--fixtures", fixtures.path])
        #expect(run.code == 2)
        #expect(run.error.contains("no contracts folder beside it"), "\(run.error)")
    }
}

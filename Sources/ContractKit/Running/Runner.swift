import Foundation

/// Runs a suite against a target: fixtures in parallel up to a limit, steps in order within each.
public struct Runner: Sendable {
    public struct Options: Sendable {
        /// Fixtures in flight at once.
        public var concurrency = 8
        /// Stop starting fixtures after the first failure.
        public var failFast = false
        /// Glob patterns on fixture paths (`agents/*`); empty runs all.
        public var filters: [String] = []
        /// Tags; a fixture runs when it has any of them. Empty runs all.
        public var tags: [String] = []
        /// The kinds of derived checks to run (all by default; empty for none). They need contracts/api.json.
        public var derive: Set<DerivedKind> = Set(DerivedKind.allCases)
        /// The target's token signing key, when known: validly signed forgeries (expired, unknown user) are checked too.
        public var jwtSecret: [UInt8]?
        /// Values no report may show beyond what the run discovers (credentials given on the command line).
        public var secrets = Secrets()
        /// Runs of each fixture, in shuffled order and concurrently; a fixture whose verdict varies is flaky.
        public var repeats = 1
        /// Only these derived checks, by name (`--derive auth.alg-none,ownership.list`); nil: all of `derive`.
        public var deriveOnly: Set<String>?
        /// Check every fixture answer against this OpenAPI document as well (`--validate-responses`).
        public var responseValidation: ResponseValidation?
        /// Seeds the shuffle of repeated runs, so an order that shook a fixture loose can be replayed.
        public var shuffleSeed: UInt64 = 0
        /// Run only part `index` (1-based) of `count` parts of the selected fixtures, and their derived checks.
        public var shard = (index: 1, count: 1)

        public init() {}
    }

    public let suite: Suite
    public let target: any Target
    public let options: Options
    /// A token unique to this run, behind `{{$run}}` and `{{$unique}}`.
    public let runID: String
    /// The accounts this runner provisions, and the intruder its read-only ownership checks share.
    public let ledger = ProvisioningLedger()

    public init(suite: Suite, target: any Target, options: Options = Options(), runID: String = Runner.makeRunID()) {
        self.suite = suite
        self.target = target
        self.options = options
        self.runID = runID
    }

    /// Short, unique enough across runs on the same database: seconds since 2024 in base 36 plus randomness.
    /// Always 10 characters, so a string built on `{{$run}}` at a length bound stays at it in every run.
    public static func makeRunID() -> String {
        let seconds = max(0, Int(Date().timeIntervalSince1970 - 1_704_067_200)) % 2_176_782_336
        return "r" + base36(seconds, width: 6) + base36(Int.random(in: 0..<46_656), width: 3)
    }

    static func base36(_ value: Int, width: Int) -> String {
        let digits = String(value, radix: 36)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// The fixtures selected by the filters and tags, then by the shard.
    public var selectedFixtures: [Fixture] {
        let chosen = suite.fixtures.filter { fixture in
            (options.filters.isEmpty || options.filters.contains { Glob.matches($0, fixture.file) })
                && (options.tags.isEmpty || !Set(options.tags).isDisjoint(with: fixture.tags))
        }
        guard options.shard.count > 1 else { return chosen }
        let part = Self.shards(chosen, count: options.shard.count)[options.shard.index - 1]
        return chosen.filter { part.contains($0.file) }
    }

    /// The fixtures split into `count` parts of about the same number of steps, the same on every machine:
    /// the longest first, each to the part with the fewest steps so far (the lowest part on a tie).
    public static func shards(_ fixtures: [Fixture], count: Int) -> [Set<String>] {
        var parts = [Set<String>](repeating: [], count: max(1, count))
        var load = [Int](repeating: 0, count: max(1, count))
        let ordered = fixtures.sorted { ($0.stepCount, $1.file) > ($1.stepCount, $0.file) }
        for fixture in ordered {
            let lightest = load.indices.min { (load[$0], $0) < (load[$1], $1) } ?? 0
            parts[lightest].insert(fixture.file)
            load[lightest] += max(1, fixture.stepCount)
        }
        return parts
    }

    /// Runs the selected fixtures, then their derived checks. Runners that share a database and a run id
    /// (the per-fixture test cases) must share one `counter` too, so `{{$unique}}` never repeats.
    public func run(reporter: (any Reporter)? = nil, counter: UniqueCounter = UniqueCounter()) async -> RunResult {
        let started = Date()
        let fixtures = selectedFixtures
        reporter?.runStarted(fixtureCount: fixtures.count, target: target.description)
        do {
            try await target.checkReachable()
        } catch {
            var result = RunResult(fixtures: [], seconds: Date().timeIntervalSince(started), unreachable: "\(error)")
            result.shard = options.shard
            return result
        }
        var unreachable: String?
        let (target, actors, runID, failFast, secrets, ledger) = (
            self.target, suite.actors, self.runID, options.failFast, knownSecrets, self.ledger
        )
        let responseValidation = options.responseValidation
        let work = Self.schedule(fixtures.count, repeats: options.repeats, seed: options.shuffleSeed)
        let results = await concurrentMap(
            work, limit: options.concurrency,
            { item in
                // Each repetition is a run of its own: its own {{$run}}, so names it registers never collide
                // with another repetition's (a 409 that only repetition causes is not the target's fault).
                let repetitionID = item.repetition == 0 ? runID : "\(runID)-\(item.repetition)"
                var execution = FixtureExecution(
                    fixture: fixtures[item.fixture], target: target, actorSpec: actors, runID: repetitionID, counter: counter)
                execution.knownSecrets = secrets
                execution.responseValidation = responseValidation
                execution.ledger = ledger
                execution.provisionsAhead = true
                execution.bystanders = fixtures[item.fixture].bystanders
                return await execution.run()
            },
            receive: { _, result in
                reporter?.fixtureFinished(result)
                if let reason = result.failure?.error?.unreachableReason {
                    unreachable = unreachable ?? TargetError.unreachable(reason).description
                    return false
                }
                return !(failFast && result.verdict != .passed)
            })
        var byFixture = [[FixtureResult]](repeating: [], count: fixtures.count)
        for (item, result) in zip(work, results) { if let result { byFixture[item.fixture].append(result) } }
        var run = RunResult(fixtures: [], seconds: 0, unreachable: unreachable)
        run.contract = suite.api
        run.shard = options.shard
        for (fixture, runs) in zip(fixtures, byFixture) {
            guard let chosen = runs.first(where: { $0.verdict != .passed }) ?? runs.first else {
                run.notRun.append(fixture.file)
                continue
            }
            run.fixtures.append(chosen)
            let passes = runs.filter { $0.verdict == .passed }.count
            if options.repeats > 1 && passes > 0 && passes < runs.count {
                run.flaky.append(FlakyFixture(file: fixture.file, passed: passes, runs: runs.count))
            }
        }
        if unreachable == nil && !(options.failFast && run.failed > 0) {
            let failing = Set(run.fixtures.filter { $0.verdict != .passed }.map(\.file))
            run.derived = await runDerived(counter: counter, failedFixtures: failing, reporter: reporter)
        }
        run.seconds = Date().timeIntervalSince(started)
        run.provisioning = ledger.summary
        return run
    }

    /// The secrets every fixture starts with: the signing key and what the options name.
    var knownSecrets: Secrets {
        var secrets = options.secrets
        if let key = options.jwtSecret { secrets.add(String(decoding: key, as: UTF8.self)) }
        return secrets
    }

    /// Each fixture's index `repeats` times, with the repetition's number; shuffled by `seed` when repeated,
    /// in order otherwise.
    static func schedule(_ count: Int, repeats: Int, seed: UInt64) -> [(fixture: Int, repetition: Int)] {
        let work = (0..<max(1, repeats)).flatMap { repetition in (0..<count).map { (fixture: $0, repetition: repetition) } }
        guard repeats > 1 else { return work }
        var generator = SplitMix64(seed: seed)
        return work.shuffled(using: &generator)
    }

    /// The checks derived from the selected fixtures' steps, one origin step per task.
    func runDerived(
        counter: UniqueCounter, failedFixtures: Set<String>, reporter: (any Reporter)?
    ) async
        -> [DerivedResult]
    {
        guard let contract = suite.api, !options.derive.isEmpty else { return [] }
        return await runDerived(
            origins: plannedDerived(contract), contract: contract, counter: counter, failedFixtures: failedFixtures, reporter: reporter)
    }

    /// The derived checks of the selected fixtures. A shard takes its share of the plan of the whole selection
    /// (each check is planned once, from the earliest step that carries it), so the shards' checks together
    /// are exactly the unsharded run's.
    public func plannedDerived(_ contract: APIContract) -> [DerivedOrigin] {
        let planner = DerivedPlanner(contract: contract, kinds: options.derive, only: options.deriveOnly)
        guard options.shard.count > 1 else { return planner.plan(selectedFixtures) }
        var whole = options
        whole.shard = (1, 1)
        let mine = Set(selectedFixtures.map(\.file))
        return planner.plan(Runner(suite: suite, target: target, options: whole).selectedFixtures).filter { mine.contains($0.fixture.file) }
    }

    /// Runs already planned derived checks (the test helpers plan once and hand each fixture its share).
    /// A check is blocked when its origin fixture failed before its step in this run; a replay that fails
    /// although the fixture passed is a failure of its own.
    public func runDerived(
        origins: [DerivedOrigin], contract: APIContract, counter: UniqueCounter, failedFixtures: Set<String>, reporter: (any Reporter)? = nil
    ) async -> [DerivedResult] {
        let forger = TokenForger(secret: options.jwtSecret, auth: contract.auth)
        let (target, actors, runID, secrets, ledger) = (self.target, suite.actors, self.runID, knownSecrets, self.ledger)
        reporter?.derivedStarted(count: origins.reduce(0) { $0 + $1.checks.count })
        let results = await concurrentMap(
            Array(origins.enumerated()), limit: options.concurrency,
            { position, origin in
                // Each replay is a run of its own: names it makes from {{$run}} (a tool's, which is unique in
                // the whole service) must not collide with the fixture's own run or another replay's.
                let replayID = "\(runID)-d\(position)"
                var execution = FixtureExecution(fixture: origin.fixture, target: target, actorSpec: actors, runID: replayID, counter: counter)
                execution.knownSecrets = secrets
                execution.ledger = ledger
                execution.provisionsAhead = true
                return await DerivedExecution(origin: origin, contract: contract, execution: execution, forger: forger).run()
            },
            receive: { _, results in
                reporter?.derivedFinished(results)
                return true
            }
        ).compactMap { $0 }.flatMap { $0 }
        return results.map { result in
            guard case .blocked = result.verdict, !failedFixtures.contains(result.origin) else { return result }
            var unblocked = result
            unblocked.verdict = .failed
            return unblocked
        }
    }
}

/// A fixture whose verdict varied between repeated runs.
public struct FlakyFixture: Sendable, Equatable {
    public let file: String
    public let passed: Int
    public let runs: Int
}

/// A small, fast, seedable generator (SplitMix64), so a shuffled order can be replayed from its seed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

/// Shell-style globs on fixture paths: `*` within a folder, `**` across folders, `?` one character.
public enum Glob {
    public static func matches(_ pattern: String, _ path: String) -> Bool {
        var regex = "^"
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let character = pattern[index]
            if character == "*" {
                let next = pattern.index(after: index)
                if next < pattern.endIndex && pattern[next] == "*" {
                    regex += ".*"
                    index = pattern.index(after: next)
                    continue
                }
                regex += "[^/]*"
            } else if character == "?" {
                regex += "[^/]"
            } else {
                regex += NSRegularExpression.escapedPattern(for: String(character))
            }
            index = pattern.index(after: index)
        }
        // A pattern without a folder or extension also matches by prefix: `agents` selects `agents/...`.
        if !pattern.contains("*") && !pattern.hasSuffix(".json") { regex += "(/.*|\\.json)?" }
        return RegexCache.matches(regex + "$", path)
    }
}

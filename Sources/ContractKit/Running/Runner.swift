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

        public init() {}
    }

    public let suite: Suite
    public let target: any Target
    public let options: Options
    /// A token unique to this run, behind `{{$run}}` and `{{$unique}}`.
    public let runID: String

    public init(suite: Suite, target: any Target, options: Options = Options(), runID: String = Runner.makeRunID()) {
        self.suite = suite
        self.target = target
        self.options = options
        self.runID = runID
    }

    /// Short, unique enough across runs on the same database: seconds since 2024 in base 36 plus randomness.
    public static func makeRunID() -> String {
        let seconds = Int(Date().timeIntervalSince1970 - 1_704_067_200)
        return "r" + String(seconds, radix: 36) + String(Int.random(in: 0..<46_656), radix: 36)
    }

    /// The fixtures selected by the filters and tags.
    public var selectedFixtures: [Fixture] {
        suite.fixtures.filter { fixture in
            (options.filters.isEmpty || options.filters.contains { Glob.matches($0, fixture.file) })
                && (options.tags.isEmpty || !Set(options.tags).isDisjoint(with: fixture.tags))
        }
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
            return RunResult(fixtures: [], seconds: Date().timeIntervalSince(started), unreachable: "\(error)")
        }
        var unreachable: String?
        let (target, actors, runID, failFast) = (self.target, suite.actors, self.runID, options.failFast)
        let results = await concurrentMap(
            fixtures, limit: options.concurrency,
            { fixture in
                await FixtureExecution(fixture: fixture, target: target, actorSpec: actors, runID: runID, counter: counter).run()
            },
            receive: { _, result in
                reporter?.fixtureFinished(result)
                if let reason = result.failure?.error?.unreachableReason {
                    unreachable = unreachable ?? TargetError.unreachable(reason).description
                    return false
                }
                return !(failFast && result.verdict != .passed)
            })
        var run = RunResult(fixtures: results.compactMap { $0 }, seconds: Date().timeIntervalSince(started), unreachable: unreachable)
        if unreachable != nil && run.passed > 0 { run.unreachable = nil }  // it went away mid-run: report the failures
        if unreachable == nil && !(options.failFast && run.failed > 0) {
            run.derived = await runDerived(fixtures, counter: counter)
        }
        run.seconds = Date().timeIntervalSince(started)
        return run
    }

    /// The checks derived from the selected fixtures' steps, one origin step per task.
    func runDerived(_ fixtures: [Fixture], counter: UniqueCounter) async -> [DerivedResult] {
        guard let contract = suite.api, !options.derive.isEmpty else { return [] }
        let origins = DerivedPlanner(contract: contract, kinds: options.derive, hasSecret: options.jwtSecret != nil).plan(fixtures)
        return await runDerived(origins: origins, contract: contract, counter: counter)
    }

    /// Runs already planned derived checks (the test helpers plan once and hand each fixture its share).
    public func runDerived(origins: [DerivedOrigin], contract: APIContract, counter: UniqueCounter) async -> [DerivedResult] {
        let forger = TokenForger(secret: options.jwtSecret)
        let hasSecret = options.jwtSecret != nil
        let origins = origins.map { origin in
            var copy = origin
            copy.checks = origin.checks.filter { check in
                guard case .forgedToken(let forgery) = check.variant else { return true }
                return !forgery.needsSecret || hasSecret
            }
            return copy
        }
        let (target, actors, runID) = (self.target, suite.actors, self.runID)
        return await concurrentMap(origins, limit: options.concurrency) { origin in
            let execution = FixtureExecution(fixture: origin.fixture, target: target, actorSpec: actors, runID: runID, counter: counter)
            return await DerivedExecution(origin: origin, contract: contract, execution: execution, forger: forger).run()
        }.flatMap { $0 }
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

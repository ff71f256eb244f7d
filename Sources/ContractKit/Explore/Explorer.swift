import Crypto
import Foundation
import JSONCore
import Locking

/// `contract explore`: random but meaningful operation sequences run on a target and an oracle in lock
/// step; the first difference of a session is shrunk to a minimal sequence and written as a fixture whose
/// expectations are the oracle's answers. Deterministic: a seed gives the same sequence.
public struct Explorer: Sendable {
    public struct Options: Sendable {
        public var seed: UInt64 = 1
        /// Steps in all (over every session of this shard).
        public var steps = 2_000
        /// Steps per session: each starts from fresh accounts and a fresh oracle.
        public var sessionLength = 200
        public var actors = 3
        /// Stop starting sessions after this many seconds.
        public var timeLimit: Double?
        /// Run only the sessions `k` of every `n` (1-based), so n machines share one seed range.
        public var shard = (index: 1, count: 1)
        /// Replays allowed to shrink one finding.
        public var shrinkBudget = 150
        /// Sessions run at once (each plays its steps in order, target and oracle side by side).
        public var concurrency = 1
        public init() {}
    }

    /// A difference, shrunk, with the fixture that shows it.
    public struct Finding: Sendable {
        public let seed: UInt64
        /// Steps run in the session before the difference showed.
        public let stepsBefore: Int
        public let route: String
        public let intent: String
        public let differences: [Mismatch]
        public let targetStatus: Int
        public let oracleStatus: Int
        public let steps: [ExploreStep]
        /// The fixture as recorded from the oracle (nil when the sequence cannot be written as one).
        public var fixture: String?
        public var note: String?
        /// The written fixture replayed from fresh state on each side: it must pass on the oracle and fail on
        /// the target, or it is no evidence. Nil when no fixture was written.
        public var replay: (passesOnOracle: Bool, failsOnTarget: Bool)?
        /// Same route and the same kind of place (list positions aside): the same defect found again.
        public var signature: String { Explorer.signature(route, differences) }
        /// A file name that is the same on every machine for the same defect and seed, so the findings of
        /// several shards merge into one folder without clashes: `<route>-<hash of signature>-s<seed>.json`.
        public var fileName: String {
            let slug = route.lowercased().unicodeScalars.map { ("a"..."z").contains($0) || ("0"..."9").contains($0) ? Character($0) : "-" }
            let hash = SHA256.hash(Array(signature.utf8)).prefix(4).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            return String(slug).split(separator: "-").joined(separator: "-") + "-\(hash)-s\(seed).json"
        }
    }

    public struct Report: Sendable {
        public var steps = 0
        public var sessions = 0
        public var seconds = 0.0
        public var findings: [Finding] = []
        /// How often each distinct difference was met (by signature).
        public var occurrences: [String: Int] = [:]
        /// Operations played, by route.
        public var routes: [String: Int] = [:]
        /// Intents played (what each step meant to exercise), by kind.
        public var intents: [String: Int] = [:]
        public var failure: String?
        public var unreachable = false
        /// Steps run before the first difference showed (sessions before it included).
        public var stepsToFirstFinding: Int?
    }

    public struct Progress: Sendable {
        public let steps: Int
        public let total: Int
        public let findings: Int
        public let depth: Int
        public let seconds: Double
    }

    let spec: OpenAPISpec
    let contract: APIContract
    let actorSpec: ActorSpec
    let makeTarget: @Sendable () throws -> any Target
    let makeOracle: @Sendable () throws -> any Target
    let targetSecret: [UInt8]?
    let oracleSecret: [UInt8]?
    let options: Options

    public init(
        spec: OpenAPISpec, contract: APIContract, actors: ActorSpec, target: @escaping @Sendable () throws -> any Target,
        targetSecret: [UInt8]?, oracle: @escaping @Sendable () throws -> any Target, oracleSecret: [UInt8]?, options: Options
    ) {
        self.spec = spec
        self.contract = contract
        actorSpec = actors
        makeTarget = target
        makeOracle = oracle
        self.targetSecret = targetSecret
        self.oracleSecret = oracleSecret
        self.options = options
    }

    /// The sessions this shard runs: the k-th of every n, from the base seed.
    func sessionSeeds() -> [UInt64] {
        let sessions = max(1, (options.steps + options.sessionLength - 1) / options.sessionLength)
        return (0..<(sessions * options.shard.count)).filter { $0 % options.shard.count == options.shard.index - 1 }.prefix(sessions)
            .map { options.seed &+ UInt64($0) }
    }

    /// What one session did: its steps, and its difference if it met one (shrunk).
    struct SessionOutcome: Sendable {
        var steps = 0
        var routes: [String: Int] = [:]
        var intents: [String: Int] = [:]
        var finding: Finding?
        /// The steps that led to the finding, and the session's unique text, for shrinking.
        var played: [(Int, ExploreStep)] = []
        var runToken = ""
        var failure: String?
        var unreachable = false
        var skipped = false
    }

    public func run(stopAtFirstFinding: Bool = false, progress: @escaping @Sendable (Progress) -> Void = { _ in }) async -> Report {
        let started = Date()
        let seeds = sessionSeeds()
        let counter = Locked((steps: 0, findings: 0))
        let total = options.steps
        let length = options.sessionLength
        // Sessions are independent (each has its own accounts and its own fresh oracle), so several run at
        // once; their outcomes merge in seed order, which keeps the report the same whatever finished first.
        let outcomes = await concurrentMap(
            Array(seeds.enumerated()), limit: options.concurrency,
            { position, seed in
                if let limit = options.timeLimit, Date().timeIntervalSince(started) > limit { return SessionOutcome(skipped: true) }
                let budget = min(length, total - position * length)
                return await session(seed: seed, budget: budget) { steps, found in
                    let now = counter.withLock { state -> (steps: Int, findings: Int) in
                        state.steps += steps
                        state.findings += found
                        return state
                    }
                    progress(
                        Progress(steps: now.steps, total: total, findings: now.findings, depth: steps, seconds: Date().timeIntervalSince(started)))
                }
            },
            receive: { _, outcome in !(stopAtFirstFinding && outcome.finding != nil) && outcome.failure == nil })
        var report = Report()
        for outcome in outcomes {
            guard let outcome, !outcome.skipped else { break }
            report.sessions += 1
            report.steps += outcome.steps
            report.routes.merge(outcome.routes, uniquingKeysWith: +)
            report.intents.merge(outcome.intents, uniquingKeysWith: +)
            if let failure = outcome.failure {
                report.failure = failure
                report.unreachable = outcome.unreachable
                break
            }
            if let finding = outcome.finding {
                if report.stepsToFirstFinding == nil { report.stepsToFirstFinding = report.steps - outcome.steps + finding.stepsBefore }
                report.occurrences[finding.signature, default: 0] += 1
                // The first session (in seed order) to meet a difference is the one shrunk and written.
                if report.occurrences[finding.signature] == 1 {
                    report.findings.append(
                        outcome.played.isEmpty ? finding : await shrink(finding, sequence: outcome.played, runToken: outcome.runToken))
                }
                if stopAtFirstFinding { break }
            }
        }
        report.seconds = Date().timeIntervalSince(started)
        return report
    }

    /// One session: fresh accounts on both sides, then up to `budget` steps until the first difference. `tick` hears of progress every 50 steps (steps since the last tick, findings).
    func session(seed: UInt64, budget: Int, tick: (Int, Int) -> Void) async -> SessionOutcome {
        var outcome = SessionOutcome()
        // Names unique to this invocation (a live target keeps the last run's accounts); the steps depend on
        // the seed alone.
        let runToken = Self.makeToken()
        var generator = ExploreGenerator(
            spec: spec, contract: contract, flow: AccountFlow(actorSpec), actors: options.actors,
            canSign: targetSecret != nil && oracleSecret != nil, runToken: runToken, seed: seed)
        var session: ExploreSession
        do {
            session = try await newSession(runToken: runToken)
        } catch {
            if case .targetProvisioning(let failed) = error {
                // Accounts are the first thing every fixture needs: a target that will not make them as the
                // contract says differs from the oracle before any step.
                var finding = Finding(
                    seed: seed, stepsBefore: 0, route: "\(failed.request?.method.rawValue ?? "") \(failed.request?.rawPath ?? "")",
                    intent: "account provisioning (\(failed.name ?? "actors.json"))", differences: failed.mismatches,
                    targetStatus: failed.response?.status ?? 0, oracleStatus: failed.expectedStatuses?.first ?? 0, steps: [])
                finding.note = "the target does not provision accounts as actors.json says: every fixture and session fails on it"
                outcome.finding = finding
                return outcome
            }
            outcome.failure = error.description
            if case .unreachable = error { outcome.unreachable = true }
            return outcome
        }
        var played: [(Int, ExploreStep)] = []
        var sinceTick = 0
        for index in 0..<max(0, budget) {
            guard let step = generator.next(index: index) else { break }
            let exchange: ExploreSession.Exchange?
            do {
                exchange = try await session.play(step, number: index)
            } catch {
                outcome.failure = error.description
                if case .unreachable = error { outcome.unreachable = true }
                return outcome
            }
            guard let exchange else { continue }
            outcome.steps += 1
            sinceTick += 1
            outcome.routes[step.route, default: 0] += 1
            outcome.intents[Self.intentKind(step.intent), default: 0] += 1
            played.append((index, step))
            generator.learn(
                step, index: index, status: exchange.oracleResponse.status, body: try? JSONParser.parse(bytes: exchange.oracleResponse.body))
            if sinceTick == 50 {
                tick(sinceTick, 0)
                sinceTick = 0
            }
            guard !exchange.differences.isEmpty else { continue }
            let finding = Finding(
                seed: seed, stepsBefore: played.count, route: step.route, intent: step.intent, differences: exchange.differences,
                targetStatus: exchange.targetResponse.status, oracleStatus: exchange.oracleResponse.status, steps: played.map(\.1))
            tick(sinceTick, 1)
            outcome.finding = finding
            outcome.played = played
            outcome.runToken = runToken
            return outcome  // the session's state has diverged: a fresh one follows
        }
        tick(sinceTick, 0)
        return outcome
    }

    /// A session's unique text: as long as a run id, so that `{{$run}}` in a written fixture renders strings of
    /// the lengths explore sent (a name at its maximum length stays at it).
    static func makeToken() -> String {
        "x" + Runner.base36(Int.random(in: 0..<2_176_782_336), width: 6) + Runner.base36(Int.random(in: 0..<46_656), width: 3)
    }

    func newSession(runToken: String) async throws(ExploreSession.Failure) -> ExploreSession {
        let target: any Target, oracle: any Target
        do {
            target = try makeTarget()
            oracle = try makeOracle()
        } catch {
            throw .provisioning("\(error)")
        }
        // Each operation's answer model: the kind of the ids its answers hold (a list's items included).
        var kinds: [String: String?] = [:]
        for operation in spec.operations {
            let responses = operation.object["responses"]?.objectValue ?? JSONObject()
            let schema = responses.first { $0.key.hasPrefix("2") }.flatMap { spec.resolved($0.value)["content"]?["application/json"]?["schema"] }
            let reference = schema?["$ref"]?.stringValue ?? schema?["items"]?["$ref"]?.stringValue
            kinds["\(operation.method.uppercased()) \(operation.path)"] = reference?.split(separator: "/").last.map(String.init)
        }
        return try await ExploreSession.start(
            contract: contract, actorSpec: actorSpec, actors: options.actors, runToken: runToken, target: target, targetSecret: targetSecret,
            oracle: oracle, oracleSecret: oracleSecret, kinds: kinds)
    }

    static func signature(_ route: String, _ differences: [Mismatch]) -> String {
        let places = Set(
            differences.map { mismatch -> String in
                switch mismatch.location {
                case .status: return "status"
                case .header(let name): return "header " + name
                default: return "body"
                }
            })
        return route + " " + places.sorted().joined(separator: ",")
    }

    /// What a step meant, without the field it meant it for: `agent_id: another user's` → `another user's`.
    static func intentKind(_ intent: String) -> String {
        let first = intent.split(separator: ";").first ?? Substring(intent)
        let kind = first.firstIndex(of: ":").map { first[first.index(after: $0)...] } ?? first
        return String(kind.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}

import AgentAPI
import ContractSuite
import Crypto
import Foundation
import HTTPCore
import ReferenceFaults
import ReferenceTarget
import Testing

@testable import ContractCLI
@testable import ContractKit

/// `contract explore` is only worth running if it is right in both directions: silent on a correct target
/// whose ids and clocks differ from the oracle's, and loud, with a small fixture that replays, on each defect.
@Suite(.serialized)
struct ExploreTests {
    struct Contracts {
        let spec: OpenAPISpec
        let contract: APIContract
        let actors: ActorSpec
    }

    static func contracts() throws -> Contracts {
        let folder = try #require(BuiltInSuite.contracts)
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: folder) else {
            throw ExploreTestError("the built-in suite does not load")
        }
        let document = try Data(contentsOf: folder.appendingPathComponent("openapi.json"))
        return Contracts(spec: try OpenAPISpec(bytes: Array(document)), contract: try #require(suite.api), actors: suite.actors)
    }

    static func reference(_ mutant: Mutant? = nil) -> @Sendable () throws -> any Target {
        {
            var configuration = AgentAPIConfiguration.testing()
            configuration.passwordIterations = 1
            guard let mutant else { return try ReferenceTarget(configuration: configuration) }
            return ReferenceTarget(service: try mutant.reference(configuration), configuration: configuration)
        }
    }

    static let secret = Array(AgentAPIConfiguration.testing().secretKey.utf8)

    static func explorer(
        target: @escaping @Sendable () throws -> any Target, steps: Int, seed: UInt64 = 1, concurrency: Int = 1
    ) throws
        -> Explorer
    {
        let loaded = try contracts()
        var options = Explorer.Options()
        options.concurrency = concurrency
        options.steps = steps
        options.seed = seed
        return Explorer(
            spec: loaded.spec, contract: loaded.contract, actors: loaded.actors, target: target, targetSecret: secret, oracle: reference(),
            oracleSecret: secret, options: options)
    }

    /// A correct implementation that has served other users before: every user, agent and tool id is shifted,
    /// the tool catalogue already holds someone else's tool, and its clock runs on its own.
    struct LivedIn: Target {
        let inner: ReferenceTarget
        let started = Started()
        var description: String { "a reference with history" }

        actor Started {
            var done = false
            func once(_ body: () async throws -> Void) async rethrows {
                guard !done else { return }
                done = true
                try await body()
            }
        }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            try await started.once {
                func expect(_ status: Int, _ request: HTTPRequest) async throws -> HTTPResponse {
                    let answer = try await inner.send(request)
                    guard answer.status == status else { throw ExploreTestError("history: \(request.target) answered \(answer.status)") }
                    return answer
                }
                for index in 0..<4 {
                    let credentials = #"{"email": "history\#(index)@example.com", "password": "history-password-\#(index)"}"#
                    _ = try await expect(201, json("POST", "/api/v1/users", credentials))
                }
                var login = HTTPRequest(
                    method: .post, target: "/api/v1/auth/login", headers: ["content-type": "application/x-www-form-urlencoded"],
                    body: Array("username=history0%40example.com&password=history-password-0".utf8))
                login.headers.set("host", "test")
                let answer = try await expect(200, login)
                let token = String(decoding: answer.body, as: UTF8.self).split(separator: "\"").dropFirst(3).first.map(String.init) ?? ""
                for index in 0..<3 {
                    let body = #"{"name": "earlier-\#(index)", "model_name": "gpt-4"}"#
                    _ = try await expect(201, json("POST", "/api/v1/agents", body, token: token))
                }
                _ = try await expect(201, json("POST", "/api/v1/tools", #"{"name": "earlier-tool", "description": "from before"}"#, token: token))
            }
            return try await inner.send(request)
        }

        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            try await inner.openWebSocket(target: target, headers: headers)
        }

        func json(_ method: String, _ path: String, _ body: String, token: String? = nil) -> HTTPRequest {
            var headers: HTTPHeaders = ["content-type": "application/json", "host": "test"]
            if let token { headers.set("authorization", "Bearer \(token)") }
            return HTTPRequest(method: HTTPMethod(rawValue: method), target: path, headers: headers, body: Array(body.utf8))
        }
    }

    @Test func aCorrectTargetWithOtherIdsAndClocksShowsNoDifference() async throws {
        let explorer = try Self.explorer(
            target: {
                var configuration = AgentAPIConfiguration.testing()
                configuration.passwordIterations = 1
                return LivedIn(inner: try ReferenceTarget(configuration: configuration))
            }, steps: 1_200, seed: 42)
        let report = await explorer.run()
        #expect(report.failure == nil)
        #expect(report.findings.isEmpty, "\(report.findings.map { "\($0.route): \($0.differences.map(\.explanation))" })")
        #expect(report.steps == 1_200)
        // Meaningful steps: every operation of the contract, and the rules' kinds of values, were exercised.
        #expect(report.routes.count >= 15, "\(report.routes.keys.sorted())")
        for intent in ["another user's", "its own", "one that never existed", "no credentials"] {
            #expect(report.intents.keys.contains { $0.contains(intent) }, "no step meant \(intent): \(report.intents.keys.sorted())")
        }
    }

    /// The mutants that a fixture cannot show, and why each still has a finding: a token signed with the
    /// target's key, a WebSocket session, and accounts the target will not make as actors.json says.
    static let unwritable: Set<Mutant> = [.expiryIgnored, .noOwnershipOnExecutionStream, .createdAs200]

    @Test(arguments: Mutant.allCases)
    func eachMutantIsFoundAndShrunkToAFixtureThatReplays(mutant: Mutant) async throws {
        let explorer = try Self.explorer(target: Self.reference(mutant), steps: 5_000)
        let report = await explorer.run(stopAtFirstFinding: true)
        let finding = try #require(report.findings.first, "\(mutant.rawValue) survived \(report.steps) steps")
        #expect(finding.steps.count <= 8, "\(mutant.rawValue): shrunk to \(finding.steps.count) steps")
        if Self.unwritable.contains(mutant) {
            #expect(finding.fixture == nil)
            #expect(finding.note != nil, "an unwritten finding says why")
        } else {
            let fixture = try #require(finding.fixture, "\(mutant.rawValue): \(finding.note ?? "no fixture")")
            let replay = try #require(finding.replay)
            #expect(replay.passesOnOracle, "\(mutant.rawValue): the fixture fails on the reference\n\(fixture)")
            #expect(replay.failsOnTarget, "\(mutant.rawValue): the fixture passes on the mutant\n\(fixture)")
            guard case .success = FixtureLoader.load(bytes: Array(fixture.utf8), file: "found.json") else {
                Issue.record("\(mutant.rawValue): the written fixture does not pass lint")
                return
            }
        }
    }

    @Test func theSameSeedGivesTheSameSequenceAndFinding() async throws {
        func run(seed: UInt64, concurrency: Int = 1) async throws -> Explorer.Report {
            try await Self.explorer(target: Self.reference(.noOwnershipOnPatch), steps: 3_000, seed: seed, concurrency: concurrency)
                .run(stopAtFirstFinding: true)
        }
        // Sessions that run side by side merge in seed order: the same report whatever finished first.
        let first = try await run(seed: 9), second = try await run(seed: 9, concurrency: 3), other = try await run(seed: 10)
        let a = try #require(first.findings.first), b = try #require(second.findings.first)
        #expect(first.stepsToFirstFinding == second.stepsToFirstFinding)
        #expect(first.routes == second.routes && first.intents == second.intents)
        #expect(a.steps.map(\.route) == b.steps.map(\.route) && a.steps.map(\.intent) == b.steps.map(\.intent))
        #expect(a.fileName == b.fileName, "the same finding gets the same file name in every process")
        #expect(first.routes != other.routes || first.stepsToFirstFinding != other.stepsToFirstFinding, "another seed, another sequence")
    }

    @Test(arguments: [1, 2, 3, 5])
    func shardsSplitOneSeedRangeWithoutOverlap(count: Int) throws {
        var options = Explorer.Options()
        options.seed = 100
        options.steps = 1_000
        options.sessionLength = 100
        let loaded = try Self.contracts()
        func seeds(_ index: Int, of count: Int, steps: Int) -> [UInt64] {
            var sharded = options
            sharded.shard = (index, count)
            sharded.steps = steps
            return Explorer(
                spec: loaded.spec, contract: loaded.contract, actors: loaded.actors, target: Self.reference(), targetSecret: nil,
                oracle: Self.reference(), oracleSecret: nil, options: sharded
            ).sessionSeeds()
        }
        let shards = (1...count).map { seeds($0, of: count, steps: 1_000) }
        #expect(shards.allSatisfy { $0.count == 10 }, "each shard runs the steps asked for")
        #expect(Set(shards.flatMap { $0 }).count == 10 * count, "no session runs on two shards")
        #expect(shards.flatMap { $0 }.sorted() == seeds(1, of: 1, steps: 1_000 * count), "together: one machine's seed range")
    }

    @Test func findingsAreNamedByRouteDifferenceAndSeed() {
        let finding = Explorer.Finding(
            seed: 7, stepsBefore: 3, route: "GET /api/v1/agents/{agent_id}", intent: "agent_id: another user's",
            differences: [Mismatch(.status, .wrongStatus, expected: .statuses([403]), actual: .integer(200))],
            targetStatus: 200, oracleStatus: 403, steps: [])
        #expect(finding.fileName.hasPrefix("get-api-v1-agents-agent-id-"))
        #expect(finding.fileName.hasSuffix("-s7.json"))
        // SHA-256 of the signature, not Swift's per-process hash: shards on other machines name it alike.
        #expect(finding.fileName == "get-api-v1-agents-agent-id-\(Self.hex(SHA256Check.prefix("GET /api/v1/agents/{agent_id} status")))-s7.json")
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined() }

    @Test func exitCodesSayWhatHappened() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("explore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        #expect(await contract(["explore", "--steps", "300", "--seed", "3"]) == 0, "the reference against itself")
        #expect(
            await contract(["explore", "--mutant", "no-ownership-get", "--steps", "2000", "--seed", "3", "--out", out.path]) == 1)
        let written = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("found").path)
        #expect(written.count == 1 && written.allSatisfy { $0.hasPrefix("get-api-v1-agents-agent-id-") }, "\(written)")
        #expect(await contract(["explore", "--target", "http://127.0.0.1:9", "--steps", "10"]) == 3)
        #expect(await contract(["explore", "--shard", "3/2"]) == 2)
        #expect(await contract(["explore", "--steps", "0"]) == 2)
    }
}

/// The first four bytes of a SHA-256, computed here independently of the explorer's code path.
enum SHA256Check {
    static func prefix(_ text: String) -> [UInt8] {
        Array(SHA256.hash(Array(text.utf8)).prefix(4))
    }
}

struct ExploreTestError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

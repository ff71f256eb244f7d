import AgentAPI
import ContractSuite
import Foundation
import HTTPCore
import JSONCore
import Locking
import ReferenceTarget
import Testing

@testable import ContractKit

/// How a run ends and what it says when things go wrong around the checks: a target that goes away, a run
/// stopped early, reports that cannot be written or share standard output, long values, another status.
@Suite(.serialized)
struct RunVerdictTests {
    /// Answers like the reference for `answers` requests, then refuses every connection, as a server that died.
    struct Dying: Target {
        let inner: ReferenceTarget
        let answers: Int
        let sent = Locked(0)
        var description: String { inner.description }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let count = sent.withLock { count in
                count += 1
                return count
            }
            if count > answers { throw TargetError.unreachable("connection refused") }
            return try await inner.send(request)
        }
        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            try await inner.openWebSocket(target: target, headers: headers)
        }
        func checkReachable() async throws { try await inner.checkReachable() }
    }

    @Test func aTargetThatDiesMidRunEndsItWithExitThreeAndNamesWhatDidNotRun() async throws {
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: try #require(BuiltInSuite.contracts))
        else { throw ExploreTestError("the built-in suite does not load") }
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        let target = Dying(inner: ReferenceTarget(service: try AgentAPI(configuration), configuration: configuration), answers: 60)
        var options = Runner.Options()
        options.concurrency = 2
        let result = await Runner(suite: suite, target: target, options: options).run()
        #expect(result.exitCode == 3)
        #expect(result.unreachable?.contains("connection refused") == true)
        #expect(!result.notRun.isEmpty && result.fixtures.count + result.notRun.count == suite.fixtures.count)
        #expect(result.derived.isEmpty, "no derived check runs against a target that went away")
        let json = FileReporter(kind: .json, path: "-").render(result)
        let report = try JSONParser.parse(bytes: Array(json.utf8))
        #expect(report["exit_code"] == 3)
        #expect(report["not_run"]?.arrayValue?.count == result.notRun.count)
    }

    @Test func failFastSaysHowManyFixturesDidNotRun() async {
        let run = await contractOutput(["run", "--mutant", "no-ownership-get", "--fail-fast", "--concurrency", "1", "--no-derive"])
        #expect(run.code == 1)
        let all = run.output + run.error
        #expect(
            all.range(of: #"\d+ fixtures? did not run \(--fail-fast stopped the run\)"#, options: .regularExpression) != nil, "\(all.suffix(600))")
    }

    @Test func anotherStatusIsSaidFirstWithoutTheBodysDifferences() async {
        let run = await contractOutput([
            "run", "--mutant", "execute-missing-agent-500", "--filter", "defects/execute-missing-agent-is-404-not-500.json", "--no-derive",
        ])
        #expect(run.code == 1)
        let all = run.output + run.error
        #expect(all.contains("status: expected 404, got 500"), "\(all)")
        #expect(!all.contains("$strict"), "no advice about strict matching when the status differs")
        #expect(!all.contains("$.detail: different value"))
        #expect(all.contains("(1 difference in the body not listed: with another status the body is another answer)"))
    }

    @Test func aLongValueIsShortenedWithItsLength() {
        var step = StepOutcome(number: 1, name: "reads a big answer")
        step.request = HTTPRequest(method: .get, target: "/big")
        step.response = HTTPResponse(status: 200, body: Array("{}".utf8))
        step.expectedStatuses = [200]
        let big = String(repeating: "x", count: 1_000_000)
        step.mismatches = [Mismatch(.body(JSONPath(components: [.key("payload")])), .differentValue, expected: .value("small"), actual: .string(big))]
        let result = FixtureResult(
            file: "big.json", description: "a big value", tags: [], verdict: .failed, steps: [step], secrets: Secrets(), seconds: 0,
            targetURL: "http://localhost")
        let text = FailureReport().text(for: result) ?? ""
        #expect(text.count < 2_000, "\(text.count) characters")
        // The value as JSON (with its quotes), cut, with its whole length.
        #expect(text.contains("(1000002 characters in all)"), "\(text.suffix(200))")
    }

    @Test func aReportThatCannotBeWrittenStopsTheRunBeforeItStarts() async {
        let run = await contractOutput(["run", "--report", "json=/no/such/folder/report.json"])
        #expect(run.code == 2)
        #expect(run.error.contains("/no/such/folder"), "\(run.error)")
        #expect(!run.output.contains("passed"), "nothing ran")
    }

    @Test func aReportOnStandardOutputHasItToItself() async throws {
        let run = await contractOutput(["run", "--filter", "agents/create-agent-returns-201-with-defaults.json", "--report", "json=-"])
        #expect(run.code == 0)
        let report = try JSONParser.parse(bytes: Array(run.output.utf8))
        #expect(report["schema"] == "agent-contract/run-report")
        #expect(run.error.contains("1 passed"), "the human report moves to standard error")
        let two = await contractOutput(["run", "--report", "json=-", "--report", "tap=-"])
        #expect(two.code == 2)
    }

    @Test func checksThatCannotApplyAreSkippedInJUnit() async throws {
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: try #require(BuiltInSuite.contracts))
        else { throw ExploreTestError("the built-in suite does not load") }
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        var options = Runner.Options()
        options.filters = ["agents/create-agent-returns-201-with-defaults.json"]
        // No signing key: the validly signed forgeries cannot be made.
        let target = ReferenceTarget(service: try AgentAPI(configuration), configuration: configuration)
        let result = await Runner(suite: suite, target: target, options: options).run()
        let skipped = result.derived.filter { if case .skipped = $0.verdict { true } else { false } }
        #expect(result.exitCode == 0 && !skipped.isEmpty)
        let xml = FileReporter(kind: .junit, path: "-").render(result)
        #expect(xml.components(separatedBy: "<skipped message=").count - 1 == skipped.count, "\(xml.prefix(400))")
        #expect(xml.contains("skipped=\"\(skipped.count)\""))
    }

    /// `--openapi-from-target` validates against the document the target serves, not the contract's: a target
    /// whose document is not JSON stops the run with exit 2 before anything is sent.
    @Test func theTargetsOwnDocumentIsTheOneValidatedAgainst() async throws {
        let api = try AgentAPI(.testing())
        let broken = Locked(false)
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = try HTTPServer(configuration: configuration) { request in
            if request.target == "/openapi.json" && broken.current { return HTTPResponse(status: 200, body: Array("not json".utf8)) }
            return await api.handle(request)
        }
        let port = try server.start()
        let url = "http://127.0.0.1:\(port)"
        let fixture = "agents/create-agent-returns-201-with-defaults.json"
        let own = await contractOutput(["run", "--target", url, "--filter", fixture, "--no-derive", "--validate-responses", "--openapi-from-target"])
        #expect(own.code == 0, "\(own.error)")
        broken.withLock { $0 = true }
        let refused = await contractOutput([
            "run", "--target", url, "--filter", fixture, "--no-derive", "--validate-responses", "--openapi-from-target",
        ])
        #expect(refused.code == 2 && refused.error.contains("openapi.json"), "\(refused.error)")
        let contracts = await contractOutput(["run", "--target", url, "--filter", fixture, "--no-derive", "--validate-responses"])
        #expect(contracts.code == 0, "the contract's document does not depend on the target's: \(contracts.error)")
        let alone = await contractOutput(["run", "--target", url, "--filter", fixture, "--openapi-from-target"])
        #expect(alone.code == 2 && alone.error.contains("--openapi-from-target goes with --validate-responses"))
        await server.shutdown()
    }

    /// Answers as the reference does, except that a validation refusal is a 400 with a body of its own.
    struct PlainRefusals: Target {
        let inner: ReferenceTarget
        var description: String { inner.description }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let response = try await inner.send(request)
            guard response.status == 422 else { return response }
            return HTTPResponse(status: 400, body: Array(#"{"error": "invalid input"}"#.utf8))
        }
        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            try await inner.openWebSocket(target: target, headers: headers)
        }
        func checkReachable() async throws { try await inner.checkReachable() }
    }

    /// The generic validation dialect: a refusal is its status, whatever the body says; another status fails.
    @Test func aGenericAPIsRefusalIsItsStatus() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("generic-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(at: try #require(BuiltInSuite.contracts), to: dir)
        let api = dir.appendingPathComponent("api.json")
        guard case .object(var contract) = try JSONParser.parse(bytes: Array(try Data(contentsOf: api))) else {
            throw ExploreTestError("api.json is not an object")
        }
        contract["validationErrors"] = ["dialect": "generic", "status": 400]
        try Data(JSONWriter.pretty(.object(contract)).utf8).write(to: api)
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: dir)
        else { throw ExploreTestError("the suite with a generic dialect does not load") }
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        var options = Runner.Options()
        options.filters = ["agents/create-agent-returns-201-with-defaults.json"]
        options.derive = [.validation]
        let reference = ReferenceTarget(service: try AgentAPI(configuration), configuration: configuration)
        let plain = await Runner(suite: suite, target: PlainRefusals(inner: reference), options: options).run()
        #expect(plain.exitCode == 0 && plain.derived.count > 10, "\(plain.derived.filter { $0.verdict == .failed }.map(\.title).prefix(3))")
        let pydantic = await Runner(suite: suite, target: reference, options: options).run()
        let refusals = pydantic.derived.filter { $0.verdict == .failed }
        #expect(!refusals.isEmpty && refusals.allSatisfy { $0.outcome.response?.status == 422 }, "a 422 is not the contract's 400")
    }
}

import AgentAPI
import ContractCLI
import ContractKit
import ContractSuite
import Foundation
import HTTPCore
import JSONCore
import ReferenceFaults
import ReferenceTarget
import Testing

/// Recording turns scripts into fixtures that pass again, byte for byte the same, with no secret inside.
@Suite(.serialized)
struct RecordingTests {
    static let builtIn: Suite? = {
        guard let fixtures = BuiltInSuite.fixtures, let contracts = BuiltInSuite.contracts,
            case .success(let suite) = Suite.load(fixtures: fixtures, contracts: contracts)
        else { return nil }
        return suite
    }()

    /// Suite fixtures with request steps only, made into scripts by dropping every `expect`.
    static let scriptFiles = [
        "agents/create-agent-with-tools-and-parent.json", "ownership/get-foreign-agent-is-403.json",
        "executions/execute-is-202-pending-then-completed.json", "soft-delete/deleted-agent-is-not-found-everywhere.json",
        "users/me-returns-the-caller.json", "validation/agent-name-length-1-to-100.json",
    ]

    static func script(_ file: String) throws -> [UInt8] {
        let url = try #require(BuiltInSuite.fixtures).appendingPathComponent(file)
        guard case .object(var document) = try JSONParser.parse(bytes: Array(try Data(contentsOf: url)), options: .strict),
            case .array(let steps)? = document["steps"]
        else { throw CocoaError(.fileReadCorruptFile) }
        document["steps"] = .array(
            steps.map { step in
                guard case .object(var object) = step else { return step }
                object["expect"] = nil
                return .object(object)
            })
        return Array(JSONWriter.pretty(.object(document)).utf8)
    }

    func reference() throws -> ReferenceTarget {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        return try ReferenceTarget(configuration: configuration)
    }

    func run(_ text: String, file: String, against target: any Target) async throws -> RunResult {
        let suite = try #require(Self.builtIn)
        guard case .success(let fixture) = FixtureLoader.load(bytes: Array(text.utf8), file: file) else {
            Issue.record("the recorded fixture does not load:\n\(text)")
            throw CocoaError(.fileReadCorruptFile)
        }
        var options = Runner.Options()
        options.derive = []
        return await Runner(suite: Suite(fixtures: [fixture], actors: suite.actors, api: suite.api), target: target, options: options).run()
    }

    @Test(arguments: scriptFiles)
    func recordedFixturesPassAgainOnTheReferenceAndOverHTTP(file: String) async throws {
        let suite = try #require(Self.builtIn)
        let recording = try await Recorder(target: try reference(), actors: suite.actors).record(try Self.script(file), file: file, mode: .missing)
        #expect(!recording.recordedSteps.isEmpty)
        let fresh = try await run(recording.text, file: file, against: try reference())
        #expect(fresh.exitCode == 0, "\(fresh.fixtures.compactMap { FailureReport().text(for: $0) })")

        let api = try AgentAPI(.testing())
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = try HTTPServer(
            configuration: configuration, handler: { await api.handle($0) },
            webSocketHandler: { await api.handleWebSocket($0, channel: $1) })
        let port = try server.start()
        let served = try await run(
            recording.text, file: file, against: try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:\(port)"))))
        await server.shutdown()
        #expect(served.exitCode == 0, "\(served.fixtures.compactMap { FailureReport().text(for: $0) })")
    }

    @Test func recordingTwiceGivesIdenticalBytesAndNoSecrets() async throws {
        let suite = try #require(Self.builtIn)
        for file in Self.scriptFiles {
            let recorder = Recorder(target: try reference(), actors: suite.actors)
            let first = try await recorder.record(try Self.script(file), file: file, mode: .all)
            let second = try await Recorder(target: try reference(), actors: suite.actors).record(try Self.script(file), file: file, mode: .all)
            #expect(first.text == second.text, "\(file) recorded differently the second time")
            #expect(!first.text.contains("eyJ"), "a token in \(file)")
            #expect(!first.text.contains("pw-"), "an actor password in \(file)")
            #expect(first.text.hasPrefix("{\n  \"description\""))
        }
    }

    @Test func literalIdsInLaterRequestsBecomeCaptures() async throws {
        let suite = try #require(Self.builtIn)
        let script = """
            {"description": "literal ids", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "A", "model_name": "gpt-4"}}},
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "B", "model_name": "gpt-4", "parent_id": 1}}},
              {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/1/subagents"}}]}
            """
        let recording = try await Recorder(target: try reference(), actors: suite.actors).record(Array(script.utf8), file: "ids.json", mode: .missing)
        #expect(recording.text.contains("\"parent_id\": \"{{agent}}\""))
        #expect(recording.text.contains("\"path\": \"/api/v1/agents/{{agent}}/subagents\""))
        #expect(recording.text.contains("\"agent\": \"$.id\""))
        #expect(try await run(recording.text, file: "ids.json", against: try reference()).exitCode == 0)
    }

    @Test func failedModeRewritesOnlyWhatNoLongerPasses() async throws {
        let suite = try #require(Self.builtIn)
        let script = """
            {"description": "stale", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "GET", "path": "/health"}, "expect": {"status": 200, "json": {"status": "ok"}}},
              {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents"}, "expect": {"status": 200, "json": ["stale"]}}]}
            """
        let recording = try await Recorder(target: try reference(), actors: suite.actors).record(
            Array(script.utf8), file: "stale.json", mode: .failed)
        #expect(recording.recordedSteps == [2])
        #expect(try await run(recording.text, file: "stale.json", against: try reference()).exitCode == 0)
    }

    /// On a fresh target alice is user 1 and her first agent is agent 1: the recorder must still tell her id
    /// from the agent's (a spare actor between the passes makes them differ in the second one).
    @Test func aUserIdEqualToAResourceIdIsRecordedAsTheUser() async throws {
        let suite = try #require(Self.builtIn)
        let script = """
            {"description": "ids that coincide", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "A", "model_name": "gpt-4"}}, "capture": {"agent": "$.id"}},
              {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/{{agent}}"}}]}
            """
        let recording = try await Recorder(target: try reference(), actors: suite.actors).record(Array(script.utf8), file: "ids.json", mode: .missing)
        #expect(!recording.text.contains(#""created_by_id": "{{agent}}""#), "\(recording.text)")
        #expect(recording.text.components(separatedBy: #""created_by_id": "{{alice.id}}""#).count == 3, "both steps name the owner")
        #expect(try await run(recording.text, file: "ids.json", against: try reference()).exitCode == 0)
    }

    /// A `{{$unique}}` value echoed in an answer is `<run>-<counter>`: the counter depends on what the run drew
    /// before, so the recording must not freeze it (`name-{{$run}}-4` failed every later run).
    @Test func anEchoedUniqueValueIsNotFrozen() async throws {
        let suite = try #require(Self.builtIn)
        let script = """
            {"description": "a unique name echoed", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/tools", "json": {"name": "tool-{{$unique}}"}}}]}
            """
        let recording = try await Recorder(target: try reference(), actors: suite.actors).record(Array(script.utf8), file: "u.json", mode: .missing)
        #expect(!recording.text.contains("{{$run}}-"), "\(recording.text)")
        #expect(try await run(recording.text, file: "u.json", against: try reference()).exitCode == 0)
        // A run that drew other unique values first still passes.
        let twice = recording.text.replacingOccurrences(
            of: #""steps": ["#,
            with:
                #""steps": [{"as": "alice", "request": {"method": "POST", "path": "/api/v1/tools", "json": {"name": "first-{{$unique}}"}}, "expect": {"status": 201}}, "#
        )
        #expect(try await run(twice, file: "u.json", against: try reference()).exitCode == 0, "\(twice)")
    }

    /// A hand-written fixture keeps its own layout unless a step is recorded: `missing` and `failed` on a
    /// complete, passing fixture change no byte (the file may be a reviewer's careful formatting).
    @Test(arguments: [Recorder.Mode.missing, .failed])
    func aCompleteFixtureIsLeftByteForByte(mode: Recorder.Mode) async throws {
        let suite = try #require(Self.builtIn)
        let url = try #require(BuiltInSuite.fixtures).appendingPathComponent("ownership/delete-foreign-agent-is-404.json")
        let original = Array(try Data(contentsOf: url))
        let recording = try await Recorder(target: try reference(), actors: suite.actors).record(original, file: "own.json", mode: mode)
        #expect(!recording.changed && recording.recordedSteps.isEmpty)
        #expect(Array(recording.text.utf8) == original)
    }

    @Test func diffFindsTheMutantsDifferenceAndNothingElse() async throws {
        let suite = try #require(Self.builtIn)
        let fixtures = suite.fixtures.filter { $0.file.hasPrefix("ownership/") || $0.file.hasPrefix("agents/") }
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        let same = await TargetDiff(suite: suite, first: try reference(), second: try reference()).run(fixtures)
        #expect(same.isEmpty, "\(same.map { "\($0.fixture) step \($0.step): \($0.differences)" })")
        let broken = ReferenceTarget(service: try Mutant.forbiddenAs404.reference(configuration), configuration: configuration)
        let mutated = await TargetDiff(suite: suite, first: try reference(), second: broken).run(fixtures)
        #expect(!mutated.isEmpty)
        for step in mutated {
            #expect(
                step.differences.allSatisfy { $0.location == .status && $0.expected == .statuses([403]) && $0.actual == .integer(404) },
                "\(step.fixture) step \(step.step): \(step.differences)")
        }
    }

    @Test func theProxyRecordsACurlSessionThatReplays() async throws {
        let suite = try #require(Self.builtIn)
        let api = try AgentAPI(.testing())
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let upstream = try HTTPServer(configuration: configuration, handler: { await api.handle($0) })
        let upstreamPort = try upstream.start()
        let proxy = try RecordingProxy(target: try #require(URL(string: "http://127.0.0.1:\(upstreamPort)")))
        let front = try HTTPServer(configuration: configuration, handler: { await proxy.handle($0) })
        let port = try front.start()
        let base = "http://127.0.0.1:\(port)"
        let password = "curl-secret-\(UUID().uuidString.prefix(8))"
        _ = try await curl([
            "-X", "POST", "\(base)/api/v1/users", "-H", "content-type: application/json",
            "-d", #"{"email":"Someone@Example.com","password":"\#(password)"}"#,
        ])
        let login = try await curl(["-X", "POST", "\(base)/api/v1/auth/login", "-d", "username=someone@example.com&password=\(password)"])
        let token = try #require(try JSONParser.parse(login)["access_token"]?.stringValue)
        _ = try await curl([
            "-X", "POST", "\(base)/api/v1/agents", "-H", "authorization: Bearer \(token)", "-H", "content-type: application/json",
            "-d", #"{"name":"Via proxy","model_name":"gpt-4"}"#,
        ])
        _ = try await curl(["\(base)/api/v1/agents/1", "-H", "authorization: Bearer \(token)"])
        _ = try await curl(["\(base)/api/v1/agents"])
        await front.shutdown()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("proxy-\(UUID().uuidString)")
        let files = try await proxy.writeFixtures(to: directory, recorder: Recorder(target: try reference(), actors: suite.actors))
        await upstream.shutdown()
        let file = try #require(files.first)
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(!text.contains(password) && !text.contains(token), "no password or token on disk")
        #expect(text.contains("\"as\": \"alice\""))
        #expect(text.contains("/api/v1/agents/{{agent}}"))
        let replay = try await run(text, file: "session-1.json", against: try reference())
        #expect(replay.exitCode == 0, "\(replay.fixtures.compactMap { FailureReport().text(for: $0) })\n\(text)")
    }

    /// Runs curl (off the cooperative pool) and returns its output.
    func curl(_ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["curl", "-sS", "--max-time", "30"] + arguments
                let pipe = Pipe()
                process.standardOutput = pipe
                do {
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    continuation.resume(returning: String(decoding: data, as: UTF8.self))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }
}

/// Recording never writes a fixture lint would reject, and stops where the answer makes a script meaningless.
@Suite(.serialized)
struct RecordingSafetyTests {
    func recorder() throws -> Recorder {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        let suite = try #require(RecordingTests.builtIn)
        return Recorder(target: try ReferenceTarget(configuration: configuration), actors: suite.actors)
    }

    @Test func aValueHoldingTwoActorPropertiesBecomesOneTemplateThatLintAccepts() async throws {
        let script = """
            {"description": "a name made of an email", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents",
               "json": {"name": "Sidekick of {{alice.email}}", "model_name": "gpt-4"}}}]}
            """
        let recording = try await recorder().record(Array(script.utf8), file: "sidekick.json", mode: .missing)
        #expect(recording.text.contains(#""name": "Sidekick of {{alice.email}}""#), "\(recording.text)")
        #expect(!recording.text.contains("{{{{"))
        guard case .success = FixtureLoader.load(bytes: Array(recording.text.utf8), file: "sidekick.json") else {
            Issue.record("the recording does not pass lint:\n\(recording.text)")
            return
        }
    }

    @Test func aCaptureThatFindsNothingStopsTheRecordingAndShowsTheAnswer() async throws {
        let script = """
            {"description": "an agent that is refused", "actors": ["alice"], "steps": [
              {"name": "refused", "as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": " padded "}},
               "capture": {"agent": "$.id"}},
              {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/{{agent}}"}}]}
            """
        let recorder = try recorder()
        do {
            _ = try await recorder.record(Array(script.utf8), file: "refused.json", mode: .missing)
            Issue.record("a script whose capture found nothing was recorded")
        } catch {
            #expect(error.kind == .answer)
            #expect(error.description.hasPrefix("refused.json step 1 (refused): capture agent found nothing; the answer was 422 {\"detail\":"))
        }
    }

    @Test func theCommandExitsOneAndWritesNothingWhenAnAnswerMakesAScriptUnrecordable() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = folder.appendingPathComponent("refused.json")
        let text = """
            {"description": "refused", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {}}, "capture": {"agent": "$.id"}}]}
            """
        try Data(text.utf8).write(to: script)
        #expect(await contract(["record", script.path, "--out", folder.appendingPathComponent("out").path]) == 1)
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/refused.json").path))
    }
}

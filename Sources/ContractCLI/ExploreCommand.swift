import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import JSONCore
import ReferenceFaults
import ReferenceTarget

/// `contract explore`: model-based differential testing, with the in-process reference as the oracle.
enum ExploreCommand {
    static let against = Option.value("--against", "URL", "the oracle: 'reference' (default, in-process) or a second server")
    static let againstSecret = Option.value(
        "--against-jwt-secret", "KEY", "the oracle server's token key (default: --jwt-secret, as two versions of one service share it)")
    static let seed = Option.value("--seed", "S", "the base seed (default: random, printed)", check: .integer(0...Int.max))
    static let steps = Option.value("--steps", "N", "steps to run in all (default: 2000)", check: .integer(1...10_000_000))
    static let actors = Option.value("--actors", "K", "accounts per session (default: 3)", check: .integer(1...8))
    static let time = Option.value("--time", "SECONDS", "stop starting sessions after this long", check: .seconds(limit: 86_400, zeroAllowed: false))
    static let out = Option.value("--out", "DIR", "write each finding as a fixture: DIR/found/<route>-<hash>.json")
    static let shard = Option.value("--shard", "k/n", "run the k-th of every n sessions (one seed range over n machines)")
    static let stopAtFirst = Option.flag("--stop-at-first", "stop at the first difference (shrunk and written as usual)")
    static let concurrency = Option.value(
        "--concurrency", "N", "sessions at once (default: the processor count in process, 1 against a server)", check: .integer(1...64))
    static let sessionLength = Option.value("--session", "N", "steps per session before fresh accounts (default: 200)", check: .integer(2...100_000))

    static let command = Command(
        name: "explore", summary: "generate operation sequences, compare a target with an oracle, shrink differences to fixtures",
        description: """
            Generate random but meaningful sequences of operations from the contract (api.json, actors.json and
            openapi.json) across several accounts: creations, reads, changes, deletions, lists with random windows,
            logins; bodies valid, at and past each bound, of the wrong type, with unknown or missing fields; ids of
            the account, of another account, deleted or never created; forged and missing credentials. Each step
            runs on the target and on the oracle in lock step and their answers are compared, ids mapped one to
            one and timestamps by their order. A difference is shrunk to a minimal sequence and written (with
            --out) as a fixture whose expectations are the oracle's answers. The same seed gives the same steps.
            """,
        options: [
            .target, against, againstSecret, .contracts, seed, steps, actors, time, out, shard, sessionLength, concurrency, stopAtFirst,
            RunCommand.jwtSecret, TargetSelection.mutant,
            RunCommand.report, .timeout,
        ],
        footer: "Exit codes: 0 no difference, 1 differences found, 2 bad usage or files, 3 a target unreachable.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let location = try SuiteLocation.resolve(fixtures: nil, contracts: arguments.value(.contracts), pairs: false)
        guard let actorSpec = ActorSpec.loadFile(location.contracts.appendingPathComponent("actors.json")) else { return 2 }
        guard let apiData = FileManager.default.contents(atPath: location.contracts.appendingPathComponent("api.json").path),
            case .success(let contract) = APIContract.load(bytes: Array(apiData), file: "api.json"),
            let documentData = FileManager.default.contents(atPath: location.contracts.appendingPathComponent("openapi.json").path),
            let spec = try? OpenAPISpec(bytes: Array(documentData))
        else {
            throw UsageError("explore needs api.json, actors.json and openapi.json in \(location.contracts.path)")
        }
        var options = Explorer.Options()
        options.seed = arguments.value(seed).flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(Int32.max))
        options.steps = arguments.integer(steps, default: 2000)
        options.actors = arguments.integer(Self.actors, default: 3)
        options.sessionLength = arguments.integer(sessionLength, default: 200)
        options.timeLimit = arguments.value(time).flatMap(Double.init)
        if let text = arguments.value(shard) { options.shard = try Shard.parse(text) }

        // The oracle: a fresh in-process reference per session (cheap hashing: it changes no answer), or a server.
        let reference: @Sendable () throws -> ReferenceTarget = {
            var configuration = AgentAPIConfiguration.testing()
            configuration.passwordIterations = 1
            return try ReferenceTarget(configuration: configuration)
        }
        var oracleSecret: [UInt8]? = Array(AgentAPIConfiguration.testing().secretKey.utf8)
        let makeOracle: @Sendable () throws -> any Target
        var targetSecret = (arguments.value(RunCommand.jwtSecret) ?? ProcessInfo.processInfo.environment["CONTRACT_JWT_SECRET"]).map {
            Array($0.utf8)
        }
        if let url = arguments.value(against), url != "reference" {
            let oracle = try TargetSelection(url: url).make()
            makeOracle = { oracle }
            oracleSecret = arguments.value(againstSecret).map { Array($0.utf8) } ?? targetSecret
        } else {
            guard arguments.value(againstSecret) == nil else { throw UsageError("--against-jwt-secret needs --against URL") }
            try requireAgentAPI(spec)
            makeOracle = { try reference() }
        }
        let selection = try TargetSelection(arguments)
        let makeTarget: @Sendable () throws -> any Target
        let targetName: String
        if selection.url == nil {
            // In process: a fresh reference (with the defect asked for) per session.
            let mutant = selection.mutant
            targetSecret = Array(AgentAPIConfiguration.testing().secretKey.utf8)
            makeTarget = {
                var configuration = AgentAPIConfiguration.testing()
                configuration.passwordIterations = 1
                guard let mutant else { return try ReferenceTarget(configuration: configuration) }
                return ReferenceTarget(service: try mutant.reference(configuration), configuration: configuration)
            }
            targetName = "the in-process reference" + (mutant.map { " with \($0.rawValue)" } ?? "")
        } else {
            let target = try selection.make()
            do {
                try await target.checkReachable()
            } catch {
                ContractCommand.printError("Error: \(error)")
                return 3
            }
            makeTarget = { target }
            targetName = target.description
        }
        // In process both sides share this machine's cores; a server is driven one session at a time unless asked.
        let inProcess = selection.url == nil && (arguments.value(against) ?? "reference") == "reference"
        options.concurrency = arguments.integer(concurrency, default: inProcess ? ProcessInfo.processInfo.activeProcessorCount : 1)
        let reporters = try RunCommand.fileReporters(arguments.values(RunCommand.report), showSecrets: false)
        let explorer = Explorer(
            spec: spec, contract: contract, actors: actorSpec, target: makeTarget, targetSecret: targetSecret, oracle: makeOracle,
            oracleSecret: oracleSecret, options: options)
        let interactive = isatty(FileHandle.standardError.fileDescriptor) != 0 && ProcessInfo.processInfo.environment["CI"] == nil
        Console.print(
            "Exploring \(targetName) against \(arguments.value(against) ?? "the in-process reference"): seed \(options.seed), "
                + "\(options.steps) steps, \(options.actors) accounts per session"
                + (options.shard.count > 1 ? ", shard \(options.shard.index)/\(options.shard.count)" : ""))
        let report = await explorer.run(stopAtFirstFinding: arguments.flag(stopAtFirst)) { progress in
            guard interactive else { return }
            let rate = progress.seconds > 0 ? Int(Double(progress.steps) / progress.seconds) : 0
            FileHandle.standardError.write(
                Data("\r\(progress.steps)/\(progress.total) steps, \(rate)/s, \(progress.findings) found, depth \(progress.depth)   ".utf8))
        }
        if interactive { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        if let failure = report.failure {
            ContractCommand.printError("Error: \(failure)")
            if report.unreachable { return 3 }
            if report.steps == 0 { return 2 }
        }
        var written: [String] = []
        if let directory = arguments.value(out) {
            let found = URL(fileURLWithPath: directory).appendingPathComponent("found")
            try FileManager.default.createDirectory(at: found, withIntermediateDirectories: true)
            for finding in report.findings {
                guard let fixture = finding.fixture else { continue }
                let url = found.appendingPathComponent(finding.fileName)
                try Data(fixture.utf8).write(to: url)
                written.append(url.path)
            }
        }
        for finding in report.findings {
            Console.print(
                "✘ FOUND \(finding.route) (\(finding.intent)) — seed \(finding.seed), after \(finding.stepsBefore) steps, shrunk to \(finding.steps.count)"
            )
            Console.print("  target \(finding.targetStatus), oracle \(finding.oracleStatus)")
            for mismatch in finding.differences.prefix(5) {
                Console.print("  \(mismatch.place): \(mismatch.explanation)")
                if let expected = mismatch.expectedText { Console.print("    - oracle: \(expected)") }
                Console.print("    + target: \(mismatch.actualText)")
            }
            if let note = finding.note { Console.print("  note: \(note)") }
            if let replay = finding.replay {
                Console.print(
                    "  replayed from fresh state: " + (replay.passesOnOracle ? "passes on the oracle" : "FAILS ON THE ORACLE") + ", "
                        + (replay.failsOnTarget ? "fails on the target" : "PASSES ON THE TARGET"))
            }
            if let path = written.first(where: { $0.hasSuffix("/" + finding.fileName) }) { Console.print("  fixture: \(path)") }
        }
        // The operations of the document and of api.json (which also names the WebSocket routes).
        let known = Set(spec.operations.map { "\($0.method.uppercased()) \($0.path)" } + contract.routes.map { "\($0.method) \($0.path)" }).sorted()
        let perSecond = report.seconds > 0 ? Double(report.steps) / report.seconds : 0
        let rate = perSecond >= 10 ? String(Int(perSecond)) : String(format: "%.1f", perSecond)
        let others = report.occurrences.values.reduce(0, +) - report.findings.count
        Console.print(
            (report.findings.isEmpty ? "✔ no difference" : "✘ \(report.findings.count) difference\(report.findings.count == 1 ? "" : "s")")
                + (others > 0 ? " (met \(others) more time\(others == 1 ? "" : "s"))" : "")
                + " — \(report.steps) steps in \(report.sessions) session\(report.sessions == 1 ? "" : "s"), \(String(format: "%.1f", report.seconds)) s, \(rate) steps/s; "
                + "\(report.routes.count) of \(known.count) operations")
        let byCount = { (counts: [String: Int]) in counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.map { "\($0.key) \($0.value)" } }
        Console.print("  operations: " + byCount(report.routes).joined(separator: ", "))
        let never = known.filter { report.routes[$0] == nil }
        if !never.isEmpty && report.steps > 0 { Console.print("  never played: " + never.joined(separator: ", ")) }
        let meant = byCount(report.intents)
        Console.print("  steps meant: " + meant.prefix(16).joined(separator: ", ") + (meant.count > 16 ? ", and \(meant.count - 16) kinds more" : ""))
        if !report.findings.isEmpty && arguments.value(out) == nil { Console.print("--out DIR writes each difference as a fixture") }
        for reporter in reporters where reporter.kind == .json {
            let text = JSONWriter.pretty(json(report, seed: options.seed, written: written)) + "\n"
            if reporter.toStandardOutput {
                Console.print(text, terminator: "")
            } else {
                try Data(text.utf8).write(to: URL(fileURLWithPath: reporter.path))
            }
        }
        return report.findings.isEmpty ? 0 : 1
    }

    /// The built-in reference is an oracle for the agent API only: another API needs `--against URL`.
    static func requireAgentAPI(_ spec: OpenAPISpec) throws {
        guard let folder = BuiltInSuite.contracts,
            let data = FileManager.default.contents(atPath: folder.appendingPathComponent("openapi.json").path),
            let builtIn = try? OpenAPISpec(bytes: Array(data))
        else { return }
        let known = Set(builtIn.operations.map { "\($0.method.uppercased()) \($0.path)" })
        let unknown = spec.operations.map { "\($0.method.uppercased()) \($0.path)" }.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            throw UsageError(
                "the built-in reference does not serve \(unknown.prefix(3).joined(separator: ", "))\(unknown.count > 3 ? ", …" : ""): "
                    + "for another API, give the oracle with --against URL (a version of the service you trust)")
        }
    }

    static func json(_ report: Explorer.Report, seed: UInt64, written: [String]) -> JSONValue {
        let findings: [JSONValue] = report.findings.map { finding in
            [
                "seed": .integer(Int64(bitPattern: finding.seed)), "steps_before": .integer(finding.stepsBefore), "route": .string(finding.route),
                "intent": .string(finding.intent), "target_status": .integer(finding.targetStatus), "oracle_status": .integer(finding.oracleStatus),
                "shrunk_steps": .integer(finding.steps.count),
                "differences": .array(finding.differences.map { .string("\($0.place): \($0.explanation)") }),
                "fixture": written.first { $0.hasSuffix("/" + finding.fileName) }.map(JSONValue.string) ?? .null,
                "note": finding.note.map(JSONValue.string) ?? .null,
                "replay": finding.replay.map { ["passes_on_oracle": .bool($0.passesOnOracle), "fails_on_target": .bool($0.failsOnTarget)] } ?? .null,
            ]
        }
        return [
            "schema": "agent-contract/explore-report", "version": 1, "seed": .integer(Int64(bitPattern: seed)), "steps": .integer(report.steps),
            "sessions": .integer(report.sessions), "seconds": .float((report.seconds * 1000).rounded() / 1000), "findings": .array(findings),
            "routes": .object(JSONObject(report.routes.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
            "intents": .object(JSONObject(report.intents.sorted { $0.key < $1.key }.map { ($0.key, .integer($0.value)) })),
        ]
    }
}

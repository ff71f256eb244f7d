import ContractKit
import Foundation

/// `contract record`: fills a script's expectations from what a target answers.
enum RecordCommand {
    static let out = Option.value("--out", "DIR", "write the fixtures here, keeping their names (default: rewrite each script in place)")
    static let mode = Option.value(
        "--mode", "MODE", "missing: only steps without expect (default); all: every step; failed: steps that no longer pass",
        check: .choice(["missing", "all", "failed"]))
    static let contracts = Option.value(
        "--contracts", "DIR", "contracts folder for actors.json (default: ./contracts, else the built-in suite)",
        check: .directory)

    static let command = Command(
        name: "record", summary: "write fixtures' expectations from what a target answers",
        description: """
            Record fixtures: run each script (a fixture whose steps have requests but no, or stale, expectations)
            twice against a target on fresh actors, and write `expect` from the answers. Ids that later requests
            use become captures and {{references}}, other ids become $integer, timestamps $datetime, tokens $jwt,
            actor values {{alice.id}}, and values that differ between the two runs become type matchers;
            everything stable stays literal. Output is stable (2-space indentation), so recording twice gives the
            same bytes. Prints what changed as a diff.
            """,
        options: [.target, out, mode, contracts, .timeout, .retries, .header],
        positionals: .init(placeholder: "SCRIPT...", help: "the scripts to record", required: true),
        footer:
            "Exit codes: 0 recorded, 1 an answer made a script unrecordable (a capture found nothing), 2 bad usage or scripts, 3 target unreachable.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let mode = arguments.value(mode).flatMap(Recorder.Mode.init(rawValue:)) ?? .missing
        let target = try TargetSelection(arguments).make()
        do {
            try await target.checkReachable()
        } catch {
            ContractCommand.printError("Error: \(error)")
            return 3
        }
        let location = try SuiteLocation.resolve(fixtures: nil, contracts: arguments.value(contracts), pairs: false)
        guard let actors = ActorSpec.loadFile(location.contracts.appendingPathComponent("actors.json")) else { return 2 }
        var recorder = Recorder(target: target, actors: actors)
        // The id fields api.json names, if the contracts folder has one, besides `id`.
        if let data = FileManager.default.contents(atPath: location.contracts.appendingPathComponent("api.json").path),
            case .success(let contract) = APIContract.load(bytes: Array(data), file: "api.json")
        {
            recorder.idKeys.formUnion(contract.resources.map(\.idField))
        }
        // Exit 2 when a script is broken, else 1 when a target's answer made a recording impossible.
        var scriptProblems = 0, answerProblems = 0
        for script in arguments.positionals {
            guard let data = FileManager.default.contents(atPath: script) else {
                ContractCommand.printError("Error: cannot read \(script)")
                scriptProblems += 1
                continue
            }
            let destination =
                arguments.value(out).map { URL(fileURLWithPath: $0).appendingPathComponent(URL(fileURLWithPath: script).lastPathComponent).path }
                ?? script
            do {
                let recording = try await recorder.record(Array(data), file: script, mode: mode)
                if let out = arguments.value(out) {
                    try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
                }
                let previous = FileManager.default.contents(atPath: destination).map { String(decoding: $0, as: UTF8.self) } ?? ""
                try Data(recording.text.utf8).write(to: URL(fileURLWithPath: destination))
                let diff = recording.secrets.masked(TextDiff.unified(previous, recording.text, oldName: destination, newName: destination))
                Console.print(diff.isEmpty ? "= \(destination): unchanged" : diff, terminator: diff.isEmpty ? "\n" : "")
                Console.print(
                    "✔ \(destination): recorded step\(recording.recordedSteps.count == 1 ? "" : "s") "
                        + (recording.recordedSteps.isEmpty ? "(none)" : recording.recordedSteps.map(String.init).joined(separator: ", ")))
            } catch let error as Recorder.Failure {
                ContractCommand.printError("Error: \(error.description)")
                if error.kind == .answer { answerProblems += 1 } else { scriptProblems += 1 }
            }
        }
        return scriptProblems > 0 ? 2 : (answerProblems > 0 ? 1 : 0)
    }
}

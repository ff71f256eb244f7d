import Foundation
import Testing

@testable import ContractCLI

/// The command line is declared once per command: parsing, validation, help, suggestions and completion
/// scripts all come from the same option tables.
struct CommandLineTests {
    func parse(_ command: Command, _ words: [String]) -> Result<ParsedArguments, UsageError> {
        Result { () throws(UsageError) in try ParsedArguments(words, for: command) }
    }

    func message(_ command: Command, _ words: [String]) -> String? {
        if case .failure(let error) = parse(command, words) { return error.message }
        return nil
    }

    @Test(
        arguments: [
            (["--tagret", "x"], "unknown option '--tagret' (did you mean '--target'?)"),
            (["--fixture", "x"], "unknown option '--fixture' (did you mean '--fixtures'?)"),
            (["--timeout", "-1"], "--timeout takes a number of seconds greater than 0 up to 86400, not '-1'"),
            (["--timeout", "0"], "--timeout takes a number of seconds greater than 0 up to 86400, not '0'"),
            (["--retries", "-1"], "--retries takes a whole number from 0 to 20, not '-1'"),
            (["--header", "NoColon"], "--header takes 'Name: value', not 'NoColon'"),
            (["--header", ": empty name"], "--header takes 'Name: value', not ': empty name'"),
            (["--mutant", "no-such"], nil),
            (["--concurrency", "0"], "--concurrency takes a whole number from 1 to 256, not '0'"),
            (["--fail-fast=yes"], "--fail-fast takes no value"),
            (["--target"], "missing value for '--target'"),
            (["--target", "a", "--target", "b"], "'--target' given twice"),
            (["stray"], "unexpected argument 'stray'"),
        ] as [([String], String?)])
    func badValuesAreRefusedWhateverTheTarget(words: [String], expected: String?) {
        let found = message(RunCommand.command, words)
        if let expected {
            #expect(found == expected)
        } else {
            #expect(found?.hasPrefix("--mutant takes one of silent-foreign-delete,") == true, "\(found ?? "accepted")")
        }
    }

    @Test func optionsThatNeedAServerAreRefusedForTheReference() throws {
        for words in [["--timeout", "5"], ["--retries", "1"], ["--header", "X-Env: ci"]] {
            let arguments = try parse(RunCommand.command, words).get()
            #expect(throws: UsageError.self, "\(words)") { try TargetSelection(arguments) }
        }
        let remote = try parse(RunCommand.command, ["--target", "http://127.0.0.1:9", "--timeout", "5", "--header", "X-Env: ci"]).get()
        let selection = try TargetSelection(remote)
        #expect(selection.settings.timeout == 5)
        #expect(selection.settings.extraHeaders.map { "\($0.0)=\($0.1)" } == ["X-Env=ci"])
    }

    @Test func requiredOptionsAndWordsAreRequired() {
        #expect(message(DiffCommand.command, []) == "--against URL is required")
        #expect(message(RecordCommand.command, []) == "give at least one SCRIPT")
        #expect(message(ProxyCommand.command, ["--target", "http://x"]) == "--out DIR is required")
    }

    @Test(arguments: ContractCommand.commands.map(\.name))
    func helpListsEveryDeclaredOption(command name: String) throws {
        let command = try #require(ContractCommand.command(named: name))
        for option in command.options { #expect(command.help.contains(option.synopsis), "\(name) help lacks \(option.name)") }
        #expect(command.help.contains("Usage: " + command.usage))
    }

    @Test func unknownCommandsGetASuggestion() {
        #expect(ContractCommand.unknownCommand("rn") == "unknown command 'rn' (did you mean 'run'?)")
        #expect(ContractCommand.unknownCommand("zzzzzz") == "unknown command 'zzzzzz'")
    }

    @Test func completionScriptsOfferEveryCommandAndOption() {
        for (shell, script) in [
            ("bash", CompletionCommand.bash(ContractCommand.commands)), ("zsh", CompletionCommand.zsh(ContractCommand.commands)),
            ("fish", CompletionCommand.fish(ContractCommand.commands)),
        ] {
            for command in ContractCommand.commands {
                #expect(script.contains(command.name), "\(shell) lacks \(command.name)")
                for option in command.options {
                    let spelled = shell == "fish" ? "-l \(option.name.dropFirst(2))" : option.name
                    #expect(script.contains(spelled), "\(shell) lacks \(command.name) \(option.name)")
                }
            }
        }
    }

    /// Bash itself runs the generated script: subcommands, options and choices complete as declared.
    @Test(arguments: [
        (["contract", "r"], ["run", "record", "report"]),
        (["contract", "run", "--fail"], ["--fail-fast"]),
        (["contract", "run", "--mutant", "no-ownership-e"], ["no-ownership-execute", "no-ownership-executions", "no-ownership-execution-stream"]),
        (["contract", "record", "--mode", ""], ["missing", "all", "failed"]),
        (["contract", "completion", "z"], ["zsh"]),
    ])
    func bashCompletesAsDeclared(words: [String], expected: [String]) throws {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("contract-completion-\(UUID().uuidString).bash")
        try Data(CompletionCommand.bash(ContractCommand.commands).utf8).write(to: script)
        defer { try? FileManager.default.removeItem(at: script) }
        let quoted = words.map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [
            "-c", "source '\(script.path)'; COMP_WORDS=(\(quoted)); COMP_CWORD=\(words.count - 1); _contract; printf '%s\\n' \"${COMPREPLY[@]}\"",
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        process.waitUntilExit()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(output.split(separator: "\n").map(String.init).sorted() == expected.sorted())
    }
}

import Foundation

/// The `contract` command line: subcommands, help and version, exit codes 0/1/2/3.
public enum ContractCommand {
    public static let version = "0.1.0"

    struct Subcommand: Sendable {
        let name: String
        let summary: String
        let usage: String
        let help: String
        let run: @Sendable ([String]) async throws -> Int32
    }

    static let subcommands: [Subcommand] = [RunCommand.subcommand, LintCommand.subcommand, CoverageCommand.subcommand, ServeCommand.subcommand, MutantsCommand.subcommand, RecordCommand.subcommand, DiffCommand.subcommand, ProxyCommand.subcommand]

    /// Runs the command line and returns the exit code.
    public static func main(_ arguments: [String]) async -> Int32 {
        guard let first = arguments.first else {
            print(overview)
            return 0
        }
        switch first {
        case "-h", "--help":
            print(overview)
            return 0
        case "--version":
            print("contract \(version)")
            return 0
        case "help":
            guard arguments.count > 1 else { print(overview); return 0 }
            guard let command = subcommands.first(where: { $0.name == arguments[1] }) else {
                return usageError("unknown command '\(arguments[1])'", usage: "contract help <command>", helpHint: "contract --help")
            }
            print(command.help)
            return 0
        default:
            guard let command = subcommands.first(where: { $0.name == first }) else {
                return usageError("unknown command '\(first)'", usage: "contract <command> [options]", helpHint: "contract --help")
            }
            let rest = Array(arguments.dropFirst())
            if rest.contains("-h") || rest.contains("--help") {
                print(command.help)
                return 0
            }
            do {
                return try await command.run(rest)
            } catch let error as UsageError {
                return usageError(error.message, usage: command.usage, helpHint: "contract \(command.name) --help")
            } catch {
                printError("Error: \(error)")
                return 2
            }
        }
    }

    static var overview: String {
        var text = "contract \(version): contract tests for the agent API, against the built-in reference or any server.\n\n"
        text += "Usage: contract <command> [options]\n\nCommands:\n"
        for command in subcommands { text += "  " + command.name.padding(toLength: 10, withPad: " ", startingAt: 0) + command.summary + "\n" }
        text += "\nSee 'contract help <command>' or 'contract <command> --help' for a command's options."
        return text
    }

    static func usageError(_ message: String, usage: String, helpHint: String) -> Int32 {
        printError("Error: \(message)\nUsage: \(usage)\nSee '\(helpHint)' for more information.")
        return 2
    }

    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}

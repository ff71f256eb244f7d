import ContractKit
import Foundation

/// The `contract` command line: subcommands, help and version, exit codes 0/1/2/3.
public enum ContractCommand {
    public static let version = "0.1.0"

    static let commands: [Command] = [
        RunCommand.command, LintCommand.command, CoverageCommand.command, ServeCommand.command, MutantsCommand.command,
        RecordCommand.command, DiffCommand.command, ProxyCommand.command, OpenAPICommand.command, DeriveCommand.command, InitCommand.command,
        ExploreCommand.command, ReportCommand.command,
        CompletionCommand.command,
    ]

    /// Runs the command line and returns the exit code.
    public static func main(_ arguments: [String]) async -> Int32 {
        guard let first = arguments.first else {
            Console.print(overview)
            return 0
        }
        switch first {
        case "-h", "--help":
            Console.print(overview)
            return 0
        case "--version":
            Console.print("contract \(version)")
            return 0
        case "help":
            guard arguments.count > 1 else {
                Console.print(overview)
                return 0
            }
            guard let command = command(named: arguments[1]) else {
                return usageError(unknownCommand(arguments[1]), usage: "contract help <command>", helpHint: "contract --help")
            }
            Console.print(command.help)
            return 0
        default:
            guard let command = command(named: first) else {
                return usageError(unknownCommand(first), usage: "contract <command> [options]", helpHint: "contract --help")
            }
            let rest = Array(arguments.dropFirst())
            if rest.contains("-h") || rest.contains("--help") {
                Console.print(command.help)
                return 0
            }
            do {
                return try await command.run(try ParsedArguments(rest, for: command))
            } catch let error as UsageError {
                return usageError(error.message, usage: command.usage, helpHint: "contract \(command.name) --help")
            } catch {
                printError("Error: \(error)")
                return 2
            }
        }
    }

    static func command(named name: String) -> Command? { commands.first { $0.name == name } }

    static func unknownCommand(_ name: String) -> String {
        var message = "unknown command '\(name)'"
        if let nearest = ParsedArguments.nearest(name, among: commands.map(\.name)) { message += " (did you mean '\(nearest)'?)" }
        return message
    }

    static var overview: String {
        var text = "contract \(version): contract tests for the agent API, against the built-in reference or any server.\n\n"
        text += "Usage: contract <command> [options]\n\nCommands:\n"
        for command in commands { text += "  " + command.name.padding(toLength: 11, withPad: " ", startingAt: 0) + command.summary + "\n" }
        text += "\nSee 'contract help <command>' or 'contract <command> --help' for a command's options."
        return text
    }

    static func usageError(_ message: String, usage: String, helpHint: String) -> Int32 {
        printError("Error: \(message)\nUsage: \(usage)\nSee '\(helpHint)' for more information.")
        return 2
    }

    static func printError(_ text: String) {
        Console.printError(text)
    }
}

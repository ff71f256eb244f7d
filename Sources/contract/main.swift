import ContractCLI
import Foundation

exit(await ContractCommand.main(Array(CommandLine.arguments.dropFirst())))

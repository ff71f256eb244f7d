import ContractKit
import ContractSuite
import Foundation

/// Where the fixtures and contracts come from: the options, else `./fixtures` and `./contracts`,
/// else the suite built into the binary, so the command works from any folder.
struct SuiteLocation {
    let fixtures: URL
    let contracts: URL

    static func resolve(fixtures: String?, contracts: String?) throws(UsageError) -> SuiteLocation {
        let manager = FileManager.default
        let cwd = URL(fileURLWithPath: manager.currentDirectoryPath)
        func directory(_ option: String?, local: String, builtIn: URL?, what: String) throws(UsageError) -> URL {
            if let option {
                let url = URL(fileURLWithPath: option, relativeTo: cwd).standardizedFileURL
                var isDirectory: ObjCBool = false
                guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue else {
                    throw UsageError("no \(what) folder at \(option)")
                }
                return url
            }
            let localURL = cwd.appendingPathComponent(local)
            var isDirectory: ObjCBool = false
            if manager.fileExists(atPath: localURL.path, isDirectory: &isDirectory), isDirectory.boolValue { return localURL }
            guard let builtIn else { throw UsageError("no ./\(local) folder and no built-in suite; pass --\(local) DIR") }
            return builtIn
        }
        return SuiteLocation(
            fixtures: try directory(fixtures, local: "fixtures", builtIn: BuiltInSuite.fixtures, what: "fixtures"),
            contracts: try directory(contracts, local: "contracts", builtIn: BuiltInSuite.contracts, what: "contracts"))
    }

    /// Loads the suite, printing every problem as file:line:column.
    func load() -> Suite? {
        switch Suite.load(fixtures: fixtures, contracts: contracts) {
        case .success(let suite): return suite
        case .failure(let failure):
            ContractCommand.printError(failure.issues.map(\.description).joined(separator: "\n"))
            ContractCommand.printError("Error: \(failure.issues.count) problem\(failure.issues.count == 1 ? "" : "s") in the suite; nothing was run.")
            return nil
        }
    }
}

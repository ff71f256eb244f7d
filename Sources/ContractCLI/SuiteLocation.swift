import ContractKit
import ContractSuite
import Foundation

/// Where the fixtures and contracts come from: the options, else `./fixtures` and `./contracts`,
/// else the suite built into the binary, so the command works from any folder.
struct SuiteLocation {
    let fixtures: URL
    let contracts: URL
    let fixturesAreBuiltIn: Bool
    let contractsAreBuiltIn: Bool

    /// One line saying which suite a command uses, so a run never uses the built-in one unnoticed.
    var description: String {
        if fixturesAreBuiltIn && contractsAreBuiltIn { return "Suite: the built-in agent-API suite (no ./fixtures and ./contracts here)" }
        func name(_ url: URL, _ builtIn: Bool) -> String { builtIn ? "the built-in agent-API \(url.lastPathComponent)" : url.path }
        return "Suite: fixtures \(name(fixtures, fixturesAreBuiltIn)), contracts \(name(contracts, contractsAreBuiltIn))"
    }

    /// `pairs`: the command reads both folders, so one given without the other must have its partner
    /// beside it (`DIR/fixtures` and `DIR/contracts`); a foreign suite never runs with the built-in half.
    static func resolve(fixtures: String?, contracts: String?, pairs: Bool = true) throws(UsageError) -> SuiteLocation {
        let manager = FileManager.default
        let cwd = URL(fileURLWithPath: manager.currentDirectoryPath)
        func sibling(of option: String, named name: String) -> String? {
            let url = URL(fileURLWithPath: option, relativeTo: cwd).standardizedFileURL.deletingLastPathComponent().appendingPathComponent(name)
            var isDirectory: ObjCBool = false
            return manager.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue ? url.path : nil
        }
        var fixtures = fixtures, contracts = contracts
        if pairs, let given = fixtures, contracts == nil {
            guard let found = sibling(of: given, named: "contracts") else {
                throw UsageError("--fixtures \(given) has no contracts folder beside it; give --contracts DIR too")
            }
            contracts = found
        } else if pairs, let given = contracts, fixtures == nil {
            guard let found = sibling(of: given, named: "fixtures") else {
                throw UsageError("--contracts \(given) has no fixtures folder beside it; give --fixtures DIR too")
            }
            fixtures = found
        }
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
        let fixturesURL = try directory(fixtures, local: "fixtures", builtIn: BuiltInSuite.fixtures, what: "fixtures")
        let contractsURL = try directory(contracts, local: "contracts", builtIn: BuiltInSuite.contracts, what: "contracts")
        return SuiteLocation(
            fixtures: fixturesURL, contracts: contractsURL, fixturesAreBuiltIn: fixturesURL == BuiltInSuite.fixtures,
            contractsAreBuiltIn: contractsURL == BuiltInSuite.contracts)
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

import AgentAPI
import ContractKit
import Foundation
import ReferenceFaults
import ReferenceTarget

/// `contract run`: fires the suite at a target and reports every difference.
enum RunCommand {
    static let subcommand = ContractCommand.Subcommand(
        name: "run", summary: "run the contract suite against the reference or a server",
        usage: "contract run [--target URL] [--fixtures DIR] [--contracts DIR] [options]",
        help: """
        Run the contract suite against a target: the built-in reference in-process (the default), or any
        HTTP server given by --target.

        Usage: contract run [--target URL] [--fixtures DIR] [--contracts DIR] [options]

        Options:
          --target URL           base URL of the server to check, e.g. http://127.0.0.1:8000 (default: in-process reference)
          --fixtures DIR         fixtures folder (default: ./fixtures, else the built-in suite)
          --contracts DIR        contracts folder (default: ./contracts, else the built-in suite)
          --concurrency N        fixtures run at once (default: 8)
          --filter GLOB          only fixtures whose path matches, e.g. 'agents/*' (repeatable)
          --tag T                only fixtures with this tag (repeatable)
          --fail-fast            stop after the first failing fixture
          --timeout S            seconds to wait for each response (default: 30)
          --retries N            retries of a refused connection (a dropped one for GET, HEAD, PUT, DELETE only),
                                 or of 429/503 with Retry-After (default: 2)
          --header 'Name: value' send this header with every request (repeatable)
          --report KIND=PATH     also write a report: junit, json or tap; PATH '-' is standard output (repeatable)
          --allow-failures FILE  known deviations with a reason and an expiry date; reported as allowed
          --mutant NAME          switch on a deliberate defect in the in-process reference
          --pbkdf2-iterations N  password hashing cost of the in-process reference (default: 100)
          --derive KINDS         derived checks to run: auth,ownership,validation (default: all)
          --no-derive            run the fixtures only
          --jwt-secret KEY       the target's token signing key (or CONTRACT_JWT_SECRET): adds expired and
                                 unknown-user token checks (known automatically for the in-process reference)
          --show-secrets         print passwords and tokens instead of ***

        Exit codes: 0 all passed, 1 contract failures, 2 bad usage or bad fixture files, 3 target unreachable.
        """,
        run: run)

    static func run(_ words: [String]) async throws -> Int32 {
        let arguments = try Arguments(words, spec: .init(
            options: ["--target", "--fixtures", "--contracts", "--concurrency", "--timeout", "--retries", "--allow-failures", "--mutant",
                      "--derive", "--jwt-secret", "--pbkdf2-iterations"],
            repeatable: ["--filter", "--tag", "--header", "--report"],
            flags: ["--fail-fast", "--show-secrets", "--no-derive"]))
        var options = Runner.Options()
        options.concurrency = try arguments.integer("--concurrency", default: 8, range: 1...256)
        options.failFast = arguments.flag("--fail-fast")
        options.filters = arguments.all("--filter")
        options.tags = arguments.all("--tag")
        options.derive = try derivedKinds(arguments)
        let showSecrets = arguments.flag("--show-secrets")
        let reporters = try fileReporters(arguments.all("--report"), showSecrets: showSecrets)
        let target = try makeTarget(arguments)
        if let reference = target as? ReferenceTarget {
            options.jwtSecret = Array(reference.configuration.secretKey.utf8)
        } else if let secret = arguments.value("--jwt-secret") ?? ProcessInfo.processInfo.environment["CONTRACT_JWT_SECRET"], !secret.isEmpty {
            options.jwtSecret = Array(secret.utf8)
        }
        let location = try SuiteLocation.resolve(fixtures: arguments.value("--fixtures"), contracts: arguments.value("--contracts"))
        var allowList: AllowList?
        if let path = arguments.value("--allow-failures") {
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            switch AllowList.load(bytes: Array(data), file: path) {
            case .success(let list): allowList = list
            case .failure(let failure):
                ContractCommand.printError(failure.issues.map(\.description).joined(separator: "\n"))
                return 2
            }
        }
        guard let suite = location.load() else { return 2 }
        let runner = Runner(suite: suite, target: target, options: options)
        if runner.selectedFixtures.isEmpty { throw UsageError("no fixture matches the --filter and --tag given") }
        let human = HumanReporter(showSecrets: showSecrets)
        var result = await runner.run(reporter: human)
        allowList?.apply(to: &result)
        let everyone = ReporterGroup([human] + reporters)
        everyone.runFinished(result)
        return result.exitCode
    }

    static func derivedKinds(_ arguments: Arguments) throws(UsageError) -> Set<DerivedKind> {
        if arguments.flag("--no-derive") {
            if arguments.value("--derive") != nil { throw UsageError("--derive and --no-derive contradict each other") }
            return []
        }
        guard let list = arguments.value("--derive") else { return Set(DerivedKind.allCases) }
        var kinds = Set<DerivedKind>()
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard let kind = DerivedKind(rawValue: name) else {
                throw UsageError("--derive takes a list of auth, ownership and validation, not '\(name)'")
            }
            kinds.insert(kind)
        }
        return kinds
    }

    static func fileReporters(_ specs: [String], showSecrets: Bool) throws(UsageError) -> [any Reporter] {
        var reporters: [any Reporter] = []
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = FileReporter.Kind(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                throw UsageError("--report takes KIND=PATH with KIND junit, json or tap, not '\(spec)'")
            }
            reporters.append(FileReporter(kind: kind, path: parts[1], showSecrets: showSecrets))
        }
        return reporters
    }

    /// `--target URL`, or the in-process reference (optionally with a mutant).
    static func makeTarget(_ arguments: Arguments) throws -> any Target {
        let mutant = try arguments.value("--mutant").map { name throws(UsageError) -> Mutant in
            guard let mutant = Mutant(rawValue: name) else {
                throw UsageError("unknown mutant '\(name)'; known: \(Mutant.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return mutant
        }
        guard let url = arguments.value("--target") else {
            var configuration = AgentAPIConfiguration.testing()
            configuration.passwordIterations = try arguments.integer("--pbkdf2-iterations", default: configuration.passwordIterations,
                                                                     range: 1...10_000_000)
            guard let mutant else { return try ReferenceTarget(configuration: configuration) }
            return ReferenceTarget(service: try mutant.reference(configuration), configuration: configuration)
        }
        if mutant != nil { throw UsageError("--mutant applies to the in-process reference; start 'contract serve --mutant' for a server") }
        if arguments.value("--pbkdf2-iterations") != nil {
            throw UsageError("--pbkdf2-iterations applies to the in-process reference; 'contract serve' takes it for a server")
        }
        guard let base = URL(string: url), base.scheme != nil, base.host != nil else {
            throw UsageError("--target takes a base URL such as http://127.0.0.1:8000, not '\(url)'")
        }
        var settings = HTTPTarget.Settings()
        settings.timeout = try arguments.seconds("--timeout", default: 30)
        settings.retries = try arguments.integer("--retries", default: 2, range: 0...20)
        for header in arguments.all("--header") {
            let parts = header.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty else { throw UsageError("--header takes 'Name: value', not '\(header)'") }
            settings.extraHeaders.append((parts[0], parts[1]))
        }
        do {
            // Plain HTTP on our own sockets sends every fixture byte as written; TLS needs URLSession.
            if base.scheme?.lowercased() == "https" { return try URLSessionTarget(baseURL: base, settings: settings) }
            return try HTTPTarget(baseURL: base, settings: settings)
        } catch let error as TargetError {
            throw UsageError(error.description)
        }
    }
}

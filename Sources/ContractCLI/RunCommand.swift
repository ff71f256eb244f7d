import AgentAPI
import ContractKit
import Foundation
import HTTPCore
import ReferenceTarget

/// `contract run`: fires the suite at a target and reports every difference.
enum RunCommand {
    static let filter = Option.repeated("--filter", "GLOB", "only fixtures whose path matches, e.g. 'agents/*'")
    static let tag = Option.repeated("--tag", "T", "only fixtures with this tag")
    static let failFast = Option.flag("--fail-fast", "stop after the first failing fixture")
    static let report = Option.repeated(
        "--report", "KIND=PATH", "also write a report: junit, json, tap or html (one self-contained page); PATH '-' is standard output")
    static let allowFailures = Option.value(
        "--allow-failures", "FILE", "known deviations with a reason and an expiry date; reported as allowed",
        check: .path)
    static let derive = Option.value(
        "--derive", "CHECKS",
        "derived checks to run: kinds (auth,ownership,validation) or single checks (auth.alg-none,ownership.list; see 'contract derive --list')")
    static let noDerive = Option.flag("--no-derive", "run the fixtures only")
    static let jwtSecret = Option.value(
        "--jwt-secret", "KEY",
        """
        the target's token signing key (or CONTRACT_JWT_SECRET): adds the twelve validly
        signed token checks (known automatically for the in-process reference)
        """)
    static let showSecrets = Option.flag("--show-secrets", "print passwords and tokens instead of ***")
    static let repeatRuns = Option.value(
        "--repeat", "N",
        """
        run each fixture N times in shuffled order, concurrently; a fixture whose verdict varies
        is reported as flaky and fails the run (default: 1)
        """, check: .integer(1...1000))
    static let seed = Option.value("--seed", "S", "seed of the --repeat shuffle (default: random, printed)", check: .integer(0...Int.max))
    static let validateResponses = Option.flag(
        "--validate-responses", "also check every answer's body against its response schema in contracts/openapi.json")
    static let openAPIFromTarget = Option.flag(
        "--openapi-from-target", "with --validate-responses: use the target's own GET /openapi.json instead of the contract's")

    static let shard = Option.value(
        "--shard", "k/n", "run part k of n: fixtures split by step count, the same on every machine; derived checks follow their fixtures")
    static let list = Option.flag("--list", "print what would run (fixtures, derived checks, shard) and exit without running")
    static let quiet = Option.flag("--quiet", "print only failures and the summary")
    static let verbose = Option.flag("--verbose", "print every fixture, step and derived check as it finishes")

    static let command = Command(
        name: "run", summary: "run the contract suite against the reference or a server",
        description: """
            Run the contract suite against a target: the built-in reference in-process (the default), or any
            HTTP server given by --target.
            """,
        options: [
            .target, .fixtures, .contracts, .concurrency, filter, tag, failFast, .timeout, .retries, .header, report, allowFailures,
            TargetSelection.mutant, .pbkdf2Iterations, derive, noDerive, jwtSecret, showSecrets, repeatRuns, seed, validateResponses,
            openAPIFromTarget, shard, list, quiet, verbose,
        ],
        footer: "Exit codes: 0 all passed, 1 contract failures, 2 bad usage or bad fixture files, 3 target unreachable.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        var options = Runner.Options()
        options.concurrency = arguments.integer(.concurrency, default: 8)
        options.failFast = arguments.flag(failFast)
        options.filters = arguments.values(filter)
        options.tags = arguments.values(tag)
        if let text = arguments.value(shard) { options.shard = try Shard.parse(text) }
        if arguments.flag(quiet) && arguments.flag(verbose) { throw UsageError("--quiet and --verbose contradict each other") }
        (options.derive, options.deriveOnly) = try derivedSelection(arguments)
        let showSecrets = arguments.flag(showSecrets)
        var reporters = try fileReporters(arguments.values(report), showSecrets: showSecrets)
        options.repeats = arguments.integer(repeatRuns, default: 1)
        options.shuffleSeed = arguments.value(seed).flatMap { UInt64($0) } ?? UInt64.random(in: 0...UInt64(Int.max))
        if options.repeats > 1 && options.failFast { throw UsageError("--repeat and --fail-fast contradict each other") }
        let selection = try TargetSelection(arguments)
        for (_, value) in selection.settings.extraHeaders { options.secrets.add(value) }
        let target = try selection.make()
        if let reference = target as? ReferenceTarget {
            options.jwtSecret = Array(reference.configuration.secretKey.utf8)
        } else if let secret = arguments.value(jwtSecret) ?? ProcessInfo.processInfo.environment["CONTRACT_JWT_SECRET"], !secret.isEmpty {
            options.jwtSecret = Array(secret.utf8)
        }
        let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
        var allowList: AllowList?
        if let path = arguments.value(allowFailures) {
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            switch AllowList.load(bytes: Array(data), file: path) {
            case .success(let list): allowList = list
            case .failure(let failure):
                ContractCommand.printError(failure.issues.map(\.description).joined(separator: "\n"))
                return 2
            }
        }
        guard let suite = location.load() else { return 2 }
        // The HTML report shows the suite's coverage as a heat map.
        if reporters.contains(where: { $0.kind == .html }), let contract = suite.api {
            let coverage = CoverageAnalysis.analyze(suite, contract: contract)
            reporters = reporters.map { reporter in
                var withCoverage = reporter
                withCoverage.coverage = coverage
                return withCoverage
            }
        }
        if arguments.flag(openAPIFromTarget) && !arguments.flag(validateResponses) {
            throw UsageError("--openapi-from-target goes with --validate-responses")
        }
        if arguments.flag(validateResponses) {
            switch await responseDocument(fromTarget: arguments.flag(openAPIFromTarget) ? target : nil, contracts: location.contracts) {
            case .success(let spec): options.responseValidation = ResponseValidation(spec: spec)
            case .failure(let failure):
                ContractCommand.printError("Error: \(failure.message)")
                return failure.exitCode
            }
        }
        let runner = Runner(suite: suite, target: target, options: options)
        if runner.selectedFixtures.isEmpty {
            if options.shard.count > 1 && !Runner(suite: suite, target: target, options: unsharded(options)).selectedFixtures.isEmpty {
                Console.print("Shard \(options.shard.index)/\(options.shard.count) has no fixture: there are fewer fixtures than shards")
                return 0
            }
            throw UsageError("no fixture matches the --filter and --tag given")
        }
        if arguments.flag(list) {
            printList(runner, location: location)
            return 0
        }
        // A report on standard output keeps it clean: the human report moves to standard error.
        let verbosity: HumanReporter.Verbosity = arguments.flag(quiet) ? .quiet : arguments.flag(verbose) ? .verbose : .normal
        let human = HumanReporter(
            stream: reporters.contains { $0.toStandardOutput } ? .error : .output, showSecrets: showSecrets, verbosity: verbosity)
        human.note(location.description)
        if options.shard.count > 1 { human.note(shardLine(runner)) }
        if options.repeats > 1 { human.note("Running each fixture \(options.repeats) times in shuffled order (--seed \(options.shuffleSeed))") }
        var result = await runner.run(reporter: human)
        allowList?.apply(to: &result)
        let everyone = ReporterGroup([human] + reporters)
        everyone.runFinished(result)
        return result.exitCode
    }

    static func unsharded(_ options: Runner.Options) -> Runner.Options {
        var whole = options
        whole.shard = (1, 1)
        return whole
    }

    /// `Shard 2/3: 46 of 137 fixtures, 331 of 993 steps`.
    static func shardLine(_ runner: Runner) -> String {
        let mine = runner.selectedFixtures
        let all = Runner(suite: runner.suite, target: runner.target, options: unsharded(runner.options)).selectedFixtures
        let steps = { (fixtures: [Fixture]) in fixtures.reduce(0) { $0 + $1.stepCount } }
        return "Shard \(runner.options.shard.index)/\(runner.options.shard.count): \(mine.count) of \(all.count) fixtures, "
            + "\(steps(mine)) of \(steps(all)) steps"
    }

    /// `--list`: the fixtures and derived checks this run (and shard) would run, one per line.
    static func printList(_ runner: Runner, location: SuiteLocation) {
        Console.print(location.description)
        if runner.options.shard.count > 1 { Console.print(shardLine(runner)) }
        let fixtures = runner.selectedFixtures
        for fixture in fixtures {
            Console.print(
                "\(fixture.file)  \(fixture.stepCount) step\(fixture.stepCount == 1 ? "" : "s")"
                    + (fixture.tags.isEmpty ? "" : "  [\(fixture.tags.joined(separator: ", "))]"))
        }
        var line = "\(fixtures.count) fixture\(fixtures.count == 1 ? "" : "s"), \(fixtures.reduce(0) { $0 + $1.stepCount }) steps"
        if let contract = runner.suite.api, !runner.options.derive.isEmpty {
            let origins = runner.plannedDerived(contract)
            for origin in origins {
                for check in origin.checks {
                    Console.print("\(origin.fixture.file) step \(origin.step.number), derived: \(check.selectionName) — \(check.title)")
                }
            }
            let total = origins.reduce(0) { $0 + $1.checks.count }
            line += "; \(total) derived check\(total == 1 ? "" : "s")"
        }
        Console.print(line)
    }

    /// `--derive`: kinds select every check of theirs; names select single checks (and their kind).
    static func derivedSelection(_ arguments: ParsedArguments) throws(UsageError) -> (Set<DerivedKind>, Set<String>?) {
        if arguments.declares(noDerive) && arguments.flag(noDerive) {
            if arguments.value(derive) != nil { throw UsageError("--derive and --no-derive contradict each other") }
            return ([], nil)
        }
        guard let list = arguments.value(derive) else { return (Set(DerivedKind.allCases), nil) }
        var kinds = Set<DerivedKind>(), names = Set<String>()
        for name in list.split(separator: ",").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if let kind = DerivedKind(rawValue: name) {
                kinds.insert(kind)
            } else if APIContract.derivedCheckNames.contains(name), let kind = DerivedKind(rawValue: String(name.prefix { $0 != "." })) {
                names.insert(name)
                kinds.insert(kind)
            } else {
                var message = "--derive takes auth, ownership, validation or check names, not '\(name)'"
                if let nearest = ParsedArguments.nearest(name, among: APIContract.derivedCheckNames + DerivedKind.allCases.map(\.rawValue)) {
                    message += " (did you mean '\(nearest)'?)"
                }
                throw UsageError(message)
            }
        }
        // A kind named whole selects all of its checks, whatever single names of it are listed too.
        let whole = Set(list.split(separator: ",").compactMap { DerivedKind(rawValue: $0.trimmingCharacters(in: .whitespaces)) })
        if names.isEmpty { return (kinds, nil) }
        let allOfWhole = APIContract.derivedCheckNames.filter { name in whole.contains { name.hasPrefix($0.rawValue + ".") } }
        return (kinds, names.union(allOfWhole))
    }

    /// The `--report` files, each checked before the run: a bad path is a usage error, not a lost report.
    static func fileReporters(_ specs: [String], showSecrets: Bool) throws(UsageError) -> [FileReporter] {
        var reporters: [FileReporter] = []
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let kind = FileReporter.Kind(rawValue: parts[0].lowercased()), !parts[1].isEmpty else {
                throw UsageError("--report takes KIND=PATH with KIND junit, json, tap or html, not '\(spec)'")
            }
            let reporter = FileReporter(kind: kind, path: parts[1], showSecrets: showSecrets)
            if let problem = reporter.problemWithPath() { throw UsageError(problem) }
            if reporter.toStandardOutput && reporters.contains(where: \.toStandardOutput) {
                throw UsageError("only one report can go to standard output ('-')")
            }
            if !reporter.toStandardOutput && reporters.contains(where: { $0.path == reporter.path }) {
                throw UsageError("two reports would write \(reporter.path)")
            }
            reporters.append(reporter)
        }
        return reporters
    }

    struct DocumentFailure: Error {
        let message: String
        let exitCode: Int32
    }

    /// The OpenAPI document answers are checked against: the target's own, or contracts/openapi.json.
    static func responseDocument(fromTarget target: (any Target)?, contracts: URL) async -> Result<OpenAPISpec, DocumentFailure> {
        let source: String
        let bytes: [UInt8]
        if let target {
            do {
                let response = try await target.send(HTTPRequest(method: .get, target: "/openapi.json", headers: ["Accept": "application/json"]))
                guard response.status == 200 else {
                    return .failure(DocumentFailure(message: "GET /openapi.json on \(target.description) answered \(response.status)", exitCode: 2))
                }
                (source, bytes) = ("\(target.description)/openapi.json", response.body)
            } catch {
                let unreachable = StepError.from(error).unreachableReason != nil
                return .failure(DocumentFailure(message: "GET /openapi.json on \(target.description): \(error)", exitCode: unreachable ? 3 : 2))
            }
        } else {
            let file = contracts.appendingPathComponent("openapi.json")
            guard let data = FileManager.default.contents(atPath: file.path) else {
                return .failure(DocumentFailure(message: "no openapi.json in \(contracts.path) to validate answers with", exitCode: 2))
            }
            (source, bytes) = (file.path, Array(data))
        }
        do {
            return .success(try OpenAPISpec(bytes: bytes))
        } catch {
            return .failure(DocumentFailure(message: "\(source): \(error)", exitCode: 2))
        }
    }
}

import ContractKit
import Foundation
import JSONCore

/// `contract report merge`: the JSON reports of the shards of one run, as one report of any kind.
enum ReportCommand {
    static let command = Command(
        name: "report", summary: "merge the JSON reports of a sharded run into one report (JUnit, JSON, TAP or HTML)",
        description: """
            Merge the JSON reports that the shards of one run wrote (contract run --shard k/n --report json=…) into
            one report of any kind, as if one machine had run the whole suite: checks in order, counts and the exit
            code worked out again, the longest shard's time. A check found in two reports is an error (the same
            shard twice, or reports of different runs). The HTML report's coverage heat map comes from the suite
            (--fixtures and --contracts, as for run).
            """,
        options: [RunCommand.report, .fixtures, .contracts],
        positionals: .init(placeholder: "merge REPORT...", help: "the word merge, then the JSON reports to merge", required: true),
        footer: "Exit codes: the merged run's (0 all passed, 1 failures, 3 a shard's target was unreachable), 2 bad usage or unreadable reports.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let words = arguments.positionals
        guard words.first == "merge" else {
            throw UsageError("report takes 'merge' then the JSON reports: contract report merge a.json b.json --report …")
        }
        let files = Array(words.dropFirst())
        guard !files.isEmpty else { throw UsageError("give the JSON reports to merge") }
        let specs = arguments.values(RunCommand.report)
        guard !specs.isEmpty else { throw UsageError("say what to write with --report KIND=PATH (junit, json, tap or html)") }
        var reporters = try RunCommand.fileReporters(specs, showSecrets: false)
        var reports: [(file: String, report: RunReportDocument)] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
            do {
                let value = try JSONParser.parse(bytes: Array(data))
                reports.append((file, try RunReportDocument(json: value, file: file)))
            } catch let error as RunReportDocument.Unreadable {
                ContractCommand.printError("Error: \(error.description)")
                return 2
            } catch {
                ContractCommand.printError("Error: \(file): \(error)")
                return 2
            }
        }
        let merged: RunReportDocument
        do {
            merged = try RunReportDocument.merging(reports)
        } catch {
            ContractCommand.printError("Error: \(error.description)")
            return 2
        }
        if reporters.contains(where: { $0.kind == .html }) {
            let location = try SuiteLocation.resolve(fixtures: arguments.value(.fixtures), contracts: arguments.value(.contracts))
            if let suite = location.load(), let contract = suite.api {
                let coverage = CoverageAnalysis.analyze(suite, contract: contract)
                reporters = reporters.map { reporter in
                    var withCoverage = reporter
                    withCoverage.coverage = coverage
                    return withCoverage
                }
            }
        }
        for reporter in reporters { reporter.write(reporter.render(merged)) }
        let fixtures = merged.fixtures, derived = merged.derived
        let failed = merged.checks.filter(\.isFailure).count
        ContractCommand.printError(
            "Merged \(files.count) reports: \(fixtures.count) fixtures, \(derived.count) derived checks"
                + (failed > 0 ? ", \(failed) failed" : ", none failed") + " (exit code \(merged.exitCode))")
        return merged.exitCode
    }
}

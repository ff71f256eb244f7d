import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import JSONCore
import ReferenceFaults
import ReferenceTarget
import Testing

/// The JSON report keeps the promise docs/run-report.schema.json makes, for passing runs, runs with
/// failures, skips, blocks and notes, and a run whose target cannot be reached.
@Suite(.serialized)
struct RunReportSchemaTests {
    static func schema() throws -> JSONValue {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/run-report.schema.json")
        return try JSONParser.parse(bytes: Array(Data(contentsOf: file)))
    }

    static func suite() throws -> Suite {
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: try #require(BuiltInSuite.contracts))
        else { throw CocoaError(.fileReadCorruptFile) }
        return suite
    }

    func report(_ result: RunResult) throws -> JSONValue {
        try JSONParser.parse(FileReporter(kind: .json, path: "-").render(result))
    }

    func expectValid(_ report: JSONValue) throws {
        let schema = try Self.schema()
        let violations = JSONSchemaValidator(document: schema).violations(of: report, against: schema)
        #expect(violations.isEmpty, "\(violations.prefix(5).map(\.description))")
    }

    @Test(arguments: [nil, Mutant.noOwnershipOnGet, Mutant.createdAs200])
    func reportsOfRealRunsFollowTheSchema(mutant: Mutant?) async throws {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        let service: any AgentService = try mutant?.reference(configuration) ?? AgentAPI(configuration)
        var options = Runner.Options()
        options.filters = ["agents/*", "ownership/*", "auth/*"]
        options.jwtSecret = Array(configuration.secretKey.utf8)
        let folder = try #require(BuiltInSuite.contracts)
        options.responseValidation = ResponseValidation(
            spec: try OpenAPISpec(bytes: Array(Data(contentsOf: folder.appendingPathComponent("openapi.json")))))
        let result = await Runner(suite: try Self.suite(), target: ReferenceTarget(service: service, configuration: configuration), options: options)
            .run()
        if mutant != nil { #expect(result.exitCode == 1) } else { #expect(result.exitCode == 0) }
        #expect(!result.notes.isEmpty)
        let report = try report(result)
        try expectValid(report)
        if mutant != nil { #expect(report["checks"]?.arrayValue?.contains { $0["verdict"] == "failed" && $0["step"] != nil } == true) }
    }

    @Test func anUnreachableRunFollowsTheSchema() async throws {
        var settings = HTTPTarget.Settings()
        settings.retries = 0
        let target = try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:9")), settings: settings)
        let result = await Runner(suite: try Self.suite(), target: target).run()
        let report = try report(result)
        #expect(report["exit_code"] == 3 && report["unreachable"]?.stringValue != nil)
        try expectValid(report)
    }

    @Test func theSchemaRejectsWhatItShould() throws {
        let schema = try Self.schema()
        let validator = JSONSchemaValidator(document: schema)
        let minimal: JSONValue = try JSONParser.parse(
            #"{"schema":"agent-contract/run-report","version":1,"target":"t","seconds":0,"exit_code":0,"summary":{"fixtures":{"total":0,"passed":0,"failed":0,"skipped":0,"blocked":0,"allowed":0,"not_run":0,"flaky":0},"steps":0,"derived":{"total":0,"passed":0,"failed":0,"skipped":0,"blocked":0,"allowed":0,"by_kind":{}}},"unreachable":null,"not_run":[],"flaky":[],"allow_list_problems":[],"notes":[],"checks":[]}"#
        )
        #expect(validator.violations(of: minimal, against: schema).isEmpty)
        guard case .object(var broken) = minimal else { return }
        broken["version"] = 2
        #expect(!validator.violations(of: .object(broken), against: schema).isEmpty)
    }
}

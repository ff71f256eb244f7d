import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import JSONCore
import ReferenceFaults
import ReferenceTarget
import Testing

@testable import ContractCLI

/// The HTML report and `contract report merge`: a sharded run merges into the report of the whole run,
/// and the HTML page stands alone, masks secrets and shows a broken ownership rule where it broke.
@Suite(.serialized)
struct ReportTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("reports-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func read(_ url: URL) throws -> JSONValue { try JSONParser.parse(bytes: Array(try Data(contentsOf: url))) }

    /// Name → verdict of every check of a JSON report.
    static func verdicts(_ report: JSONValue) -> [String: String] {
        var found: [String: String] = [:]
        for check in report["checks"]?.arrayValue ?? [] {
            if let name = check["name"]?.stringValue { found[name] = check["verdict"]?.stringValue ?? "" }
        }
        return found
    }

    @Test func threeShardsMergeIntoTheWholeRunsReport() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let mutant = ["--mutant", "no-ownership-get"]
        let whole = dir.appendingPathComponent("whole.json")
        #expect(await contract(["run", "--report", "json=\(whole.path)"] + mutant) == 1)
        var shards: [String] = []
        for index in 1...3 {
            let path = dir.appendingPathComponent("shard-\(index).json").path
            _ = await contract(["run", "--shard", "\(index)/3", "--report", "json=\(path)"] + mutant)
            shards.append(path)
        }
        let merged = dir.appendingPathComponent("merged.json"), junit = dir.appendingPathComponent("merged.xml")
        let code = await contract(["report", "merge"] + shards + ["--report", "json=\(merged.path)", "--report", "junit=\(junit.path)"])
        #expect(code == 1, "the merged run failed as the whole run did")
        let (a, b) = (try Self.read(whole), try Self.read(merged))
        #expect(Self.verdicts(a) == Self.verdicts(b), "the same checks with the same verdicts")
        #expect(a["summary"] == b["summary"])
        #expect(a["exit_code"] == b["exit_code"])
        #expect(b["shard"] == ["index": 1, "count": 1], "the merged report is the whole run")
        #expect(a["provisioning"]?["accounts"] != nil && b["provisioning"]?["accounts"] != nil)
        let xml = try String(contentsOf: junit, encoding: .utf8)
        #expect(xml.components(separatedBy: "<testcase ").count - 1 == Self.verdicts(a).count)
        #expect(xml.contains("<failure message="))
    }

    @Test func mergeRefusesWhatIsNotOneRun() async throws {
        let dir = try Self.folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shard = dir.appendingPathComponent("one.json").path
        _ = await contract(["run", "--filter", "agents", "--shard", "1/2", "--report", "json=\(shard)"])
        let out = dir.appendingPathComponent("out.json").path
        let twice = await contractOutput(["report", "merge", shard, shard, "--report", "json=\(out)"])
        #expect(twice.code == 2 && twice.error.contains("the same shard twice"), "\(twice.error)")
        let alone = await contractOutput(["report", "merge", shard, "--report", "json=\(out)"])
        #expect(alone.code == 2 && alone.error.contains("shard 2/2 missing"), "a merged run without shard 2 proves nothing: \(alone.error)")
        let other = dir.appendingPathComponent("other.json")
        try Data(#"{"schema": "something-else", "version": 1}"#.utf8).write(to: other)
        let foreign = await contractOutput(["report", "merge", other.path, "--report", "json=\(out)"])
        #expect(foreign.code == 2 && foreign.error.contains("not a run report"), "\(foreign.error)")
        #expect(await contract(["report", "merge", shard]) == 2, "nothing asked to be written")
        #expect(await contract(["report", "combine", shard, "--report", "json=\(out)"]) == 2)
    }

    @Test func theHTMLReportStandsAloneAndShowsTheBrokenRule() async throws {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        // A broken owner check (another status) and a list in the wrong order (the same status, another body).
        let target = ReferenceTarget(
            service: try Mutant.reference(with: [.noOwnershipOnGet, .oldestFirst], configuration), configuration: configuration)
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: try #require(BuiltInSuite.contracts))
        else { throw ExploreTestError("the built-in suite does not load") }
        var options = Runner.Options()
        options.filters = ["ownership", "agents", "pagination"]
        options.jwtSecret = Array(configuration.secretKey.utf8)
        let result = await Runner(suite: suite, target: target, options: options).run()
        let coverage = CoverageAnalysis.analyze(suite, contract: try #require(suite.api))
        let page = FileReporter(kind: .html, path: "-", coverage: coverage).render(result)

        // Nothing fetched: no external script, style, image or link.
        for pattern in [#"src\s*=\s*"(?!data:)"#, #"<link\b"#, #"url\((?!data:)"#, #"@import"#] {
            #expect(page.range(of: pattern, options: .regularExpression) == nil, "\(pattern)")
        }
        // No token, password or signing key: a JWT would start with eyJ.
        #expect(!page.contains("eyJ"))
        #expect(!page.contains(configuration.secretKey))
        #expect(page.contains("***"))
        // The matrix: GET of another user's agent is the one broken cell.
        let row = try #require(page.range(of: "<td class=\"route\">GET /api/v1/agents/{agent_id}</td>"))
        let cells = page[row.upperBound...].prefix { $0 != "\n" }
        let classes = cells.components(separatedBy: "<td class=\"").dropFirst().map { $0.prefix { $0 != "\"" } }
        #expect(classes == ["passed", "failed", "passed", "passed"], "\(classes)")
        #expect(page.components(separatedBy: "class=\"failed\" title=").count - 1 == 1, "only that cell is red")
        // A failing fixture opens with its request and the differing path marked in the actual answer.
        #expect(page.contains("<details class=\"check\" data-verdict=\"failed\""))
        #expect(page.contains("<mark>"), "a differing place in a body of the expected status is marked")
        #expect(page.contains("in the body not listed: with another status the body is another answer"))
        #expect(!page.contains("unexpected key"), "no key-by-key advice under another status")
        #expect(page.contains("curl -sS -i -X GET"))
        #expect(page.contains("Coverage: "))
        #expect(page.hasPrefix("<!doctype html>") && page.hasSuffix("</html>\n"))
    }
}

/// `docs/coverage.md` is the output of `contract coverage --markdown` with headings added: a rule, fixture
/// or gap that changes must change it too, or the document would vouch for coverage the suite no longer has.
@Test func theCoverageDocumentIsTheCurrentCoverage() async throws {
    let document = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("docs/coverage.md")
    let written = try String(contentsOf: document, encoding: .utf8)
    let live = await contractOutput(["coverage", "--markdown"])
    #expect(live.code == 0)
    let rows = live.output.split(separator: "\n").filter { $0.hasPrefix("|") && !$0.hasPrefix("| ---") }
    #expect(rows.count > 300)
    let writtenRows = Set(written.split(separator: "\n").filter { $0.hasPrefix("|") })
    let stale = rows.filter { !writtenRows.contains($0) }
    #expect(stale.isEmpty, "docs/coverage.md lacks \(stale.count) rows of contract coverage --markdown, such as \(stale.prefix(3))")
    let extra = writtenRows.filter { !$0.hasPrefix("| ---") && !rows.contains($0) }
    #expect(extra.isEmpty, "docs/coverage.md has \(extra.count) rows coverage no longer prints, such as \(extra.prefix(3))")
}

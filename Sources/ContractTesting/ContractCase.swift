import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import ReferenceTarget
import Testing

/// One fixture of the contract suite, with the derived checks planned from it: the argument of a
/// parameterized `@Test`, so each fixture is its own test case and a failure names it.
public struct ContractCase: Sendable, CustomStringConvertible, CustomTestStringConvertible {
    public let fixture: Fixture
    /// Where the fixture lives on disk (recording writes there).
    public let url: URL?
    let suite: Suite
    /// Shared by every case loaded together: one run id and one counter, so `{{$unique}}` values
    /// never collide between cases that run against the same database.
    let run: SharedRun
    let derived: [DerivedOrigin]
    /// Why the folder did not load: a case that fails with the loader's report, so a broken fixture file
    /// shows up as a failing test rather than as a suite that silently shrank.
    var loadProblem: String?
    /// Whether record modes may write this fixture's file: not when it is a copy in a build folder or a
    /// resource bundle, nor the built-in suite, where a write would change nothing that lasts.
    var recordable: Bool {
        guard let url else { return false }
        if let builtIn = BuiltInSuite.fixtures?.standardizedFileURL.path, url.standardizedFileURL.path.hasPrefix(builtIn + "/") { return false }
        return !url.pathComponents.contains { $0 == ".build" || $0.hasSuffix(".resources") || $0.hasSuffix(".bundle") }
    }

    public var description: String { fixture.file }
    public var testDescription: String { fixture.file }

    /// Runs the fixture and its derived checks; the failure report, or nil when everything passed.
    /// Records new expectations first when the record mode asks for it (see `ContractRecording`).
    public func verify(against target: any Target, jwtSecret: [UInt8]? = nil) async -> String? {
        await evaluate(against: target, jwtSecret: jwtSecret)?.report
    }

    /// The report and the fixture line of the first step that failed.
    func evaluate(against target: any Target, jwtSecret: [UInt8]?) async -> (report: String, line: Int?)? {
        if let loadProblem { return (loadProblem, nil) }
        var recorded: String?
        if let url, recordable, ContractRecording.mode != .never {
            switch await record(against: target, to: url, mode: ContractRecording.mode) {
            case .success(let diff): recorded = diff
            case .failure(let failure): return ("Recording \(fixture.file) failed: \(failure.description)", nil)
            }
        }
        let current = recorded == nil ? fixture : (reloaded() ?? fixture)
        var options = Runner.Options()
        options.jwtSecret = jwtSecret ?? (target as? ReferenceTarget).map { Array($0.configuration.secretKey.utf8) }
        options.derive = []
        let runner = Runner(
            suite: Suite(fixtures: [current], actors: suite.actors, api: suite.api), target: target, options: options,
            runID: run.id)
        var result = await runner.run(counter: run.counter)
        if let contract = suite.api, !derived.isEmpty, result.unreachable == nil {
            let failing = Set(result.fixtures.filter { $0.verdict != .passed }.map(\.file))
            result.derived = await runner.runDerived(origins: derived, contract: contract, counter: run.counter, failedFixtures: failing)
        }
        var reports = result.fixtures.compactMap { $0.verdict == .passed ? nil : FailureReport().text(for: $0) }
        reports += result.derived.compactMap { FailureReport().text(for: $0) }
        if let unreachable = result.unreachable { reports.append(unreachable) }
        if let recorded {
            // A test that recorded always fails, so CI never passes on a freshly written fixture.
            reports.insert(
                "Recorded \(fixture.file) (CONTRACT_RECORD=\(ContractRecording.mode.rawValue)); check the change and run again:\n"
                    + recorded, at: 0)
        }
        guard !reports.isEmpty else { return nil }
        let failedStep = result.fixtures.first?.failure?.number ?? result.derived.first { !$0.passed }?.originStep
        let line = current.steps.first { $0.number == failedStep }?.line
        return (reports.joined(separator: "\n\n"), recorded == nil ? line : nil)
    }

    /// Runs the case and reports a failure to Swift Testing or XCTest. A Swift Testing issue points at the
    /// failing step in the fixture file (so an editor opens the JSON); XCTest's points at the caller.
    public func check(
        against target: any Target, jwtSecret: [UInt8]? = nil, fileID: String = #fileID, file: StaticString = #filePath,
        line: UInt = #line, column: Int = #column
    ) async {
        guard let verdict = await evaluate(against: target, jwtSecret: jwtSecret) else { return }
        let inFixture = url.flatMap { url in verdict.line.map { (path: url.path, line: $0) } }
        ContractFailure.report(verdict.report, fileID: fileID, file: file, line: line, column: column, fixture: inFixture)
    }

    /// Records the fixture file in place: the diff when it changed, nil when it did not, or why it could not.
    private func record(against target: any Target, to url: URL, mode: Recorder.Mode) async -> Result<String?, Recorder.Failure> {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            return .failure(Recorder.Failure(kind: .script, description: "cannot read \(url.path)"))
        }
        let recording: Recorder.Recording
        do {
            recording = try await Recorder(target: target, actors: suite.actors).record(Array(data), file: fixture.file, mode: mode)
        } catch {
            return .failure(error)
        }
        guard recording.changed else { return .success(nil) }
        do {
            try Data(recording.text.utf8).write(to: url)
        } catch {
            return .failure(Recorder.Failure(kind: .script, description: "cannot write \(url.path): \(error.localizedDescription)"))
        }
        return .success(recording.secrets.masked(TextDiff.unified(recording.original, recording.text, oldName: fixture.file, newName: fixture.file)))
    }

    /// A case that only fails, with `report`: what stands in for a suite that could not be loaded.
    static func broken(_ name: String, _ report: String) -> ContractCase {
        let nobody = ActorSpec(loginTemplate: "", passwordTemplate: "", steps: [], authorizationTemplate: "")
        return ContractCase(
            fixture: Fixture(file: name, description: "does not load", tags: [], actors: [], variables: [], steps: []),
            url: nil, suite: Suite(fixtures: [], actors: nobody), run: SharedRun(), derived: [], loadProblem: report)
    }

    private func reloaded() -> Fixture? {
        guard let url, let data = FileManager.default.contents(atPath: url.path),
            case .success(let fixture) = FixtureLoader.load(bytes: Array(data), file: fixture.file)
        else { return nil }
        return fixture
    }
}

/// Builds the cases of a parameterized contract test.
public enum ContractCases {
    /// The agent API suite built into the package, plus the fixtures in `adding` folders.
    public static func builtIn(adding folders: [URL] = [], derive: Set<DerivedKind> = Set(DerivedKind.allCases)) -> [ContractCase] {
        guard let fixtures = BuiltInSuite.fixtures, let contracts = BuiltInSuite.contracts else {
            return [.broken("ContractSuite", "The built-in fixtures or contracts are missing from the ContractSuite bundle.")]
        }
        return load(fixtures: [fixtures] + folders, contracts: contracts, derive: derive)
    }

    /// Cases from fixture folders and a contracts folder (by default the built-in one); derived checks are
    /// planned across all of them (each distinct check once) and handed to the case of the fixture they come from.
    public static func load(
        fixtures folders: [URL], contracts: URL? = BuiltInSuite.contracts,
        derive: Set<DerivedKind> = Set(DerivedKind.allCases)
    ) -> [ContractCase] {
        guard let contracts else {
            return [.broken("ContractSuite", "The built-in contracts are missing from the ContractSuite bundle; pass `contracts:`.")]
        }
        var fixtures: [(Fixture, URL)] = []
        var problems: [(URL, String)] = []
        var base: Suite?
        for folder in folders {
            switch Suite.load(fixtures: folder, contracts: contracts) {
            case .success(let suite):
                base = base ?? suite
                let root = folder.resolvingSymlinksInPath()
                fixtures += suite.fixtures.map { ($0, root.appendingPathComponent($0.file)) }
            case .failure(let failure):
                problems.append(
                    (
                        folder,
                        "The contract suite at \(folder.path) does not load:\n"
                            + failure.issues.map(\.description).joined(separator: "\n")
                    ))
            }
        }
        let broken = problems.map { folder, report in ContractCase.broken(folder.lastPathComponent, report) }
        guard let base else { return broken }
        let suite = Suite(fixtures: fixtures.map(\.0), actors: base.actors, api: base.api)
        let run = SharedRun()
        // Planned as if the secret were known; checks that need it are dropped at run time when it is not.
        let origins = base.api.map { DerivedPlanner(contract: $0, kinds: derive).plan(suite.fixtures) } ?? []
        // Keyed by file and description: an added folder may hold a file named like a built-in one.
        let key = { (fixture: Fixture) in fixture.file + "\n" + fixture.description }
        let originsByFixture = Dictionary(grouping: origins) { key($0.fixture) }
        return broken
            + fixtures.map { fixture, url in
                ContractCase(fixture: fixture, url: url, suite: suite, run: run, derived: originsByFixture[key(fixture)] ?? [])
            }
    }
}

/// The run id and `{{$unique}}` counter that the cases loaded together share.
struct SharedRun: Sendable {
    let id = Runner.makeRunID()
    let counter = UniqueCounter()
}

import Foundation

/// Everything a run needs from disk: the fixtures and the contracts.
public struct Suite: Sendable {
    public var fixtures: [Fixture]
    public var actors: ActorSpec
    /// `contracts/api.json`, when the contracts folder has one (coverage and derived checks need it).
    public var api: APIContract?
    /// The contract document api.json names: its statement ids are coverage rows and what `covers` may name.
    public var document: ContractDocument?

    public init(fixtures: [Fixture], actors: ActorSpec, api: APIContract? = nil, document: ContractDocument? = nil) {
        self.fixtures = fixtures
        self.actors = actors
        self.api = api
        self.document = document
    }

    /// Loads `fixtures` and `contracts`, or returns every problem found in them.
    public static func load(fixtures: URL, contracts: URL) -> Result<Suite, FixtureLoader.Failure> {
        var issues: [FixtureIssue] = []
        let actorsFile = contracts.appendingPathComponent("actors.json")
        var actors: ActorSpec?
        if let data = FileManager.default.contents(atPath: actorsFile.path) {
            switch ActorSpec.load(bytes: Array(data), file: "contracts/actors.json") {
            case .success(let spec): actors = spec
            case .failure(let failure): issues += failure.issues
            }
        } else {
            issues.append(FixtureIssue(file: actorsFile.path, line: 1, column: 1, message: "missing: the actors contract is required"))
        }
        var api: APIContract?
        let apiFile = contracts.appendingPathComponent("api.json")
        if let data = FileManager.default.contents(atPath: apiFile.path) {
            switch APIContract.load(bytes: Array(data), file: "contracts/api.json") {
            case .success(let contract): api = contract
            case .failure(let failure): issues += failure.issues
            }
        }
        var document: ContractDocument?
        if let name = api?.document {
            let url = contracts.appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: url.path) {
                switch ContractDocument.load(String(decoding: data, as: UTF8.self), file: "contracts/\(name)") {
                case .success(let loaded): document = loaded
                case .failure(let failure): issues += failure.issues
                }
            } else {
                issues.append(FixtureIssue(file: "contracts/api.json", line: 1, column: 1, message: "no contract document \(name) beside api.json"))
            }
        }
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: fixtures.path, isDirectory: &isDirectory) || !isDirectory.boolValue {
            issues.append(FixtureIssue(file: fixtures.path, line: 1, column: 1, message: "no such fixtures folder"))
        }
        let loaded = FixtureLoader.load(directory: fixtures)
        issues += loaded.issues
        if let actors {
            for fixture in loaded.fixtures {
                issues += FixtureLinter.check(fixture, file: fixture.file, actorProperties: actors.properties)
            }
        }
        for fixture in loaded.fixtures where !fixture.covers.isEmpty {
            guard let document else {
                issues.append(
                    FixtureIssue(
                        file: fixture.file, line: fixture.coversLine, column: 1,
                        message: "\"covers\" names contract statements, but contracts/api.json names no \"document\""))
                continue
            }
            for id in fixture.covers {
                if let problem = document.unknownStatement(id) {
                    issues.append(FixtureIssue(file: fixture.file, line: fixture.coversLine, column: 1, message: problem))
                }
            }
        }
        if let api, let document {
            let named =
                api.derivedCoverage.flatMap(\.statements).map { ("derivedCoverage", $0) } + api.notObservable.map { ("notObservable", $0.statement) }
            for (key, id) in named {
                if let problem = document.unknownStatement(id) {
                    issues.append(FixtureIssue(file: "contracts/api.json", line: 1, column: 1, message: "\(key): \(problem)"))
                }
            }
        }
        if loaded.fixtures.isEmpty && loaded.issues.isEmpty {
            issues.append(FixtureIssue(file: fixtures.path, line: 1, column: 1, message: "no fixtures (*.json) found"))
        }
        guard issues.isEmpty, let actors else { return .failure(.init(issues: issues)) }
        return .success(Suite(fixtures: loaded.fixtures, actors: actors, api: api, document: document))
    }
}

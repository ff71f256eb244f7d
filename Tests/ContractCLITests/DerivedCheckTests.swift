import AgentAPI
import ContractCLI
import ContractKit
import ContractSuite
import Foundation
import ReferenceFaults
import ReferenceTarget
import Testing

/// Derived checks against the reference, correct and with one defect at a time.
struct DerivedCheckTests {
    static let fixtureJSON = """
        {"description": "alice creates an agent and reads it", "actors": ["alice"], "steps": [
          {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "Derived", "model_name": "gpt-4", "temperature": 0.5}},
           "expect": {"status": 201}, "capture": {"agent": "$.id"}},
          {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/{{agent}}"}, "expect": {"status": 200}}]}
        """

    func suite(_ extra: [String] = []) throws -> Suite {
        guard let contracts = BuiltInSuite.contracts,
            case .success(let builtIn) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: contracts)
        else { throw CocoaError(.fileReadNoSuchFile) }
        var fixtures: [Fixture] = []
        for (index, json) in ([Self.fixtureJSON] + extra).enumerated() {
            guard case .success(let fixture) = FixtureLoader.load(bytes: Array(json.utf8), file: "derived-\(index).json") else {
                throw CocoaError(.fileReadCorruptFile)
            }
            fixtures.append(fixture)
        }
        return Suite(fixtures: fixtures, actors: builtIn.actors, api: builtIn.api)
    }

    func run(_ suite: Suite, mutant: Mutant? = nil) async throws -> RunResult {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        var options = Runner.Options()
        options.jwtSecret = Array(configuration.secretKey.utf8)
        let target = ReferenceTarget(service: try mutant?.reference(configuration) ?? AgentAPI(configuration), configuration: configuration)
        return await Runner(suite: suite, target: target, options: options).run()
    }

    @Test func everyKindRunsAndPassesOnTheReference() async throws {
        let result = try await run(try suite())
        #expect(result.exitCode == 0, "\(result.derived.compactMap { FailureReport().text(for: $0) })")
        let counts = Dictionary(uniqueKeysWithValues: result.derivedCounts.map { ($0.kind, $0.count) })
        #expect(counts[.auth] ?? 0 >= 12, "no credentials and six forgeries on each of two routes")
        #expect(counts[.ownership] == 1)
        #expect(counts[.validation] ?? 0 >= 20)
        #expect(result.derived.contains { $0.title == TokenForgery.expired.rawValue }, "the secret enables signed forgeries")
    }

    @Test func identicalChecksRunOnce() async throws {
        let again = Self.fixtureJSON.replacingOccurrences(of: "alice creates", with: "alice again creates")
        let once = try await run(try suite()).derived.count
        let twice = try await run(try suite([again])).derived.count
        #expect(once == twice)
    }

    @Test func aMissingOwnershipCheckIsCaughtAndNamedAfterItsOrigin() async throws {
        let result = try await run(try suite(), mutant: .noOwnershipOnGet)
        #expect(result.failed == 0, "the fixture itself has only one actor and passes")
        let failure = try #require(result.derived.first { !$0.passed })
        #expect(failure.kind == .ownership)
        #expect(failure.name == "derived-0.json step 2, derived: ownership — another user")
        let text = try #require(FailureReport().text(for: failure))
        #expect(text.contains("status: expected 403, got 200"))
        #expect(text.contains("-H 'Authorization: Bearer ***'"))
        #expect(result.exitCode == 1)
    }

    @Test func anUnverifiedSignatureIsCaught() async throws {
        let result = try await run(try suite(), mutant: .signatureNotVerified)
        let titles = Set(result.derived.filter { !$0.passed }.map(\.title))
        #expect(titles.contains(TokenForgery.flippedSignature.rawValue))
        #expect(titles.contains(TokenForgery.swappedSubject.rawValue))
    }

    @Test func aDroppedBoundIsCaughtWithTheExactItem() async throws {
        let result = try await run(try suite(), mutant: .temperatureUnbounded)
        let failure = try #require(result.derived.first { !$0.passed })
        #expect(failure.kind == .validation)
        #expect(failure.title == "temperature above 2")
        #expect(FailureReport().text(for: failure)?.contains("status: expected 422, got 201") == true)
    }

    @Test func derivedChecksCanBeSwitchedOff() async throws {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        var options = Runner.Options()
        options.derive = [.auth]
        let result = await Runner(suite: try suite(), target: try ReferenceTarget(configuration: configuration), options: options).run()
        #expect(Set(result.derived.map(\.kind)) == [.auth])
        let expired = try #require(result.derived.first { $0.title == TokenForgery.expired.rawValue })
        #expect(
            expired.verdict == .skipped(reason: "needs the target's signing key (--jwt-secret or CONTRACT_JWT_SECRET)"),
            "without the secret a signed forgery is skipped, said so, and never passed")
        #expect(result.derivedSkipped.count == TokenForgery.allCases.filter(\.needsSecret).count * Set(result.derived.map(\.originStep)).count)
    }
}

/// Every mutant of the reference is killed by the built-in suite (fixtures or derived checks).
struct MutantTests {
    @Test func everyMutantIsKilled() async throws {
        let suite = try #require(
            { () -> Suite? in
                guard let fixtures = BuiltInSuite.fixtures, let contracts = BuiltInSuite.contracts,
                    case .success(let suite) = Suite.load(fixtures: fixtures, contracts: contracts)
                else { return nil }
                return suite
            }())
        let verdicts = try await MutantSweep.run(suite: suite, failFast: true, passwordIterations: 10)
        #expect(verdicts.count == Mutant.allCases.count)
        for verdict in verdicts {
            #expect(verdict.killed, "\(verdict.mutant.rawValue) survived: \(verdict.mutant.summary)")
        }
    }
}

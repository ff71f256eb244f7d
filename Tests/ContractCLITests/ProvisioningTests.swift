import AgentAPI
import ContractSuite
import Foundation
import HTTPCore
import JSONCore
import Locking
import ReferenceTarget
import Testing

@testable import ContractKit

/// Accounts are what a run costs against a target that hashes passwords slowly: the run counts the ones
/// it made exactly, read-only ownership checks share one intruder, and a fixture's actors register together.
@Suite(.serialized)
struct ProvisioningTests {
    /// Passes requests to the reference, counting the registrations it accepted and how many were in flight at once.
    struct Registrations: Target {
        struct Seen {
            var emails: [String] = []
            var inFlight = 0
            var mostInFlight = 0
        }

        let inner: ReferenceTarget
        let seen = Locked(Seen())
        /// How long a registration takes, as on a target with a slow password hash.
        var delay: Duration = .zero
        var description: String { inner.description }

        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            guard request.method == .post, request.target == "/api/v1/users" else { return try await inner.send(request) }
            seen.withLock {
                $0.inFlight += 1
                $0.mostInFlight = max($0.mostInFlight, $0.inFlight)
            }
            defer { seen.withLock { $0.inFlight -= 1 } }
            if delay > .zero { try await Task.sleep(for: delay) }
            let response = try await inner.send(request)
            if response.status == 201, let email = (try? JSONParser.parse(bytes: response.body))?["email"]?.stringValue {
                seen.withLock { $0.emails.append(email) }
            }
            return response
        }
        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            try await inner.openWebSocket(target: target, headers: headers)
        }
        func checkReachable() async throws { try await inner.checkReachable() }
    }

    static func suite() throws -> ContractKit.Suite {
        guard case .success(let suite) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: try #require(BuiltInSuite.contracts))
        else { throw ExploreTestError("the built-in suite does not load") }
        return suite
    }

    static func reference() throws -> ReferenceTarget {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 1
        return ReferenceTarget(service: try AgentAPI(configuration), configuration: configuration)
    }

    @Test func theRunCountsTheAccountsTheTargetRegistered() async throws {
        let suite = try Self.suite()
        let target = Registrations(inner: try Self.reference())
        let runner = Runner(suite: suite, target: target)
        let result = await runner.run()
        #expect(result.exitCode == 0)
        // Actors register as `<actor>-<unique>@example.com` (actors.json); fixtures that test registration
        // register others themselves, and those are not provisioning.
        let actors = Set(suite.fixtures.flatMap(\.actors) + ["intruder"])
        let emails = target.seen.current.emails.filter { email in
            actors.contains { email.hasPrefix("\($0)-") && email.hasSuffix("@example.com") }
        }
        #expect(result.provisioning.accounts == emails.count, "the summary counts what the target registered for actors")
        #expect(result.provisioning.failures == 0)
        // One intruder serves every read-only step's ownership checks and lends its id to forged tokens;
        // another user's request on a step that writes gets an intruder of its own.
        let plan = runner.plannedDerived(try #require(suite.api))
        let needing = plan.filter { $0.checks.contains(where: \.needsAnotherUser) }
        let writing = needing.filter { origin in
            !["GET", "HEAD"].contains(origin.step.request.method)
                && origin.checks.contains { if case .anotherUser = $0.variant { true } else { false } }
        }
        #expect(needing.count > writing.count && !writing.isEmpty, "the suite has both kinds of steps")
        let intruders = emails.filter { $0.hasPrefix("intruder-") }.count
        #expect(intruders == writing.count + 1, "\(intruders) intruders for \(writing.count) writing steps' ownership checks and the shared one")
    }

    @Test func aFixturesActorsRegisterTogether() async throws {
        let suite = try Self.suite()
        let fixture = try #require(suite.fixtures.first { $0.actors.count == 2 })
        var target = Registrations(inner: try Self.reference())
        target.delay = .milliseconds(100)
        var options = Runner.Options()
        options.filters = [fixture.file]
        options.derive = []
        options.concurrency = 1
        let result = await Runner(suite: suite, target: target, options: options).run()
        #expect(result.fixtures.count == 1 && result.exitCode == 0)
        #expect(target.seen.current.mostInFlight == 2, "\(fixture.file): both actors register at once, not one after the other")
        #expect(result.provisioning.accounts == 2)
    }

    @Test func aFailedProvisioningIsCountedAndReported() async throws {
        let suite = try Self.suite()
        /// Refuses every registration, as a target whose users endpoint broke.
        struct Refusing: Target {
            let inner: ReferenceTarget
            var description: String { inner.description }
            func send(_ request: HTTPRequest) async throws -> HTTPResponse {
                if request.target == "/api/v1/users" { return HTTPResponse(status: 503, headers: HTTPHeaders(), body: []) }
                return try await inner.send(request)
            }
            func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
                try await inner.openWebSocket(target: target, headers: headers)
            }
            func checkReachable() async throws { try await inner.checkReachable() }
        }
        var options = Runner.Options()
        options.filters = ["ownership"]
        let result = await Runner(suite: suite, target: Refusing(inner: try Self.reference()), options: options).run()
        #expect(result.exitCode == 1)
        #expect(result.provisioning.accounts == 0 && result.provisioning.failures > 0)
        let lines = HumanReporter.provisioningLine(result.provisioning)
        #expect(lines.contains("0 provisioned") && lines.contains("failed to provision"), "\(lines)")
    }

    @Test func onlyActorsThatAreAlwaysRefusedAreBystanders() throws {
        let suite = try Self.suite()
        func bystanders(_ file: String) -> Set<String>? { suite.fixtures.first { $0.file == file }?.bystanders }
        // bob only ever hears 403 about alice's agent; alice creates it.
        #expect(bystanders("ownership/get-foreign-agent-is-403.json") == ["bob"])
        #expect(bystanders("validation/path-ids-must-be-integers.json") == ["alice"])
        #expect(bystanders("agents/create-agent-returns-201-with-defaults.json") == [])
        // A race or a WebSocket may see what the account holds.
        for fixture in suite.fixtures where fixture.steps.contains(where: { if case .parallel = $0 { true } else { false } }) {
            let racing = fixture.steps.flatMap { step -> [String] in
                guard case .parallel(let group) = step else { return [] }
                return group.members.compactMap(\.actor)
            }
            #expect(fixture.bystanders.isDisjoint(with: racing), "\(fixture.file)")
        }
    }

    @Test func fixturesShareTheBystanderOfAName() async throws {
        let suite = try Self.suite()
        let refusedOnly = suite.fixtures.filter { $0.bystanders == ["alice"] }.prefix(3).map(\.file)
        #expect(refusedOnly.count == 3)
        let target = Registrations(inner: try Self.reference())
        var options = Runner.Options()
        options.filters = refusedOnly + ["agents/create-agent-returns-201-with-defaults.json"]
        options.derive = []
        let result = await Runner(suite: suite, target: target, options: options).run()
        #expect(result.exitCode == 0 && result.fixtures.count == 4)
        let alices = target.seen.current.emails.filter { $0.hasPrefix("alice-") }
        #expect(alices.count == 2, "one alice for the three fixtures that only see her refused, one for the fixture she acts in")
        #expect(result.provisioning.accounts == 2)
    }
}

import ContractKit
import Foundation
import HTTPCore
import JSONCore
import Testing

/// The runner must pass when the target agrees: captures, templating, parallel groups, filters, allow lists.
struct RunnerSuccessTests {
    @Test func capturesFlowAcrossStepsWithTheirTypes() async throws {
        let json = """
            {"description": "capture and reuse", "steps": [
              {"request": {"method": "POST", "path": "/things", "json": {"name": "n-{{$run}}"}}, "expect": {"status": 201},
               "capture": {"thing": "$.id", "where": "header:Location"}},
              {"request": {"method": "GET", "path": "/things/{{thing}}", "query": {"expand": true, "tag": ["a b", "c"]},
                           "headers": {"X-Where": "{{where}}"}},
               "expect": {"status": 200, "json": {"id": {"$ref": "thing"}, "parent": "{{thing}}", "label": "thing {{thing}}"}}}]}
            """
        let seen = Counter()
        let target = StubTarget { request in
            if request.method == .post {
                #expect(request.headers["content-type"] == "application/json")
                return StubTarget.json(201, #"{"id":41}"#, headers: [("Location", "/things/41")])
            }
            _ = seen.next()
            #expect(request.target == "/things/41?expand=true&tag=a+b&tag=c")
            #expect(request.headers["x-where"] == "/things/41")
            return StubTarget.json(200, #"{"id":41,"parent":41,"label":"thing 41"}"#)
        }
        let result = await run([try #require(fixture(json))], against: target)
        #expect(result.exitCode == 0, "\(failureText(result))")
        #expect(seen.next() == 2)
    }

    @Test func parallelGroupSendsConcurrentlyAndChecksTheStatusMultiset() async throws {
        let json = """
            {"description": "race", "steps": [{"parallel": [
                {"request": {"method": "POST", "path": "/users"}, "expect": {"status": [201, 409]}},
                {"request": {"method": "POST", "path": "/users"}, "expect": {"status": [201, 409]}}],
              "expect": {"statuses": [201, 409]}}]}
            """
        let first = Counter()
        let oneWinner = StubTarget { _ in
            try await Task.sleep(nanoseconds: 20_000_000)
            return StubTarget.json(first.next() == 1 ? 201 : 409, "{}")
        }
        #expect(await run([try #require(fixture(json))], against: oneWinner).exitCode == 0)
        let bothWin = StubTarget { _ in StubTarget.json(201, "{}") }
        let result = await run([try #require(fixture(json))], against: bothWin)
        #expect(result.exitCode == 1)
        #expect(result.fixtures.first?.failure?.mismatches.last?.location == .groupStatuses)
        #expect(result.fixtures.first?.failure?.mismatches.last?.actual == [201, 201])
    }

    @Test func filtersAndTagsSelectFixtures() throws {
        let a = try #require(
            fixture(
                #"{"description": "a", "tags": ["auth"], "steps": [{"request": {"method": "GET", "path": "/"}}]}"#,
                file: "auth/login.json"))
        let b = try #require(
            fixture(
                #"{"description": "b", "tags": ["agents"], "steps": [{"request": {"method": "GET", "path": "/"}}]}"#,
                file: "agents/create.json"))
        var options = Runner.Options()
        options.filters = ["auth/*"]
        let stub = StubTarget { _ in StubTarget.json(200, "{}") }
        #expect(
            Runner(suite: Suite(fixtures: [a, b], actors: testActors), target: stub, options: options).selectedFixtures.map(\.file)
                == ["auth/login.json"])
        options.filters = []
        options.tags = ["agents"]
        #expect(
            Runner(suite: Suite(fixtures: [a, b], actors: testActors), target: stub, options: options).selectedFixtures.map(\.file)
                == ["agents/create.json"])
        #expect(Glob.matches("agents", "agents/create.json"))
        #expect(Glob.matches("**/create.json", "agents/deep/create.json"))
        #expect(!Glob.matches("agents/*.json", "agents/deep/create.json"))
    }

    @Test func allowListMarksKnownFailuresAndRefusesStaleEntries() async throws {
        let failing = try #require(
            fixture(
                #"{"description": "f", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"status": 200}}]}"#,
                file: "known/bug.json"))
        let passing = try #require(
            fixture(
                #"{"description": "p", "steps": [{"request": {"method": "GET", "path": "/ok"}, "expect": {"status": 200}}]}"#,
                file: "fixed/bug.json"))
        let target = StubTarget { request in StubTarget.json(request.target == "/ok" ? 200 : 500, "{}") }
        var result = await run([failing, passing], against: target)
        let list = """
            {"allowed": [
              {"fixture": "known/bug.json", "step": 1, "reason": "ticket 12", "expires": "2099-01-01"},
              {"fixture": "fixed/bug.json", "reason": "ticket 9", "expires": "2099-01-01"},
              {"fixture": "gone/*.json", "reason": "ticket 3", "expires": "2000-01-01"}]}
            """
        guard case .success(let allowList) = AllowList.load(bytes: Array(list.utf8), file: "allow.json") else {
            Issue.record("allow list does not load")
            return
        }
        allowList.apply(to: &result, today: "2026-11-24")
        #expect(result.fixtures.first { $0.file == "known/bug.json" }?.verdict == .allowed(reason: "ticket 12"))
        #expect(result.allowListProblems.count == 2)
        #expect(result.allowListProblems.contains { $0.contains("fixed/bug.json") && $0.contains("now passes") })
        #expect(result.allowListProblems.contains { $0.contains("expired on 2000-01-01") })
        #expect(result.exitCode == 1)
    }

    @Test func expiredEntryFailsEvenWhenItStillMatches() async throws {
        let failing = try #require(
            fixture(
                #"{"description": "f", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"status": 200}}]}"#,
                file: "known/bug.json"))
        var result = await run([failing], against: StubTarget { _ in StubTarget.json(500, "{}") })
        AllowList(entries: [.init(fixture: "known/bug.json", step: nil, reason: "r", expires: "2026-11-23")])
            .apply(to: &result, today: "2026-11-24")
        #expect(result.fixtures.first?.verdict == .failed)
        #expect(result.allowListProblems == ["allowed failure for known/bug.json expired on 2026-11-23: fix it or renew the entry"])
        #expect(result.exitCode == 1)
    }

    @Test func reportsRenderEveryFormat() async throws {
        let failing = try #require(
            fixture(
                #"{"description": "f & <g>", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"status": 200}}]}"#,
                file: "x/y.json"))
        let result = await run([failing], against: StubTarget { _ in StubTarget.json(500, "{}") })
        let junit = FileReporter(kind: .junit, path: "-").render(result)
        #expect(junit.contains(#"<testcase classname="fixtures.x" name="x/y.json" time=""#))
        #expect(junit.contains(#"<testsuite name="contract" tests="1" failures="1" skipped="0" time=""#))
        #expect(junit.contains("f &amp; &lt;g&gt;"))
        let tap = FileReporter(kind: .tap, path: "-").render(result)
        #expect(tap.hasPrefix("TAP version 13\n1..1\nnot ok 1 - x/y.json"))
        let json = try JSONParser.parse(FileReporter(kind: .json, path: "-").render(result), options: .strict)
        #expect(json["schema"] == "agent-contract/run-report" && json["version"] == 1)
        #expect(json["summary"]?["fixtures"]?["failed"] == .integer(1))
        let check = try #require(json["checks"]?.arrayValue?.first)
        #expect(check["kind"] == "fixture" && check["verdict"] == "failed")
        #expect(check["step"]?["status"] == .integer(500))
        #expect(check["step"]?["mismatches"]?.arrayValue?.first?["expected"] == ["statuses": [200]])
        #expect(check["step"]?["mismatches"]?.arrayValue?.first?["actual"] == ["value": 500])
    }
}

/// Derived checks behind a failing step are one blocked line, not copies of the failure, and an allowed
/// failure allows what it blocks.
struct BlockedCheckTests {
    static let contract = """
        {"unauthenticated": {"status": 401}, "badToken": {"status": 401},
         "routes": [{"method": "GET", "path": "/a", "statuses": [200, 401]}, {"method": "GET", "path": "/c", "statuses": [200, 401]}]}
        """

    @Test func checksBehindAFailingStepAreBlockedAndAllowedWithIt() async throws {
        guard case .success(let contract) = APIContract.load(bytes: Array(Self.contract.utf8), file: "api.json") else {
            Issue.record("contract does not load")
            return
        }
        let json = """
            {"description": "b fails", "actors": ["alice"], "steps": [
              {"as": "alice", "request": {"method": "GET", "path": "/a"}, "expect": {"status": 200}},
              {"as": "alice", "request": {"method": "GET", "path": "/a"}, "expect": {"status": 200}},
              {"as": "alice", "request": {"method": "GET", "path": "/a"}, "expect": {"status": 404}},
              {"as": "alice", "request": {"method": "GET", "path": "/c"}, "expect": {"status": 200}}]}
            """
        let target = StubTarget.withAccounts { request in
            StubTarget.json(request.headers["authorization"] == "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln" ? 200 : 401, "{}")
        }
        let test = try #require(fixture(json, file: "blocked.json"))
        var options = Runner.Options()
        options.derive = [.auth]
        var result = await Runner(suite: Suite(fixtures: [test], actors: testActors, api: contract), target: target, options: options).run()
        #expect(result.fixtures.first?.verdict == .failed)
        #expect(result.derivedFailed == 0, "checks behind the failing step 3 do not fail again")
        let blocked = result.derivedBlocked
        #expect(!blocked.isEmpty && blocked.allSatisfy { $0.originStep == 4 && $0.verdict == .blocked(by: "the fixture fails at step 3") })
        AllowList(entries: [.init(fixture: "blocked.json", step: 3, reason: "ticket 7", expires: "2999-01-01")]).apply(to: &result)
        #expect(result.derived.filter { $0.originStep == 4 }.allSatisfy { $0.verdict == .allowed(reason: "ticket 7") })
        #expect(result.exitCode == 0)
    }
}

import ContractKit
import Foundation
import HTTPCore
import JSONCore
import Testing

/// The runner must fail, with a precise report, whenever the target differs from the fixture.
struct RunnerFailureTests {
    static let expectAgent = """
        {"description": "reads an agent", "actors": ["alice"], "steps": [
          {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/7"},
           "expect": {"status": 200, "json": {"id": 7, "name": "A", "tool_ids": [1, 2], "created_at": "$datetime"}}}]}
        """

    func answering(_ status: Int, _ body: String) -> StubTarget {
        StubTarget.withAccounts { _ in StubTarget.json(status, body) }
    }

    @Test func wrongStatusIsReported() async throws {
        let result = await run([try #require(fixture(Self.expectAgent))], against: answering(404, #"{"detail":"Not Found"}"#))
        #expect(result.exitCode == 1)
        let text = failureText(result)
        #expect(text.contains("test.json step 1"))
        #expect(text.contains("status: expected 200, got 404"))
        #expect(text.contains("curl -sS -i -X GET 'stub/api/v1/agents/7'") || text.contains("curl -sS -i -X GET 'http://localhost/api/v1/agents/7'"))
        #expect(text.contains("-H 'Authorization: Bearer ***'"))
    }

    @Test func changedMissingAndExtraFieldsAreEachReported() async throws {
        let body = #"{"id":7,"name":"B","tool_ids":[1,2],"password_hash":"pbkdf2$x"}"#
        let result = await run([try #require(fixture(Self.expectAgent))], against: answering(200, body))
        #expect(result.exitCode == 1)
        let mismatches = try #require(result.fixtures.first?.failure?.mismatches)
        #expect(mismatches.map(\.place).sorted() == ["$.created_at", "$.name", "$.password_hash"])
        #expect(mismatches.first { $0.place == "$.name" }?.kind == .differentValue)
        #expect(mismatches.first { $0.place == "$.name" }?.expected == .value("A"))
        #expect(mismatches.first { $0.place == "$.created_at" }?.kind == .missing)
        #expect(mismatches.first { $0.place == "$.password_hash" }?.kind == .unexpected)
        #expect(mismatches.first { $0.place == "$.password_hash" }?.actual == "pbkdf2$x")
        let text = failureText(result)
        #expect(text.contains("$.name: different value\n    - expected: \"A\"\n    + actual:   \"B\""))
    }

    @Test func extraArrayElementIsReported() async throws {
        let body = #"{"id":7,"name":"A","tool_ids":[1,2,3],"created_at":"2026-11-24T18:00:00Z"}"#
        let result = await run([try #require(fixture(Self.expectAgent))], against: answering(200, body))
        let mismatch = try #require(result.fixtures.first?.failure?.mismatches.first)
        #expect(mismatch.location == .body(JSONPath.root.appending("tool_ids").appending(2)))
        #expect(mismatch.kind == .unexpectedElement(expectedCount: 2, actualCount: 3))
        #expect(mismatch.explanation == "unexpected element (expected 2, got 3)")
        #expect(mismatch.actual == .integer(3))
    }

    @Test func wrongMatcherTypeIsReported() async throws {
        let body = #"{"id":7,"name":"A","tool_ids":[1,2],"created_at":"yesterday"}"#
        let result = await run([try #require(fixture(Self.expectAgent))], against: answering(200, body))
        let mismatch = try #require(result.fixtures.first?.failure?.mismatches.first)
        #expect(mismatch.place == "$.created_at")
        #expect(mismatch.kind == .notMatching(matcher: "$datetime"))
        #expect(mismatch.expected == .matcher("$datetime", summary: "$datetime"))
        #expect(failureText(result).contains("not an RFC 3339 timestamp"))
    }

    @Test func integerAndFloatAreDifferentOnTheWire() async throws {
        let json = """
            {"description": "floats", "steps": [{"request": {"method": "GET", "path": "/t"},
              "expect": {"json": {"temperature": 1.0, "count": 2}}}]}
            """
        let result = await run([try #require(fixture(json))], against: answering(200, #"{"temperature":1,"count":2.0}"#))
        #expect(result.fixtures.first?.failure?.mismatches.map(\.place) == ["$.temperature", "$.count"])
    }

    @Test func brokenCaptureStopsTheFixture() async throws {
        let json = """
            {"description": "captures", "steps": [
              {"request": {"method": "POST", "path": "/things"}, "capture": {"thing": "$.id"}},
              {"request": {"method": "GET", "path": "/things/{{thing}}"}, "expect": {"status": 200}}]}
            """
        let calls = Counter()
        let target = StubTarget { _ in
            _ = calls.next()
            return StubTarget.json(201, #"{"uuid":"x"}"#)
        }
        let result = await run([try #require(fixture(json))], against: target)
        #expect(result.exitCode == 1)
        let failure = try #require(result.fixtures.first?.failure)
        #expect(failure.number == 1)
        #expect(failure.mismatches.first?.kind == .nothingCaptured(name: "thing"))
        #expect(failure.mismatches.first?.location == .capture("thing"))
        #expect(calls.next() == 2, "the second step must not run after a broken capture")
    }

    @Test func headersMatchCaseInsensitivelyAndAbsenceIsChecked() async throws {
        let json = """
            {"description": "headers", "steps": [{"request": {"method": "GET", "path": "/x"},
              "expect": {"status": 401, "headers": {"WWW-Authenticate": "Bearer", "x-powered-by": null}}}]}
            """
        let good = await run(
            [try #require(fixture(json))],
            against: StubTarget { _ in StubTarget.json(401, "{}", headers: [("www-authenticate", "Bearer")]) })
        #expect(good.exitCode == 0)
        let bad = await run(
            [try #require(fixture(json))],
            against: StubTarget { _ in StubTarget.json(401, "{}", headers: [("X-Powered-By", "PHP")]) })
        #expect(bad.fixtures.first?.failure?.mismatches.map(\.location) == [.header("www-authenticate"), .header("x-powered-by")])
        #expect(bad.fixtures.first?.failure?.mismatches.map(\.kind) == [.missing, .unexpected])
    }

    @Test func targetDownIsOneUnreachableVerdictWithExitCode3() async throws {
        let target = try HTTPTarget(
            baseURL: try #require(URL(string: "http://127.0.0.1:9")),
            settings: {
                var settings = HTTPTarget.Settings()
                settings.retries = 0
                return settings
            }())
        let result = await run([try #require(fixture(Self.expectAgent))], against: target)
        #expect(result.exitCode == 3)
        #expect(result.fixtures.isEmpty)
        #expect(result.unreachable?.contains("connection refused") == true)
    }

    @Test func provisioningFailureNamesTheActorAndTheRequest() async throws {
        let target = StubTarget { _ in StubTarget.json(500, "oops") }
        let result = await run([try #require(fixture(Self.expectAgent))], against: target)
        #expect(result.exitCode == 1)
        let text = failureText(result)
        #expect(text.contains("provisioning actor alice failed at \"step 1\""))
        #expect(text.contains("/api/v1/users"))
    }

    @Test func secretsAreHiddenUnlessAskedFor() async throws {
        let result = await run([try #require(fixture(Self.expectAgent))], against: answering(500, "boom"))
        let fixtureResult = try #require(result.fixtures.first)
        #expect(!(FailureReport().text(for: fixtureResult) ?? "").contains("eyJhbGciOiJIUzI1NiJ9"))
        #expect((FailureReport(showSecrets: true).text(for: fixtureResult) ?? "").contains("eyJhbGciOiJIUzI1NiJ9"))
    }
}

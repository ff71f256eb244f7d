import ContractKit
import Foundation
import Testing

/// `contract lint` must point at the exact place of every problem.
struct LintTests {
    func issues(_ json: String) -> [FixtureIssue] {
        if case .failure(let failure) = FixtureLoader.load(bytes: Array(json.utf8), file: "f.json") { return failure.issues }
        return []
    }

    @Test func malformedJSONNamesFileLineAndColumn() {
        let found = issues("{\n  \"description\": \"x\",\n  \"steps\": [\n    {\"request\": {\"method\": \"GET\" \"path\": \"/\"}}\n  ]\n}")
        #expect(found.map(\.description) == ["f.json:4:34: Expecting ',' delimiter"])
    }

    @Test func unknownKeysAreErrorsWithAHint() {
        let found = issues(#"{"description": "x", "steps": [{"request": {"methd": "GET", "path": "/"}}]}"#)
        #expect(found.contains { $0.message == "unknown key \"methd\" in a request (did you mean \"method\"?)" && $0.line == 1 })
        #expect(found.contains { $0.message == "missing required key \"method\"" })
    }

    @Test func unknownMatchersAreErrors() {
        let found = issues(
            #"{"description": "x", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"json": {"id": "$int", "n": {"$between": [1, 2]}}}}]}"#
        )
        #expect(found.contains { $0.message.hasPrefix("unknown matcher \"$int\"") })
        #expect(found.contains { $0.message.hasPrefix("unknown matcher \"$between\"") })
    }

    @Test func jwtPartsAreChecked() {
        let found = issues(
            #"{"description": "x", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"json": {"a": {"$jwt": {"headers": {}, "lifetime": -1}}, "b": {"$jwt": 5}}}}]}"#
        )
        #expect(found.contains { $0.message == "\"headers\" is not a part of $jwt (known: header, payload, lifetime)" })
        #expect(found.contains { $0.message == "lifetime takes whole seconds" })
        #expect(found.contains { $0.message.hasPrefix("$jwt takes an object") })
    }

    @Test func unknownActorsAreErrors() {
        let found = issues(
            #"{"description": "x", "actors": ["alice"], "steps": [{"as": "mallory", "request": {"method": "GET", "path": "/{{eve.id}}"}}]}"#)
        #expect(found.contains { $0.message.contains("runs as \"mallory\", who is not among the fixture's actors") })
        #expect(found.contains { $0.message.contains("\"eve\" is not an actor of this fixture") })
    }

    @Test func capturesUsedBeforeTheyAreSetAreErrors() {
        let found = issues(
            """
            {"description": "x", "steps": [
              {"request": {"method": "GET", "path": "/agents/{{agent}}"}, "expect": {"json": {"id": {"$ref": "other"}}}},
              {"request": {"method": "POST", "path": "/agents"}, "capture": {"agent": "$.id"}},
              {"request": {"method": "GET", "path": "/agents/{{agent}}"}}]}
            """)
        #expect(
            found.map(\.message) == [
                "{{agent}} is used before it is captured or declared",
                "{{other}} is used before it is captured or declared",
            ])
        #expect(found.allSatisfy { $0.line == 2 })
    }

    @Test func structuralMistakesAreReported() {
        #expect(issues(#"{"description": "x", "steps": []}"#).map(\.message) == ["a fixture needs at least one step"])
        #expect(
            issues(#"{"steps": [{"request": {"method": "GET", "path": "x"}, "expect": {"status": 99}}]}"#).map(\.message).sorted()
                == ["a path starts with /", "a status is an integer from 100 to 599", "missing required key \"description\""])
        #expect(
            issues(#"{"description": "x", "steps": [{"request": {"method": "GET", "path": "/", "json": {}, "body": "x"}}]}"#)
                .map(\.message) == ["give one body: json or body"])
        #expect(
            issues(#"{"description": "x", "steps": [{"request": {"method": "GET", "path": "/{{a"}}]}"#)
                .contains { $0.message.hasPrefix("unclosed {{") })
    }

    @Test func duplicateKeysAreRefused() {
        let found = issues(#"{"description": "x", "description": "y", "steps": [{"request": {"method": "GET", "path": "/"}}]}"#)
        #expect(found.first?.message == "Duplicate key \"description\"")
        #expect(found.first?.column == 22)
    }
}

/// Problems only the contracts reveal: a fixture that reads an actor property actors.json never captures.
struct SuiteLintTests {
    @Test func anActorPropertyThatActorsJSONDoesNotProvideIsReportedOnce() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("suite-lint-\(UUID().uuidString)")
        let fixtures = root.appendingPathComponent("fixtures"), contracts = root.appendingPathComponent("contracts")
        try FileManager.default.createDirectory(at: fixtures, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: contracts, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let actors = #"""
            {"email": "{{$actor}}@x.test", "password": "pw-{{$unique}}", "authorization": "Bearer {{token}}",
             "steps": [{"request": {"method": "POST", "path": "/login"}, "capture": {"token": "$.token"}}]}
            """#
        try Data(actors.utf8).write(to: contracts.appendingPathComponent("actors.json"))
        let fixture = """
            {"description": "x", "actors": ["alice"],
             "steps": [{"as": "alice", "request": {"method": "GET", "path": "/users/{{alice.id}}"}}]}
            """
        try Data(fixture.utf8).write(to: fixtures.appendingPathComponent("f.json"))
        guard case .failure(let failure) = Suite.load(fixtures: fixtures, contracts: contracts) else {
            Issue.record("a fixture reading alice.id loaded although actors.json captures no id")
            return
        }
        #expect(
            failure.issues.map(\.description) == [
                "f.json:2:1: actor alice has no property \"id\" (actors.json provides: email, password, token)"
            ])
    }
}

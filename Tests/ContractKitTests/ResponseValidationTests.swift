import ContractKit
import ContractSuite
import Foundation
import HTTPCore
import JSONCore
import Testing

/// `--validate-responses`: an answer that breaks its operation's response schema fails the step, even when
/// the fixture's own expectation would let it pass; a status the document does not list is only a note.
struct ResponseValidationTests {
    static func validation() throws -> ResponseValidation {
        let folder = try #require(BuiltInSuite.contracts)
        return ResponseValidation(spec: try OpenAPISpec(bytes: Array(Data(contentsOf: folder.appendingPathComponent("openapi.json")))))
    }

    static let agent =
        #"{"id":7,"name":"A","model_name":"gpt-4","temperature":0.7,"tool_ids":[],"parent_id":null,"created_by_id":1,"created_at":"2026-11-30T12:00:00Z","updated_at":"2026-11-30T12:00:00Z"}"#

    /// A fixture that only looks at the status, so only the schema can catch a bad body.
    static let lenient =
        #"{"description": "d", "steps": [{"request": {"method": "GET", "path": "/api/v1/agents/7"}, "expect": {"status": [200, 404]}}]}"#

    func run(answer: String, status: Int = 200) async throws -> RunResult {
        let step = try #require(fixture(Self.lenient))
        var options = Runner.Options()
        options.responseValidation = try Self.validation()
        let target = StubTarget { _ in StubTarget.json(status, answer) }
        return await Runner(suite: Suite(fixtures: [step], actors: testActors), target: target, options: options).run()
    }

    @Test func aConformingAnswerPasses() async throws {
        let result = try await run(answer: Self.agent)
        #expect(result.fixtures.map(\.verdict) == [.passed])
        #expect(result.notes.isEmpty)
    }

    @Test(arguments: [
        (#""temperature":0.7"#, #""temperature":"warm""#, "$.temperature"),
        (#""created_by_id":1,"#, "", "$"),
        (#""created_at":"2026-11-30T12:00:00Z""#, #""created_at":"yesterday""#, "$.created_at"),
        (#""tool_ids":[]"#, #""tool_ids":["x"]"#, "$.tool_ids[0]"),
    ])
    func aBodyThatBreaksTheSchemaFails(original: String, replacement: String, place: String) async throws {
        let result = try await run(answer: Self.agent.replacingOccurrences(of: original, with: replacement))
        #expect(result.fixtures.map(\.verdict) == [.failed])
        let mismatch = try #require(result.fixtures.first?.failure?.mismatches.first)
        #expect(mismatch.location == .body(try JSONPath.parse(place).get()))
        if case .schemaViolation(let reason) = mismatch.kind {
            #expect(reason.contains("/components/schemas/AgentResponse"), "\(reason)")
        } else {
            Issue.record("not a schema violation: \(mismatch.kind)")
        }
    }

    @Test func anUndocumentedStatusIsANoteOncePerOperation() async throws {
        let result = try await run(answer: #"{"detail":"Agent 7 not found"}"#, status: 404)
        #expect(result.fixtures.map(\.verdict) == [.passed])
        #expect(result.notes == ["GET /api/v1/agents/{agent_id} answered 404: a status the OpenAPI document does not list"])
    }

    @Test func aValidationErrorMustBeFastAPIs() async throws {
        let validation = try Self.validation()
        let request = HTTPRequest(method: .post, target: "/api/v1/agents")
        let good = StubTarget.json(422, #"{"detail":[{"type":"missing","loc":["body","name"],"msg":"Field required","input":{}}]}"#)
        #expect(validation.check(request, good).mismatches.isEmpty)
        let bad = StubTarget.json(422, #"{"detail":"name is required"}"#)
        #expect(validation.check(request, bad).mismatches.map(\.location) == [.body(try JSONPath.parse("$.detail").get())])
    }
}

import ContractSuite
import Foundation
import HTTPCore
import JSONCore
import Testing

@testable import AgentAPI

/// The document is generated from the route table and the validators, and must stay the contract's
/// `openapi.json` byte for byte: a route or a bound that changes without the document fails here.
struct OpenAPIDocumentTests {
    static func contractDocument() throws -> [UInt8] {
        let folder = try #require(BuiltInSuite.contracts)
        return Array(try Data(contentsOf: folder.appendingPathComponent("openapi.json")))
    }

    @Test func theGeneratedDocumentIsTheContractsByteForByte() throws {
        let generated = OpenAPIDocument.bytes(RouteTable.agentAPI, FieldRules())
        let expected = try Self.contractDocument()
        if generated != expected {
            let index = Array(zip(generated, expected)).firstIndex { $0.0 != $0.1 } ?? min(generated.count, expected.count)
            let around = { (bytes: [UInt8]) in String(decoding: bytes[max(0, index - 60)..<min(bytes.count, index + 60)], as: UTF8.self) }
            Issue.record("the documents differ at byte \(index):\n  contract:  \(around(expected))\n  generated: \(around(generated))")
        }
    }

    @Test func theFixtureChecksTheSameBytes() throws {
        let fixtures = try #require(BuiltInSuite.fixtures)
        let fixture = try JSONParser.parse(
            bytes: Array(Data(contentsOf: fixtures.appendingPathComponent("docs/openapi-json-is-the-contract-document.json"))))
        let body = try #require(fixture["steps"]?.arrayValue?.first?["expect"]?["body"]?.stringValue)
        #expect(Array(body.utf8) == (try Self.contractDocument()))
    }

    @Test func aChangedBoundChangesTheDocument() throws {
        var rules = FieldRules()
        rules.temperatureMaximum = nil
        let document = OpenAPIDocument.document(RouteTable.agentAPI, rules)
        let temperature = document["components"]?["schemas"]?["AgentCreate"]?["properties"]?["temperature"]
        #expect(temperature == ["type": "number", "minimum": .float(0), "title": "Temperature", "default": .float(0.7)])
        #expect(JSONWriter.compactBytes(document) != (try Self.contractDocument()))
    }

    @Test(arguments: ["/openapi.json", "/docs", "/redoc", "/docs/oauth2-redirect"])
    func theDocumentsAreServedToAnyoneForGETAndHEADOnly(path: String) async throws {
        let api = try AgentAPI(.testing())
        let get = await api.handle(HTTPRequest(method: .get, target: path))
        #expect(get.status == 200)
        #expect(get.headers["content-length"] == String(get.body.count) && !get.body.isEmpty)
        #expect(get.headers["content-type"] == (path == "/openapi.json" ? "application/json" : "text/html; charset=utf-8"))
        let head = await api.handle(HTTPRequest(method: .head, target: path))
        #expect(head.status == 200 && head.body.isEmpty && head.headers["content-length"] == get.headers["content-length"])
        let post = await api.handle(HTTPRequest(method: .post, target: path))
        #expect(post.status == 405 && post.headers["allow"] == "GET, HEAD")
    }

    @Test(arguments: [
        ("read_current_user", "/api/v1/users/me", HTTPMethod.get, "read_current_user_api_v1_users_me_get"),
        ("get_agent", "/api/v1/agents/{agent_id}", .get, "get_agent_api_v1_agents__agent_id__get"),
        ("health", "/health", .get, "health_health_get"),
    ])
    func operationIDsAreFastAPIs(name: String, path: String, method: HTTPMethod, expected: String) {
        let route = Route(
            method: method, template: PathTemplate(path), operation: Operation(name, tag: "t", response: .empty),
            requiresAuthentication: false, parameters: [], body: .none, serve: { _, _ in HTTPResponse(status: 200) })
        #expect(OpenAPIDocument.operationID(route) == expected)
    }

    @Test(arguments: [("list agent executions", "List Agent Executions"), ("api v1 x", "Api V1 X"), ("v1x", "V1X"), ("ÉCOLE", "École")])
    func titlesArePythons(input: String, expected: String) {
        #expect(PythonTitle.of(input) == expected)
    }
}

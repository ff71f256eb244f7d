import ContractKit
import ContractSuite
import Foundation
import JSONCore
import Testing

/// `contract openapi`: the contract's document against edited copies of itself, each breaking one thing a
/// client relies on, and against documents no one should trust.
struct OpenAPIComparisonTests {
    static func contractDocument() throws -> JSONValue {
        let folder = try #require(BuiltInSuite.contracts)
        return try JSONParser.parse(bytes: Array(Data(contentsOf: folder.appendingPathComponent("openapi.json"))))
    }

    /// The document with the value at `pointer` replaced (nil removes it).
    static func edited(_ document: JSONValue, _ pointer: String, _ value: JSONValue?) -> JSONValue {
        func edit(_ node: JSONValue, _ tokens: ArraySlice<String>) -> JSONValue {
            guard let token = tokens.first else { return value ?? .null }
            switch node {
            case .object(var object):
                if tokens.count == 1 {
                    object[token] = value
                } else if let child = object[token] {
                    object[token] = edit(child, tokens.dropFirst())
                }
                return .object(object)
            case .array(var items):
                guard let index = Int(token), items.indices.contains(index) else { return node }
                items[index] = edit(items[index], tokens.dropFirst())
                return .array(items)
            default:
                return node
            }
        }
        return edit(document, (JSONPointer(parsing: pointer)?.tokens ?? [])[...])
    }

    static func findings(_ target: JSONValue) throws -> [OpenAPIComparison.Finding] {
        OpenAPIComparison(contract: try OpenAPISpec(document: try contractDocument()), target: try OpenAPISpec(document: target)).findings()
    }

    @Test func theContractMatchesItself() throws {
        #expect(try Self.findings(try Self.contractDocument()).isEmpty)
    }

    struct Breach: Sendable, CustomTestStringConvertible {
        let name: String
        let pointer: String
        let value: JSONValue?
        /// The pointer the difference must be reported at.
        let reported: String
        var testDescription: String { name }
    }

    static let createAnswers200: JSONValue = [
        "description": "Successful Response",
        "content": ["application/json": ["schema": ["$ref": "#/components/schemas/AgentResponse"]]],
    ]

    static let breaches: [Breach] = [
        Breach(
            name: "temperature lost its upper bound", pointer: "/components/schemas/AgentCreate/properties/temperature/maximum", value: nil,
            reported: "/components/schemas/AgentCreate/properties/temperature/maximum"),
        Breach(
            name: "a name may be longer", pointer: "/components/schemas/AgentCreate/properties/name/maxLength", value: 200,
            reported: "/components/schemas/AgentCreate/properties/name/maxLength"),
        Breach(
            name: "model_name lost its pattern", pointer: "/components/schemas/AgentCreate/properties/model_name/pattern", value: nil,
            reported: "/components/schemas/AgentCreate/properties/model_name/pattern"),
        Breach(
            name: "an execution status more", pointer: "/components/schemas/ExecutionResponse/properties/status/enum",
            value: ["pending", "running", "completed", "failed", "cancelled"],
            reported: "/components/schemas/ExecutionResponse/properties/status/enum"),
        Breach(
            name: "email is not required", pointer: "/components/schemas/UserCreate/required", value: ["password"],
            reported: "/components/schemas/UserCreate/required"),
        Breach(
            name: "a response loses a field", pointer: "/components/schemas/AgentResponse/properties/created_by_id", value: nil,
            reported: "/components/schemas/AgentResponse/properties/created_by_id"),
        Breach(
            name: "limit has another maximum", pointer: "/paths/~1api~1v1~1agents/get/parameters/1/schema/maximum", value: 50,
            reported: "/paths/~1api~1v1~1agents/get/parameters/1/schema/maximum"),
        Breach(
            name: "skip becomes required", pointer: "/paths/~1api~1v1~1agents/get/parameters/0/required", value: true,
            reported: "/paths/~1api~1v1~1agents/get/parameters/0/required"),
        Breach(
            name: "an operation is gone", pointer: "/paths/~1api~1v1~1agents~1{agent_id}~1subagents", value: nil,
            reported: "/paths/~1api~1v1~1agents~1{agent_id}~1subagents/get"),
        Breach(
            name: "reading an agent needs no token", pointer: "/paths/~1api~1v1~1agents~1{agent_id}/get/security", value: nil,
            reported: "/paths/~1api~1v1~1agents~1{agent_id}/get/security"),
        Breach(
            name: "another token URL", pointer: "/components/securitySchemes/OAuth2PasswordBearer/flows/password/tokenUrl", value: "/token",
            reported: "/components/securitySchemes/OAuth2PasswordBearer/flows/password/tokenUrl"),
        Breach(
            name: "the body is not required", pointer: "/paths/~1api~1v1~1agents/post/requestBody/required", value: nil,
            reported: "/paths/~1api~1v1~1agents/post/requestBody/required"),
        Breach(
            name: "another operation id", pointer: "/paths/~1health/get/operationId", value: "health_check_health_get",
            reported: "/paths/~1health/get/operationId"),
    ]

    @Test(arguments: breaches)
    func eachBreachIsADifferenceAtItsPointer(_ breach: Breach) throws {
        let findings = try Self.findings(Self.edited(try Self.contractDocument(), breach.pointer, breach.value))
        let differences = findings.filter { $0.weight == .difference }
        #expect(differences.map(\.pointer.description) == [breach.reported], "\(differences.map { "\($0.pointer): \($0.message)" })")
    }

    @Test func createAnswering200IsADifference() throws {
        var document = Self.edited(try Self.contractDocument(), "/paths/~1api~1v1~1agents/post/responses/201", nil)
        document = Self.edited(document, "/paths/~1api~1v1~1agents/post/responses/200", Self.createAnswers200)
        let findings = try Self.findings(document)
        let differences = findings.filter { $0.weight == .difference }
        #expect(differences.map(\.pointer.description) == ["/paths/~1api~1v1~1agents/post/responses/201"])
        #expect(differences.first?.message.contains("it documents") == true)
        #expect(findings.contains { $0.weight == .note && $0.message.contains("status 200") })
    }

    @Test func wordsAreNotesNotDifferences() throws {
        var document = Self.edited(try Self.contractDocument(), "/paths/~1health/get/summary", "Health Check")
        document = Self.edited(document, "/components/schemas/AgentUpdate/description", "Another text.")
        document = Self.edited(document, "/components/schemas/Token/properties/access_token/title", "Token")
        let findings = try Self.findings(document)
        #expect(findings.allSatisfy { $0.weight == .note } && findings.count == 3)
    }

    @Test func renamedPathParametersAreTheSameOperation() throws {
        let document = try Self.contractDocument()
        guard case .object(var root) = document, case .object(var paths)? = root["paths"],
            case .object(var item)? = paths["/api/v1/executions/{execution_id}"]
        else {
            Issue.record("the contract's document has no /api/v1/executions/{execution_id}")
            return
        }
        paths["/api/v1/executions/{execution_id}"] = nil
        item = Self.edited(.object(item), "/get/parameters/0/name", "id").objectValue ?? item
        paths["/api/v1/executions/{id}"] = .object(item)
        root["paths"] = .object(paths)
        let findings = try Self.findings(.object(root))
        #expect(findings.filter { $0.weight == .difference }.isEmpty)
        #expect(findings.contains { $0.message.contains("named differently") })
    }

    @Test(arguments: [
        (#"{"a":"#, "not JSON"),
        (#"[1,2]"#, "not a JSON object"),
        (#"{"swagger":"2.0","paths":{}}"#, "Swagger (OpenAPI 2.0)"),
        (#"{"openapi":"3.1.0"}"#, "no \"paths\""),
        (
            ##"{"openapi":"3.1.0","paths":{"/a":{"get":{"responses":{"200":{"$ref":"#/components/responses/Missing"}}}}}}"##,
            "names nothing in the document (at /paths/~1a/get/responses/200/$ref)"
        ),
        (
            ##"{"openapi":"3.1.0","paths":{},"components":{"schemas":{"A":{"$ref":"#/components/schemas/B"},"B":{"$ref":"#/components/schemas/A"}}}}"##,
            "loops"
        ),
        (#"{"openapi":"3.1.0","paths":{},"x":{"$ref":"https://example.com/remote.json"}}"#, "not a reference into this document"),
    ])
    func unusableDocumentsAreOneLineErrors(text: String, expected: String) {
        do {
            _ = try OpenAPISpec(bytes: Array(text.utf8))
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.contains(expected), "\(error.description)")
            #expect(!error.description.contains("\n"))
        }
    }

    @Test func aHugeDocumentIsRefusedBeforeParsing() {
        let huge = [UInt8](repeating: UInt8(ascii: " "), count: OpenAPISpec.maximumBytes + 1)
        #expect(throws: OpenAPISpec.Problem.self) { try OpenAPISpec(bytes: huge) }
    }

    @Test func recursiveSchemasCompareAndEnd() throws {
        let text = ##"""
            {"openapi":"3.1.0","paths":{"/t":{"get":{"responses":{"200":{"description":"","content":{"application/json":{"schema":{"$ref":"#/components/schemas/Node"}}}}}}}},
             "components":{"schemas":{"Node":{"type":"object","properties":{"children":{"type":"array","items":{"$ref":"#/components/schemas/Node"}}}}}}}
            """##
        let spec = try OpenAPISpec(bytes: Array(text.utf8))
        #expect(OpenAPIComparison(contract: spec, target: spec).findings().isEmpty)
    }
}

import ContractKit
import Foundation
import JSONCore
import Testing

/// The validator against cases modelled on the JSON-Schema-Test-Suite (draft 2020-12) for the keywords
/// FastAPI's documents use, written out in Vectors/json-schema-cases.json: each schema, values, and whether
/// each is valid.
struct JSONSchemaValidatorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let group: String
        let description: String
        let schema: JSONValue
        let data: JSONValue
        let valid: Bool
        var testDescription: String { "\(group): \(description)" }
    }

    static let cases: [Case] = {
        guard let url = Bundle.module.url(forResource: "Vectors/json-schema-cases", withExtension: "json"),
            let data = try? Data(contentsOf: url), case .array(let groups)? = try? JSONParser.parse(bytes: Array(data))
        else { return [] }
        return groups.flatMap { group -> [Case] in
            let name = group["description"]?.stringValue ?? "?"
            let schema = group["schema"] ?? .null
            return (group["tests"]?.arrayValue ?? []).map { test in
                Case(
                    group: name, description: test["description"]?.stringValue ?? "?", schema: schema, data: test["data"] ?? .null,
                    valid: test["valid"] == .bool(true))
            }
        }
    }()

    @Test func theCasesAreLoaded() {
        #expect(Self.cases.count > 150)
    }

    @Test(arguments: cases)
    func validation(_ test: Case) {
        let violations = JSONSchemaValidator(document: test.schema).violations(of: test.data, against: test.schema)
        #expect(violations.isEmpty == test.valid, "\(test.testDescription): \(violations)")
    }

    @Test func violationsSayWhereAndWhichKeyword() throws {
        let document = try JSONParser.parse(
            #"{"components":{"schemas":{"Token":{"properties":{"access_token":{"type":"string"}},"type":"object","required":["access_token"]}}}}"#)
        let schema: JSONValue = ["type": "array", "items": ["$ref": "#/components/schemas/Token"]]
        let value = try JSONParser.parse(#"[{"access_token":"x"},{"access_token":5},{}]"#)
        let violations = JSONSchemaValidator(document: document).violations(of: value, against: schema)
        #expect(
            violations.map(\.description) == [
                "$[1].access_token: is an integer (5), not string (/components/schemas/Token/properties/access_token/type)",
                #"$[2]: lacks "access_token" (/components/schemas/Token/required)"#,
            ])
    }
}

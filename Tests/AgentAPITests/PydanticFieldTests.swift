import JSONCore
import Testing

@testable import AgentAPI

/// Every field type of the agent API against what Pydantic 2.12.4 answered (Vectors/generate_pydantic.py).
struct PydanticFieldTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        let field: String
        let json: String
        let ok: String?
        let errors: String?
        let okNonfinite: String?
        let errorsNonfinite: Bool?
        enum CodingKeys: String, CodingKey {
            case field, json, ok, errors
            case okNonfinite = "ok_nonfinite"
            case errorsNonfinite = "errors_nonfinite"
        }
        var testDescription: String { "\(field) ← \(json.prefix(40))" }
    }

    static let cases = loadVectors("pydantic-fields", as: [Case].self)

    static func type(of field: String) -> FieldType? {
        switch field {
        case "name": return .string(Schemas.name)
        case "email": return Schemas.userCreate.fields[0].type
        case "password": return Schemas.userCreate.fields[1].type
        case "model_name": return .string(StringConstraints(pattern: .modelName))
        case "temperature": return .float(ge: 0.0, le: 2.0)
        case "int": return .integer(ge: nil, le: nil)
        case "optional_int": return .nullable(.integer(ge: nil, le: nil))
        case "int_list": return .integerList
        case "skip": return .integer(ge: 0, le: nil)
        case "limit": return .integer(ge: 1, le: 1000)
        case "description": return Schemas.toolCreate.fields[1].type
        default: return nil
        }
    }

    static func render(_ value: FieldValue) -> JSONValue {
        switch value {
        case .null: return .null
        case .string(let text): return .string(text)
        case .float(let number): return .float(number)
        case .integer(let number): return .number(number)
        case .integerList(let numbers): return .array(numbers.map(JSONValue.number))
        }
    }

    @Test func vectorsAreLoaded() {
        #expect(Self.cases.count > 1000)
    }

    @Test(arguments: cases)
    func matchesPydantic(_ vector: Case) throws {
        let type = try #require(Self.type(of: vector.field))
        let input = try JSONParser.parse(vector.json)
        let result = FieldValidator.validate(input, as: type)
        switch result {
        case .success(let value):
            if let expected = vector.ok {
                #expect(JSONWriter.compact(Self.render(value)) == expected)
            } else if let repr = vector.okNonfinite {
                #expect(PythonFloat.repr(value.float ?? 0) == repr)
            } else {
                Issue.record("accepted as \(Self.render(value)); Pydantic refused: \(vector.errors ?? "a non-finite error")")
            }
        case .failure(let failure):
            let rendered = JSONValue.array(failure.issues.map { $0.located(under: ["v"]).json })
            if let expected = vector.errors {
                #expect(JSONWriter.compact(rendered) == expected)
            } else if vector.errorsNonfinite == true {
                // Pydantic's 422 would carry inf/nan, which Starlette cannot send: the client gets a 500.
                #expect(rendered.containsNonFiniteNumber)
            } else {
                Issue.record("refused with \(JSONWriter.compact(rendered)); Pydantic accepted \(vector.ok ?? "")")
            }
        }
    }
}

import JSONCore

/// A JSON request body model: its schema under the reference's field rules, and the typed value a
/// handler receives once the body passed it.
protocol JSONBodyModel: Sendable {
    /// The Pydantic model's name, as OpenAPI and the route table show it.
    static var modelName: String { get }
    static func schema(_ rules: FieldRules) -> ModelSchema
    init(_ validated: ModelSchema.Validated) throws
}

extension ModelSchema.Validated {
    /// A field the schema guarantees; a missing one is a broken invariant, never bad input.
    func required<T>(_ name: String, _ read: (FieldValue) -> T?) throws -> T {
        guard let value = values[name].flatMap(read) else { throw InternalError("validated body lacks \(name)") }
        return value
    }
}

struct UserCreate: JSONBodyModel {
    static let modelName = "UserCreate"
    let email: String
    let password: String
    let fullName: String?

    static func schema(_ rules: FieldRules) -> ModelSchema { Schemas.userCreate }

    init(_ validated: ModelSchema.Validated) throws {
        email = try validated.required("email", \.string)
        password = try validated.required("password", \.string)
        fullName = validated["full_name"]?.string
    }
}

struct ToolCreate: JSONBodyModel {
    static let modelName = "ToolCreate"
    let name: String
    let description: String?

    static func schema(_ rules: FieldRules) -> ModelSchema { Schemas.toolCreate }

    init(_ validated: ModelSchema.Validated) throws {
        name = try validated.required("name", \.string)
        description = validated["description"]?.string
    }
}

struct AgentCreate: JSONBodyModel {
    static let modelName = "AgentCreate"
    let name: String
    let modelName: String
    let temperature: Double
    let toolIDs: [JSONNumber]
    let parentID: JSONNumber?

    static func schema(_ rules: FieldRules) -> ModelSchema { Schemas.agentCreate(rules) }

    init(_ validated: ModelSchema.Validated) throws {
        name = try validated.required("name", \.string)
        modelName = try validated.required("model_name", \.string)
        temperature = try validated.required("temperature", \.float)
        toolIDs = try validated.required("tool_ids", \.integerList)
        parentID = validated["parent_id"]?.integer
    }
}

/// AgentUpdate: nil means the body left the field out (`exclude_unset`); only `parent_id` may be set to null.
struct AgentUpdate: JSONBodyModel {
    static let modelName = "AgentUpdate"
    let name: String?
    let modelName: String?
    let temperature: Double?
    let toolIDs: [JSONNumber]?
    /// nil: left out; `.some(nil)`: set to null.
    let parentID: JSONNumber??
    /// True when the body set at least one field (then `updated_at` moves).
    let changesSomething: Bool

    static func schema(_ rules: FieldRules) -> ModelSchema { Schemas.agentUpdate(rules) }

    init(_ validated: ModelSchema.Validated) throws {
        func set<T>(_ name: String, _ read: (FieldValue) -> T?) -> T? { validated.isSet(name) ? validated[name].flatMap(read) : nil }
        name = set("name", \.string)
        modelName = set("model_name", \.string)
        temperature = set("temperature", \.float)
        toolIDs = set("tool_ids", \.integerList)
        parentID = validated.isSet("parent_id") ? .some(validated["parent_id"]?.integer) : nil
        changesSomething = !validated.explicitlySet.isEmpty
    }
}

struct ExecutionCreate: JSONBodyModel {
    static let modelName = "ExecutionCreate"
    let input: String

    static func schema(_ rules: FieldRules) -> ModelSchema { Schemas.executionCreate }

    init(_ validated: ModelSchema.Validated) throws {
        input = try validated.required("input", \.string)
    }
}

/// `OAuth2PasswordRequestForm`, as the login route reads it.
struct LoginForm: Sendable {
    let username: String
    let password: String

    /// FastAPI reads the last value of each field (names compared code point by code point, as Python compares
    /// `str`); an empty value is still a value. An uploaded file is not a string: a `string_type` item whose input
    /// is the file as FastAPI encodes it.
    static func validate(_ form: [(name: String, value: FormValue)]) -> Result<LoginForm, ValidationFailure> {
        var values: [String: String] = [:]
        var issues: [ValidationIssue] = []
        for field in Schemas.loginForm {
            guard let formValue = form.last(where: { $0.name.unicodeScalars.elementsEqual(field.name.unicodeScalars) })?.value else {
                if field.required { issues.append(ValidationIssue.missing(input: .null).located(under: ["body", .string(field.name)])) }
                continue
            }
            let value: String
            switch formValue {
            case .text(let text):
                value = text
            case .file(let file):
                if case .failure(let issue) = LaxCoercion.string(file.json) { issues.append(issue.located(under: ["body", .string(field.name)])) }
                continue
            }
            if let pattern = field.pattern, !pattern.matches(value) {
                issues.append(
                    ValidationIssue(
                        "string_pattern_mismatch", loc: ["body", .string(field.name)],
                        msg: "String should match pattern '\(pattern.rawValue)'", input: .string(value),
                        ctx: JSONObject([("pattern", .string(pattern.rawValue))])))
                continue
            }
            values[field.name] = value
        }
        guard issues.isEmpty, let username = values["username"], let password = values["password"] else {
            return .failure(ValidationFailure(issues))
        }
        return .success(LoginForm(username: username, password: password))
    }
}

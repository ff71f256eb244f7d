/// The request models of the agent API, field for field as the FastAPI source declares them.
enum Schemas {
    static let name = StringConstraints(minLength: 1, maxLength: 100, rejectSurroundingSpace: true)

    static let userCreate = ModelSchema(fields: [
        FieldSpec("email", .string(StringConstraints(maxLength: 254, pattern: .email))),
        FieldSpec("password", .string(StringConstraints(minLength: 8, maxLength: 128))),
        FieldSpec("full_name", .nullable(.string(StringConstraints(maxLength: 100))), default: .null),
    ])

    static let toolCreate = ModelSchema(fields: [
        FieldSpec("name", .string(name)),
        FieldSpec("description", .nullable(.string(StringConstraints(maxLength: 500))), default: .null),
    ])

    static func agentCreate(_ rules: FieldRules) -> ModelSchema {
        ModelSchema(fields: [
            FieldSpec("name", .string(agentName(rules))),
            FieldSpec("model_name", .string(StringConstraints(pattern: .modelName))),
            FieldSpec("temperature", temperature(rules), default: .float(0.7)),
            FieldSpec("tool_ids", .integerList, default: .integerList([])),
            FieldSpec("parent_id", .nullable(.integer(ge: nil, le: nil)), default: .null),
        ])
    }

    /// AgentUpdate: every field optional; an explicit null is only valid for `parent_id`.
    static func agentUpdate(_ rules: FieldRules) -> ModelSchema {
        ModelSchema(fields: [
            FieldSpec("name", .string(agentName(rules)), default: .null),
            FieldSpec("model_name", .string(StringConstraints(pattern: .modelName)), default: .null),
            FieldSpec("temperature", temperature(rules), default: .null),
            FieldSpec("tool_ids", .integerList, default: .null),
            FieldSpec("parent_id", .nullable(.integer(ge: nil, le: nil)), default: .null),
        ])
    }

    private static func agentName(_ rules: FieldRules) -> StringConstraints {
        var constraints = name
        constraints.rejectSurroundingSpace = rules.agentNameRefusesSurroundingWhitespace
        return constraints
    }

    private static func temperature(_ rules: FieldRules) -> FieldType {
        .float(ge: 0.0, le: rules.temperatureMaximum)
    }

    static let executionCreate = ModelSchema(fields: [
        FieldSpec("input", .string(StringConstraints(minLength: 1, maxLength: 10_000)))
    ])

    /// `OAuth2PasswordRequestForm`'s fields, in its declaration order.
    static let loginForm: [FormField] = [
        FormField(name: "grant_type", pattern: .grantType, required: false),
        FormField(name: "username", pattern: nil, required: true),
        FormField(name: "password", pattern: nil, required: true),
        FormField(name: "scope", pattern: nil, required: false),
        FormField(name: "client_id", pattern: nil, required: false),
        FormField(name: "client_secret", pattern: nil, required: false),
    ]
}

/// A form field of FastAPI's OAuth2 password form; an empty value counts as a value.
struct FormField: Sendable {
    let name: String
    let pattern: Pattern?
    let required: Bool
}

import JSONCore

/// The component schemas of the agent API's document: request models from the validators themselves (so a
/// changed bound changes the document), response models and FastAPI's own models as FastAPI declares them.
enum OpenAPIComponents {
    static func models(_ rules: FieldRules) -> [ModelDocument] {
        let dateTime = SchemaShape.string(format: "date-time")
        return [
            ModelDocument("AgentCreate", Schemas.agentCreate(rules)),
            ModelDocument(
                "AgentResponse",
                [
                    SchemaProperty("id", .integer()), SchemaProperty("name", .string()), SchemaProperty("model_name", .string()),
                    SchemaProperty("temperature", .number()), SchemaProperty("tool_ids", .integerArray),
                    SchemaProperty("parent_id", .nullable(.integer())), SchemaProperty("created_by_id", .integer()),
                    SchemaProperty("created_at", dateTime), SchemaProperty("updated_at", dateTime),
                ]),
            ModelDocument(
                "AgentUpdate", Schemas.agentUpdate(rules),
                description: """
                    Every field optional; explicit null is rejected except for parent_id.

                    The defaults are None but the types are not Optional: Pydantic does not
                    validate defaults, so an absent field stays unset, while an explicit null
                    fails with string_type / float_type / list_type.
                    """),
            ModelDocument(
                "Body_login_api_v1_auth_login_post",
                [
                    SchemaProperty("grant_type", .nullable(.string(pattern: Pattern.grantType.rawValue)), required: false),
                    SchemaProperty("username", .string()),
                    SchemaProperty("password", .string(format: "password")),
                    SchemaProperty("scope", .string(), default: "", required: false),
                    SchemaProperty("client_id", .nullable(.string()), required: false),
                    SchemaProperty("client_secret", .nullable(.string(), format: "password"), required: false),
                ]),
            ModelDocument("ExecutionCreate", Schemas.executionCreate),
            ModelDocument(
                "ExecutionResponse",
                [
                    SchemaProperty("id", .integer()), SchemaProperty("agent_id", .integer()),
                    SchemaProperty("status", .stringEnum(ExecutionStatus.allCases.map(\.rawValue))),
                    SchemaProperty("input", .string()), SchemaProperty("output", .nullable(.string())),
                    SchemaProperty("created_at", dateTime), SchemaProperty("completed_at", .nullable(dateTime)),
                ]),
            ModelDocument("HTTPValidationError", [SchemaProperty("detail", .array(of: .reference("ValidationError")), required: false)]),
            ModelDocument(
                "Token",
                [
                    SchemaProperty("access_token", .string()), SchemaProperty("token_type", .string(), default: "bearer", required: false),
                ]),
            ModelDocument("ToolCreate", Schemas.toolCreate),
            ModelDocument(
                "ToolResponse",
                [
                    SchemaProperty("id", .integer()), SchemaProperty("name", .string()),
                    SchemaProperty("description", .nullable(.string())), SchemaProperty("created_at", dateTime),
                ]),
            ModelDocument("UserCreate", Schemas.userCreate),
            ModelDocument(
                "UserResponse",
                [
                    SchemaProperty("id", .integer()), SchemaProperty("email", .string()),
                    SchemaProperty("full_name", .nullable(.string())), SchemaProperty("is_active", .boolean),
                    SchemaProperty("created_at", dateTime),
                ]),
            ModelDocument(
                "ValidationError",
                [
                    SchemaProperty("loc", .locationArray, title: "Location"), SchemaProperty("msg", .string(), title: "Message"),
                    SchemaProperty("type", .string(), title: "Error Type"),
                ]),
        ]
    }
}

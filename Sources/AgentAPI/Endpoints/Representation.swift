import JSONCore

/// The response models: what each record looks like on the wire, keys in the response model's order.
enum Representation {
    static func user(_ user: UserRecord) -> JSONValue {
        .object(
            JSONObject([
                ("id", .integer(user.id)),
                ("email", .string(user.email)),
                ("full_name", user.fullName.map(JSONValue.string) ?? .null),
                ("is_active", .bool(user.isActive)),
                ("created_at", .string(user.createdAt.pydanticJSON)),
            ]))
    }

    static func tool(_ tool: ToolRecord) -> JSONValue {
        .object(
            JSONObject([
                ("id", .integer(tool.id)),
                ("name", .string(tool.name)),
                ("description", tool.description.map(JSONValue.string) ?? .null),
                ("created_at", .string(tool.createdAt.pydanticJSON)),
            ]))
    }

    static func agent(_ agent: AgentRecord) -> JSONValue {
        .object(
            JSONObject([
                ("id", .integer(agent.id)),
                ("name", .string(agent.name)),
                ("model_name", .string(agent.modelName)),
                ("temperature", .float(agent.temperature)),
                ("tool_ids", .array(agent.toolIDs.map(JSONValue.integer))),
                ("parent_id", agent.parentID.map(JSONValue.integer) ?? .null),
                ("created_by_id", .integer(agent.createdByID)),
                ("created_at", .string(agent.createdAt.pydanticJSON)),
                ("updated_at", .string(agent.updatedAt.pydanticJSON)),
            ]))
    }

    static func execution(_ execution: ExecutionRecord) -> JSONValue {
        .object(
            JSONObject([
                ("id", .integer(execution.id)),
                ("agent_id", .integer(execution.agentID)),
                ("status", .string(execution.status.rawValue)),
                ("input", .string(execution.input)),
                ("output", execution.output.map(JSONValue.string) ?? .null),
                ("created_at", .string(execution.createdAt.pydanticJSON)),
                ("completed_at", execution.completedAt.map { .string($0.pydanticJSON) } ?? .null),
            ]))
    }
}

extension RouteTable {
    /// The agent API, in the declaration order of its FastAPI routers (which decides a 405's `Allow`).
    /// Adding an endpoint is one entry here and its handler.
    static let agentAPI: RouteTable = {
        var table = RouteTable()
        // FastAPI adds its documentation routes when the app is created, before any router.
        table.page("/openapi.json", name: "openapi") { api in api.openAPIResponse }
        table.page("/docs", name: "swagger_ui_html") { _ in DocsPages.swaggerUI.response }
        table.page("/docs/oauth2-redirect", name: "swagger_ui_redirect") { _ in DocsPages.oauth2Redirect.response }
        table.page("/redoc", name: "redoc_html") { _ in DocsPages.redoc.response }
        table.open(
            .post, "/api/v1/auth/login",
            Operation("login", tag: "auth", response: .model("Token"), description: "OAuth2 password flow: the username is the email."),
            parameters: NoParameters.self, body: .loginForm
        ) { api, _, form in try api.login(form) }
        table.open(
            .post, "/api/v1/users",
            Operation("create_user", tag: "users", status: 201, response: .model("UserResponse"), description: "Register a new user."),
            parameters: NoParameters.self, body: .json(UserCreate.self)
        ) { api, _, body in try api.createUser(body) }
        table.authenticated(
            .get, "/api/v1/users/me", Operation("read_current_user", tag: "users", response: .model("UserResponse")),
            parameters: NoParameters.self, body: .none
        ) { _, _, _, user in Representation.user(user) }

        table.authenticated(
            .post, "/api/v1/tools", Operation("create_tool", tag: "tools", status: 201, response: .model("ToolResponse")),
            parameters: NoParameters.self, body: .json(ToolCreate.self)
        ) { api, _, body, _ in try api.createTool(body) }
        table.authenticated(
            .get, "/api/v1/tools", Operation("list_tools", tag: "tools", response: .list("ToolResponse")),
            parameters: Pagination.self, body: .none
        ) { api, page, _, _ in try api.listTools(page) }

        table.authenticated(
            .post, "/api/v1/agents",
            Operation(
                "create_agent", tag: "agents", status: 201, response: .model("AgentResponse"),
                description: "Create a new agent configuration owned by the caller."),
            parameters: NoParameters.self, body: .json(AgentCreate.self)
        ) { api, _, body, user in try api.createAgent(body, user: user) }
        table.authenticated(
            .get, "/api/v1/agents",
            Operation(
                "list_agents", tag: "agents", response: .list("AgentResponse"),
                description: "List the caller's agents, newest first."),
            parameters: Pagination.self, body: .none
        ) { api, page, _, user in try api.listAgents(page, user: user) }
        table.authenticated(
            .get, "/api/v1/agents/{agent_id}", Operation("get_agent", tag: "agents", response: .model("AgentResponse")),
            parameters: AgentPath.self, body: .none
        ) { api, path, _, user in try api.getAgent(path.agentID, user: user) }
        table.authenticated(
            .patch, "/api/v1/agents/{agent_id}", Operation("update_agent", tag: "agents", response: .model("AgentResponse")),
            parameters: AgentPath.self, body: .json(AgentUpdate.self)
        ) { api, path, body, user in
            try api.updateAgent(path.agentID, body, user: user)
        }
        table.authenticated(
            .delete, "/api/v1/agents/{agent_id}",
            Operation("delete_agent", tag: "agents", status: 204, response: .empty, description: "Soft delete (is_active = False)."),
            parameters: AgentPath.self, body: .none
        ) { api, path, _, user in try api.deleteAgent(path.agentID, user: user) }
        table.authenticated(
            .get, "/api/v1/agents/{agent_id}/subagents",
            Operation("list_subagents", tag: "agents", response: .list("AgentResponse")),
            parameters: AgentPath.self, body: .none
        ) { api, path, _, user in try api.listSubagents(path.agentID, user: user) }

        table.authenticated(
            .post, "/api/v1/agents/{agent_id}/execute",
            Operation(
                "execute_agent", tag: "executions", status: 202, response: .model("ExecutionResponse"),
                description: "Start an execution; it runs on its own (see EXECUTION_DELAY_S)."),
            parameters: AgentPath.self, body: .json(ExecutionCreate.self)
        ) { api, path, body, user in
            try api.executeAgent(path.agentID, body, user: user)
        }
        table.authenticated(
            .get, "/api/v1/agents/{agent_id}/executions",
            Operation("list_agent_executions", tag: "executions", response: .list("ExecutionResponse")),
            parameters: AgentPage.self, body: .none
        ) { api, parameters, _, user in
            try api.listAgentExecutions(parameters.agentID, parameters.page, user: user)
        }
        table.authenticated(
            .get, "/api/v1/executions/{execution_id}",
            Operation("get_execution", tag: "executions", response: .model("ExecutionResponse")),
            parameters: ExecutionPath.self, body: .none
        ) { api, path, _, user in
            try api.getExecution(path.executionID, user: user)
        }

        table.open(.get, "/health", Operation("health", tag: "health", response: .stringMap), parameters: NoParameters.self, body: .none) { _, _, _ in
            ["status": "ok"]
        }

        table.webSocket("/api/v1/agents/ws/{agent_id}") { api, parameters, _, channel in
            await api.echo(parameters["agent_id"] ?? "", channel: channel)
        }
        table.webSocket("/api/v1/agents/ws/executions/{execution_id}") { api, parameters, context, channel in
            await api.streamExecution(parameters["execution_id"] ?? "", context: context, channel: channel)
        }
        return table
    }()
}

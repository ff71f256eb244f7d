import AgentAPI
import AgentClient
import Foundation
import ReferenceTarget
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// 2. The app's real networking code against the reference: URLSession answered by `ReferenceURLProtocol`,
/// no server, no socket.
@Suite struct AgentClientTests {
    let client: AgentClient

    init() throws {
        // Each test gets its own host, so its own fresh database.
        let host = "agents-\(UInt32.random(in: 0 ... .max)).test"
        ReferenceURLProtocol.serve(try AgentAPI(.testing()), host: host)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.protocolClasses = [ReferenceURLProtocol.self]
        client = AgentClient(baseURL: try #require(URL(string: "http://\(host)/")), session: URLSession(configuration: configuration))
    }

    @Test func registerLogInCreateAndRead() async throws {
        let user = try await client.register(email: "Ada@Example.com", password: "correct horse")
        #expect(user.email == "ada@example.com" && user.isActive)
        let ada = try await client.loggedIn(email: "ada@example.com", password: "correct horse")
        let agent = try await ada.createAgent(name: "Planner", modelName: "gpt-4")
        #expect(agent.temperature == 0.7 && agent.toolIds.isEmpty && agent.parentId == nil && agent.createdById == user.id)
        #expect(try await ada.agent(id: agent.id) == agent)
        #expect(try await ada.agents().map(\.id) == [agent.id])
    }

    @Test func aValidationErrorComesBackAs422WithItsLocation() async throws {
        try await client.register(email: "ben@example.com", password: "password123")
        let ben = try await client.loggedIn(email: "ben@example.com", password: "password123")
        let error = try await #require(throws: APIError.self) { try await ben.createAgent(name: "Hot", modelName: "gpt-4", temperature: 2.5) }
        #expect(error.status == 422)
        guard case .validation(let problems) = error.detail else {
            Issue.record("expected validation errors, got \(error.detail)")
            return
        }
        #expect(problems.map(\.type) == ["less_than_equal"])
        #expect(problems.first?.loc.map(\.description) == ["body", "temperature"])
    }

    @Test func anotherUsersAgentIs403() async throws {
        try await client.register(email: "cy@example.com", password: "password123")
        try await client.register(email: "di@example.com", password: "password123")
        let cy = try await client.loggedIn(email: "cy@example.com", password: "password123")
        let di = try await client.loggedIn(email: "di@example.com", password: "password123")
        let agent = try await cy.createAgent(name: "Private", modelName: "gpt-4")
        let error = try await #require(throws: APIError.self) { try await di.agent(id: agent.id) }
        #expect(error == APIError(status: 403, detail: .text("Not authorized to access this agent")))
        #expect(try await di.agents().isEmpty)
    }

    @Test func aWrongPasswordIs401() async throws {
        try await client.register(email: "ed@example.com", password: "password123")
        let error = try await #require(throws: APIError.self) { try await client.loggedIn(email: "ed@example.com", password: "password124") }
        #expect(error == APIError(status: 401, detail: .text("Incorrect username or password")))
    }
}

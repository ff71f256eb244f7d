import HTTPCore
import Testing

@testable import AgentAPI

/// The route table is the one place routes are declared: each entry must agree with itself.
struct RouteTableTests {
    @Test(arguments: RouteTable.agentAPI.routes.map { "\($0.method.rawValue) \($0.template)" })
    func aRouteDeclaresExactlyTheParametersOfItsPath(route name: String) throws {
        let route = try #require(RouteTable.agentAPI.routes.first { "\($0.method.rawValue) \($0.template)" == name })
        let declared = route.parameters.filter { $0.location == .path }.map(\.name)
        #expect(declared == route.template.parameterNames)
    }

    @Test func everyMethodAndPathIsDeclaredOnce() {
        let names = RouteTable.agentAPI.routes.map { "\($0.method.rawValue) \($0.template)" }
        #expect(Set(names).count == names.count)
    }

    @Test func operationNamesAreUniqueSnakeCaseFunctionNames() {
        let names = RouteTable.agentAPI.routes.map(\.operation.name)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0.range(of: "^[a-z][a-z_]*$", options: .regularExpression) != nil })
    }

    @Test(arguments: [
        ("GET", "/api/v1/agents/7", "matched GET /api/v1/agents/{agent_id}"),
        ("PUT", "/api/v1/agents/7", "405 GET"),
        ("GET", "/api/v1/agents/", "307 /api/v1/agents"),
        ("GET", "/api/v1/nothing", "404"),
        ("GET", "/api/v1/agents/ws/7", "404"),
    ])
    func routingFollowsStarlette(method: String, path: String, expected: String) {
        let outcome: String
        switch RouteTable.agentAPI.route(HTTPMethod(method), path: path) {
        case .matched(let route, _): outcome = "matched \(route.method.rawValue) \(route.template)"
        case .methodNotAllowed(let allow): outcome = "405 " + allow.map(\.rawValue).joined(separator: ", ")
        case .redirect(let twin): outcome = "307 \(twin)"
        case .notFound: outcome = "404"
        }
        #expect(outcome == expected)
    }
}

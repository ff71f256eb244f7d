import AgentAPI
import Foundation
import HTTPCore
import JSONCore
import Testing

/// Many tasks at once through `handle`, as a served reference sees them: nothing lost, nothing mixed up.
struct ConcurrentUseTests {
    static func json(_ response: HTTPResponse) -> JSONValue? { try? JSONParser.parse(bytes: response.body) }

    @Test func concurrentCreatesReadsAndDeletesLoseNothing() async throws {
        let api = try AgentAPI(.testing())
        var tokens: [String] = []
        for user in 0..<8 {
            _ = await api.handle(
                HTTPRequest(
                    method: .post, target: "/api/v1/users", headers: ["Content-Type": "application/json"],
                    body: Array(#"{"email":"c\#(user)@example.com","password":"password123"}"#.utf8)))
            let login = await api.handle(
                HTTPRequest(
                    method: .post, target: "/api/v1/auth/login",
                    headers: ["Content-Type": "application/x-www-form-urlencoded"],
                    body: Array("username=c\(user)@example.com&password=password123".utf8)))
            tokens.append(try #require(Self.json(login)?["access_token"]?.stringValue))
        }
        let perUser = 50
        // 400 creates from 400 tasks, with a list read alongside each.
        let created = await withTaskGroup(of: (Int, Int64?).self) { group in
            for index in 0..<(tokens.count * perUser) {
                let user = index % tokens.count, token = tokens[user]
                group.addTask {
                    let response = await api.handle(
                        HTTPRequest(
                            method: .post, target: "/api/v1/agents",
                            headers: ["Content-Type": "application/json", "Authorization": "Bearer \(token)"],
                            body: Array(#"{"name":"u\#(user)-\#(index)","model_name":"gpt-4"}"#.utf8)))
                    _ = await api.handle(HTTPRequest(method: .get, target: "/api/v1/agents?limit=5", headers: ["Authorization": "Bearer \(token)"]))
                    return (user, response.status == 201 ? Self.json(response)?["id"]?.numberValue?.int64 : nil)
                }
            }
            var created: [(Int, Int64?)] = []
            for await result in group { created.append(result) }
            return created
        }
        #expect(created.allSatisfy { $0.1 != nil }, "every create answered 201")
        let ids = created.compactMap(\.1)
        #expect(Set(ids).count == ids.count, "no id handed out twice")

        // Each user sees exactly their own agents; then half of them are deleted at once and the rest remain.
        for (user, token) in tokens.enumerated() {
            let list = await api.handle(HTTPRequest(method: .get, target: "/api/v1/agents?limit=100", headers: ["Authorization": "Bearer \(token)"]))
            let listed = Set(Self.json(list)?.arrayValue?.compactMap { $0["id"]?.numberValue?.int64 } ?? [])
            #expect(listed == Set(created.filter { $0.0 == user }.compactMap(\.1)))
        }
        let doomed = Array(created.prefix(created.count / 2))
        let statuses = await withTaskGroup(of: Int.self) { group in
            for (user, id) in doomed {
                let token = tokens[user]
                group.addTask {
                    await api.handle(HTTPRequest(method: .delete, target: "/api/v1/agents/\(id ?? 0)", headers: ["Authorization": "Bearer \(token)"]))
                        .status
                }
            }
            var statuses: [Int] = []
            for await status in group { statuses.append(status) }
            return statuses
        }
        #expect(statuses.allSatisfy { $0 == 204 })
        var remaining = 0
        for token in tokens {
            let list = await api.handle(HTTPRequest(method: .get, target: "/api/v1/agents?limit=100", headers: ["Authorization": "Bearer \(token)"]))
            remaining += Self.json(list)?.arrayValue?.count ?? 0
        }
        #expect(remaining == created.count - doomed.count)
    }
}

import AgentAPI
import Foundation
import JSONCore
import ReferenceTarget
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// An app's URLSession code against the reference, with no server and no socket.
struct ReferenceURLProtocolTests {
    func session(host: String) throws -> URLSession {
        ReferenceURLProtocol.serve(try AgentAPI(.testing()), host: host)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.protocolClasses = [ReferenceURLProtocol.self]
        return URLSession(configuration: configuration)
    }

    func call(
        _ session: URLSession, _ method: String, _ url: String, json: String? = nil, form: String? = nil,
        token: String? = nil
    ) async throws -> (Int, JSONValue?, HTTPURLResponse) {
        var request = URLRequest(url: try #require(URL(string: url)))
        request.httpMethod = method
        if let json {
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(json.utf8)
        }
        if let form {
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(form.utf8)
        }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, try? JSONParser.parse(bytes: Array(data)), http)
    }

    @Test func dataTasksReachTheReferenceEndToEnd() async throws {
        let session = try session(host: "api.urlprotocol.test")
        let base = "http://api.urlprotocol.test/api/v1"
        for email in ["ann@example.com", "ben@example.com"] {
            let (status, _, _) = try await call(session, "POST", base + "/users", json: #"{"email":"\#(email)","password":"password123"}"#)
            #expect(status == 201)
        }
        let (loginStatus, login, _) = try await call(session, "POST", base + "/auth/login", form: "username=ann%40example.com&password=password123")
        #expect(loginStatus == 200)
        let token = try #require(login?["access_token"]?.stringValue)
        let (_, benLogin, _) = try await call(session, "POST", base + "/auth/login", form: "username=ben@example.com&password=password123")
        let benToken = try #require(benLogin?["access_token"]?.stringValue)

        let (created, agent, _) = try await call(
            session, "POST", base + "/agents", json: #"{"name":"From URLSession","model_name":"gpt-4"}"#,
            token: token)
        #expect(created == 201)
        let id = try #require(agent?["id"]?.numberValue?.int64)
        let (read, readBack, response) = try await call(session, "GET", base + "/agents/\(id)", token: token)
        #expect(read == 200 && readBack?["name"] == "From URLSession")
        #expect(response.value(forHTTPHeaderField: "Content-Type") == "application/json")

        let (invalid, problem, _) = try await call(session, "POST", base + "/agents", json: #"{"name":"","model_name":"gpt-4"}"#, token: token)
        #expect(invalid == 422)
        #expect(problem?["detail"]?.arrayValue?.first?["type"] == "string_too_short")

        let (forbidden, denial, _) = try await call(session, "GET", base + "/agents/\(id)", token: benToken)
        #expect(forbidden == 403 && denial?["detail"] == "Not authorized to access this agent")

        let (anonymous, _, challenge) = try await call(session, "GET", base + "/agents?skip=0&limit=5")
        #expect(anonymous == 401 && challenge.value(forHTTPHeaderField: "WWW-Authenticate") == "Bearer")
    }

    @Test func otherHostsAreLeftAlone() {
        let request = URLRequest(url: URL(string: "http://not-served.example/health")!)
        #expect(!ReferenceURLProtocol.canInit(with: request))
    }
}

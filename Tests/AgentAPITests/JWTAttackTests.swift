import AgentAPI
import Foundation
import HTTPCore
import JSONCore
import Testing

/// The JWT attack corpus (Vectors/generate_jwt_attacks.py): every token answered by the stock FastAPI app
/// on PyJWT 2.15.1, replayed against the reference in-process and over HTTP. Same status, same body, same
/// challenge: `alg: none` in every spelling, empty and public keys, algorithm confusion, odd `exp`/`iat`/`sub`,
/// broken segments. Where PyJWT is lenient (a `typ` of 123, `iat: true`, a duplicate `sub`), the corpus
/// records the leniency and the reference must share it: a decision, not an accident.
@Suite(.serialized)
struct JWTAttackTests {
    struct Corpus {
        let secret: String
        let users: [(email: String, password: String)]
        let cases: [Case]
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let group: String
        let why: String
        let authorization: String?
        let status: Int
        let body: JSONValue
        let wwwAuthenticate: String?
        let agentsStatus: Int
        var testDescription: String { name }

        init?(_ value: JSONValue) {
            guard let name = value["name"]?.stringValue, let group = value["group"]?.stringValue, let why = value["why"]?.stringValue,
                let status = value["status"]?.numberValue?.int64, let body = value["body"],
                let agentsStatus = value["agents_status"]?.numberValue?.int64
            else { return nil }
            (self.name, self.group, self.why, self.body) = (name, group, why, body)
            (self.status, self.agentsStatus) = (Int(status), Int(agentsStatus))
            authorization = value["authorization"]?.stringValue
            wwwAuthenticate = value["www_authenticate"]?.stringValue
        }
    }

    /// The corpus, or nil when the file is missing or any case does not read (`theCorpusIsLoaded` reports it).
    static let corpus: Corpus? = {
        guard let url = Bundle.module.url(forResource: "Vectors/jwt-attacks", withExtension: "json"),
            let data = try? Data(contentsOf: url), let root = try? JSONParser.parse(bytes: Array(data), options: .strict),
            let secret = root["secret"]?.stringValue, let users = root["users"]?.arrayValue, let cases = root["cases"]?.arrayValue
        else { return nil }
        let parsed = cases.compactMap(Case.init)
        guard parsed.count == cases.count else { return nil }
        return Corpus(
            secret: secret,
            users: users.compactMap { user in
                user["email"]?.stringValue.flatMap { email in user["password"]?.stringValue.map { (email, $0) } }
            }, cases: parsed)
    }()

    /// The reference with the corpus's key and users, their `created_at` pinned as the generator pinned them.
    static let api: Result<AgentAPI, any Error> = Result {
        guard let corpus else { throw CocoaError(.fileReadCorruptFile) }
        let clock = ManualWallClock(Timestamp(seconds: 1_704_067_200))  // 2024-01-01T00:00:00Z
        let configuration = AgentAPIConfiguration(secretKey: corpus.secret, passwordIterations: 10, clock: clock)
        let api = try AgentAPI(configuration)
        for user in corpus.users {
            let body = #"{"email":"\#(user.email)","password":"\#(user.password)"}"#
            let semaphore = DispatchSemaphore(value: 0)
            Task {
                _ = await api.handle(
                    HTTPRequest(
                        method: .post, target: "/api/v1/users", headers: ["Content-Type": "application/json"],
                        body: Array(body.utf8)))
                semaphore.signal()
            }
            semaphore.wait()
            clock.advance(microseconds: 1_000_000)
        }
        return api
    }

    static func request(_ target: String, _ test: Case) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let authorization = test.authorization { headers.add("Authorization", authorization) }
        return HTTPRequest(method: .get, target: target, headers: headers)
    }

    static func check(_ response: HTTPResponse, _ test: Case, over transport: String) {
        #expect(response.status == test.status, "\(transport): \(test.why)")
        let body = try? JSONParser.parse(bytes: response.body, options: .strict)
        #expect(body == test.body, "\(transport): \(response.bodyText)")
        #expect(response.headers["www-authenticate"] == test.wwwAuthenticate, "\(transport)")
    }

    @Test func theCorpusIsLoaded() throws {
        let corpus = try #require(Self.corpus)
        #expect(corpus.cases.count > 150)
        let groups = Set(corpus.cases.map(\.group))
        #expect(groups.isSuperset(of: ["alg-none", "alg-confusion", "keys", "segments", "exp", "iat", "sub", "size"]))
    }

    @Test(arguments: corpus?.cases ?? [])
    func inProcess(_ test: Case) async throws {
        let api = try Self.api.get()
        Self.check(await api.handle(Self.request("/api/v1/users/me", test)), test, over: "in-process")
        let agents = await api.handle(Self.request("/api/v1/agents", test))
        #expect(agents.status == test.agentsStatus, "GET /api/v1/agents")
    }

    /// Over a socket the answers are the same, except that a header block over the server's 16 KiB limit is
    /// refused before the app runs (431; uvicorn refuses it too, with 400).
    @Test func overHTTP() async throws {
        let corpus = try #require(Self.corpus)
        let api = try Self.api.get()
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        let server = try HTTPServer(configuration: configuration, handler: { await api.handle($0) })
        let port = try server.start()
        let client = HTTPClient(host: "127.0.0.1", port: port)
        for test in corpus.cases {
            var request = Self.request("/api/v1/users/me", test)
            request.headers.add("Host", "127.0.0.1")
            let response = try await client.send(request, timeout: 10)
            if (test.authorization?.utf8.count ?? 0) > HTTPLimits.defaultHeaderBytes {
                #expect(response.status == 431, "\(test.name): a header block past the limit")
            } else {
                Self.check(response, test, over: "HTTP \(test.name)")
            }
        }
        await server.shutdown()
    }
}

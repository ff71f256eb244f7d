import Foundation

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client of the agent API, written as an app would write it: URLSession and Codable, nothing else.
/// Its tests run it against the in-process reference through `ReferenceURLProtocol`.
public struct AgentClient: Sendable {
    public let baseURL: URL
    public let session: URLSession
    public var token: String?

    public init(baseURL: URL, session: URLSession = .shared, token: String? = nil) {
        self.baseURL = baseURL
        self.session = session
        self.token = token
    }

    /// Creates an account; the API answers with the user, never the password.
    @discardableResult
    public func register(email: String, password: String, fullName: String? = nil) async throws -> User {
        try await send("POST", "users", json: NewUser(email: email, password: password, fullName: fullName), expecting: 201)
    }

    /// Logs in with the OAuth2 password form and returns a client that sends the token.
    public func loggedIn(email: String, password: String) async throws -> AgentClient {
        let form = "username=\(Self.formEncoded(email))&password=\(Self.formEncoded(password))"
        let login: Login = try await send(
            "POST", "auth/login", body: Data(form.utf8), contentType: "application/x-www-form-urlencoded",
            expecting: 200)
        var copy = self
        copy.token = login.accessToken
        return copy
    }

    public func createAgent(name: String, modelName: String, temperature: Double? = nil) async throws -> Agent {
        try await send("POST", "agents", json: NewAgent(name: name, modelName: modelName, temperature: temperature), expecting: 201)
    }

    public func agent(id: Int) async throws -> Agent {
        try await send("GET", "agents/\(id)", expecting: 200)
    }

    public func agents(skip: Int = 0, limit: Int = 100) async throws -> [Agent] {
        try await send("GET", "agents?skip=\(skip)&limit=\(limit)", expecting: 200)
    }

    private func send<Body: Encodable, Answer: Decodable>(_ method: String, _ path: String, json: Body, expecting status: Int) async throws -> Answer
    {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return try await send(method, path, body: try encoder.encode(json), contentType: "application/json", expecting: status)
    }

    private func send<Answer: Decodable>(
        _ method: String, _ path: String, body: Data? = nil, contentType: String? = nil,
        expecting status: Int
    ) async throws -> Answer {
        guard let url = URL(string: "api/v1/" + path, relativeTo: baseURL) else { throw APIError(status: 0, detail: "bad path \(path)") }
        var request = URLRequest(url: url)
        request.httpMethod = method
        request.httpBody = body
        if let contentType { request.setValue(contentType, forHTTPHeaderField: "Content-Type") }
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response) = try await session.data(for: request)
        let code = (response as? HTTPURLResponse)?.statusCode ?? 0
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        guard code == status else {
            throw APIError(
                status: code, detail: (try? decoder.decode(Problem.self, from: data))?.detail ?? .text(String(decoding: data, as: UTF8.self)))
        }
        return try decoder.decode(Answer.self, from: data)
    }

    static func formEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return (text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text)
    }
}

public struct User: Codable, Sendable, Equatable {
    public let id: Int
    public let email: String
    public let fullName: String?
    public let isActive: Bool
}

public struct Agent: Codable, Sendable, Equatable {
    public let id: Int
    public let name: String
    public let modelName: String
    public let temperature: Double
    public let toolIds: [Int]
    public let parentId: Int?
    public let createdById: Int
}

/// A non-2xx answer: the status and FastAPI's `detail`, a message or a list of validation errors.
public struct APIError: Error, Equatable {
    public let status: Int
    public let detail: Detail

    public enum Detail: Decodable, Equatable, Sendable {
        case text(String)
        case validation([ValidationError])

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) {
                self = .text(text)
            } else {
                self = .validation(try container.decode([ValidationError].self))
            }
        }
    }

    public struct ValidationError: Decodable, Equatable, Sendable {
        public let type: String
        public let loc: [Location]
        public let msg: String
    }

    /// One element of a `loc` path: a key or an index.
    public enum Location: Decodable, Equatable, Sendable, CustomStringConvertible {
        case key(String), index(Int)
        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) { self = .index(index) } else { self = .key(try container.decode(String.self)) }
        }
        public var description: String {
            switch self {
            case .key(let key): key
            case .index(let index): "\(index)"
            }
        }
    }

    public init(status: Int, detail: Detail) {
        self.status = status
        self.detail = detail
    }

    init(status: Int, detail: String) { self.init(status: status, detail: .text(detail)) }
}

struct Problem: Decodable { let detail: APIError.Detail }
struct Login: Decodable {
    let accessToken: String
    let tokenType: String
}
struct NewUser: Encodable {
    let email: String
    let password: String
    let fullName: String?
}
struct NewAgent: Encodable {
    let name: String
    let modelName: String
    let temperature: Double?
}

import ContractKit
import Foundation
import HTTPCore
import JSONCore
import Testing

/// A target answered by a closure: lets a test decide exactly what the "server" says.
struct StubTarget: Target {
    let description = "stub"
    let answer: @Sendable (HTTPRequest) async throws -> HTTPResponse

    func send(_ request: HTTPRequest) async throws -> HTTPResponse { try await answer(request) }

    static func json(_ status: Int, _ body: String, headers: [(String, String)] = []) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("content-type", "application/json")] + headers), body: Array(body.utf8))
    }

    /// A stub with an account service good enough for `actors.json`: register returns ids 1, 2, …, login a fake JWT.
    static func withAccounts(_ answer: @escaping @Sendable (HTTPRequest) async throws -> HTTPResponse) -> StubTarget {
        let ids = Counter()
        return StubTarget { request in
            switch (request.method.rawValue, request.target) {
            case ("POST", "/api/v1/users"):
                return json(201, #"{"id":\#(ids.next())}"#)
            case ("POST", "/api/v1/auth/login"):
                return json(200, #"{"access_token":"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln","token_type":"bearer"}"#)
            default:
                return try await answer(request)
            }
        }
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

let testActors: ActorSpec = {
    let json = """
        {"email": "{{$actor}}-{{$unique}}@example.com", "password": "pw-{{$unique}}",
         "steps": [
           {"request": {"method": "POST", "path": "/api/v1/users", "json": {"email": "{{email}}", "password": "{{password}}"}},
            "expect": {"status": 201}, "capture": {"id": "$.id"}},
           {"request": {"method": "POST", "path": "/api/v1/auth/login", "form": {"username": "{{email}}", "password": "{{password}}"}},
            "expect": {"status": 200}, "capture": {"token": "$.access_token"}}],
         "authorization": "Bearer {{token}}"}
        """
    switch ActorSpec.load(bytes: Array(json.utf8), file: "actors.json") {
    case .success(let spec): return spec
    case .failure(let failure): fatalError("test actors do not load: \(failure.issues)")
    }
}()

/// Loads a fixture from inline JSON, failing the test with the loader's issues if it does not load.
func fixture(_ json: String, file: String = "test.json", sourceLocation: SourceLocation = #_sourceLocation) -> Fixture? {
    switch FixtureLoader.load(bytes: Array(json.utf8), file: file) {
    case .success(let fixture): return fixture
    case .failure(let failure):
        Issue.record("fixture does not load: \(failure.issues.map(\.description))", sourceLocation: sourceLocation)
        return nil
    }
}

/// Runs fixtures against a target and returns the run.
func run(_ fixtures: [Fixture], against target: any Target) async -> RunResult {
    await Runner(suite: Suite(fixtures: fixtures, actors: testActors), target: target).run()
}

/// The failure text of a run's only fixture.
func failureText(_ result: RunResult) -> String {
    result.fixtures.first.flatMap { FailureReport().text(for: $0) } ?? ""
}

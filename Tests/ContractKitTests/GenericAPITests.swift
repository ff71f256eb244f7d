import Foundation
import HTTPCore
import JSONCore
import Testing

@testable import ContractKit

/// What lets the toolkit test an API it was not built around: auth described in the contract, actors that
/// log in with a username, a generic validation dialect, values drawn from schemas and patterns.
struct GenericAPITests {
    @Test(arguments: ["^(claude|gpt)-.*$", "^[a-zA-Z0-9_-]+$", "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", "^\\d{3}-\\d{4}$", "^(?:ab|cd)+x?$", "^password$"])
    func patternSamplesMatchTheirPattern(pattern: String) throws {
        let sample = try #require(PatternSample.generate(pattern))
        #expect(RegexCache.matches(pattern, sample), "\(sample)")
    }

    @Test func aQueryCredentialReplacesOnlyItsParameter() {
        var auth = AuthDescription()
        auth.credential = .query(name: "token")
        var request = HTTPRequest(method: .get, target: "/items?limit=5&token=old")
        auth.setCredential("new value", on: &request)
        #expect(request.target == "/items?limit=5&token=new%20value")
        auth.setCredential(nil, on: &request)
        #expect(request.target == "/items?limit=5")
    }

    @Test func aHeaderCredentialKeepsItsScheme() {
        var auth = AuthDescription()
        auth.credential = .header(name: "X-Api-Key", scheme: nil)
        var request = HTTPRequest(method: .get, target: "/", headers: ["X-Api-Key": "old"])
        auth.setCredential("k", on: &request)
        #expect(request.headers["x-api-key"] == "k")
        #expect(AuthDescription().token(fromHeaderValue: "bearer abc") == "abc")
        #expect(AuthDescription().token(fromHeaderValue: "Basic abc") == nil)
    }

    static let aliceToken = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZS0xIiwiZXhwIjo0MTAyNDQ0ODAwfQ.c2ln"  // sub alice-1

    @Test func forgeriesFollowTheDescribedSubject() throws {
        var auth = AuthDescription()
        auth.subjectProperty = "login"
        let forger = TokenForger(secret: Array("k".utf8), auth: auth)
        let swapped = try forger.forge(.swappedSubject, from: Self.aliceToken, owner: "alice-1", other: "bob-2").get()
        #expect(TokenTampering.claims(swapped)?["sub"] == "bob-2")
        let unknown = try forger.forge(.unknownUser, from: Self.aliceToken, owner: "alice-1", other: nil).get()
        #expect(TokenTampering.claims(unknown)?["sub"]?.stringValue?.hasPrefix("nobody-") == true, "a login-like unknown subject")
        guard case .failure(let reason) = forger.forge(.integerSubject, from: Self.aliceToken, owner: "alice-1", other: nil) else {
            Issue.record("an integer subject cannot stand for a login")
            return
        }
        #expect(reason.reason.contains("not a number"))
    }

    @Test func opaqueTokensSkipEveryForgery() {
        var auth = AuthDescription()
        auth.format = .opaque
        let forger = TokenForger(secret: Array("k".utf8), auth: auth)
        for forgery in TokenForgery.allCases {
            guard case .failure(let unavailable) = forger.forge(forgery, from: "opaque-token", owner: 1, other: 2) else {
                Issue.record("\(forgery) was forged from an opaque token")
                continue
            }
            #expect(unavailable.reason.contains("opaque"))
        }
    }

    @Test func actorsMayLogInWithALoginName() throws {
        let json = """
            {"login": "{{$actor}}-{{$unique}}", "password": "pw-{{$random}}", "authorization": "Bearer {{token}}", "steps": [
              {"request": {"method": "POST", "path": "/users/", "json": {"username": "{{login}}", "password": "{{password}}"}}, "expect": {"status": 201}},
              {"request": {"method": "POST", "path": "/token", "form": {"username": "{{login}}", "password": "{{password}}"}}, "expect": {"status": 200},
               "capture": {"token": "$.access_token"}}]}
            """
        let spec = try ActorSpec.load(bytes: Array(json.utf8), file: "actors.json").get()
        #expect(spec.loginKey == "login" && spec.properties == ["login", "password", "token"])
        let flow = AccountFlow(spec)
        #expect(flow.isLogin(HTTPRequest(method: .post, target: "/token")))
        #expect(flow.isRegistration(HTTPRequest(method: .post, target: "/users/")))
        #expect(flow.loginFields == ["username"] && flow.passwordFields == ["password"])
        #expect(flow.token(inCredential: "Bearer abc") == "abc")
        let both = #"{"login": "a", "email": "b", "password": "p", "authorization": "x", "steps": []}"#
        guard case .failure(let failure) = ActorSpec.load(bytes: Array(both.utf8), file: "actors.json") else {
            Issue.record("login and email together were accepted")
            return
        }
        #expect(failure.issues.contains { $0.message.contains("not both") })
    }

    @Test func aSessionOnAnotherAPIBecomesAnActorScript() throws {
        let json = """
            {"login": "{{$actor}}-{{$unique}}", "password": "pw-{{$random}}", "authorization": "Bearer {{token}}", "steps": [
              {"request": {"method": "POST", "path": "/users/", "json": {"username": "{{login}}", "password": "{{password}}"}}, "expect": {"status": 201}},
              {"request": {"method": "POST", "path": "/token", "form": {"username": "{{login}}", "password": "{{password}}"}}, "expect": {"status": 200},
               "capture": {"token": "$.access_token"}}]}
            """
        let flow = AccountFlow(try ActorSpec.load(bytes: Array(json.utf8), file: "actors.json").get())
        func exchange(
            _ method: HTTPMethod, _ target: String, _ body: String, headers: HTTPHeaders = [:], status: Int = 200, answer: String
        ) -> SessionScript.Observed {
            SessionScript.Observed(
                request: HTTPRequest(method: method, target: target, headers: headers, body: Array(body.utf8)),
                response: HTTPResponse(status: status, headers: ["content-type": "application/json"], body: Array(answer.utf8)))
        }
        let session = [
            exchange(
                .post, "/users/", #"{"username":"Ann","password":"secret-1"}"#, headers: ["Content-Type": "application/json"], status: 201,
                answer: #"{"username":"Ann"}"#),
            exchange(
                .post, "/token", "username=Ann&password=secret-1", headers: ["Content-Type": "application/x-www-form-urlencoded"],
                answer: #"{"access_token":"\#(Self.aliceToken)"}"#),
            exchange(
                .post, "/heroes/", #"{"name":"Deadpond"}"#,
                headers: ["Content-Type": "application/json", "Authorization": "Bearer \(Self.aliceToken)"], answer: #"{"id":1}"#),
        ]
        let script = SessionScript.script(session, description: "d", flow: flow)
        let steps = try #require(script["steps"]?.arrayValue)
        #expect(steps.count == 1, "registration and login are the actor's provisioning")
        #expect(steps.first?["as"] == "alice")
        #expect(!JSONWriter.compact(script).contains("secret-1") && !JSONWriter.compact(script).contains(Self.aliceToken))
    }

    /// A scaffold must never write what its own loader refuses: every field type of a document, an object
    /// field included, gives an api.json that loads.
    @Test func aScaffoldFromADocumentWithEveryFieldTypeLoads() async throws {
        let document = #"""
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {"/things/": {"post": {"operationId": "create_thing",
               "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}},
               "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Thing"}}}}}}}},
             "components": {"schemas": {"Thing": {"type": "object", "required": ["name"], "properties": {
               "name": {"type": "string", "maxLength": 20}, "count": {"type": "integer", "minimum": 0}, "ratio": {"type": "number"},
               "done": {"type": "boolean"}, "tags": {"type": "array", "items": {"type": "string"}},
               "meta": {"type": "object", "additionalProperties": true},
               "owner": {"$ref": "#/components/schemas/Owner"}}},
               "Owner": {"type": "object", "properties": {"login": {"type": "string"}}}}}}
            """#
        let scaffold = APIScaffold(spec: try OpenAPISpec(bytes: Array(document.utf8)))
        let suite = await scaffold.suite(probing: nil)
        let api = try #require(suite.files.first { $0.path == "contracts/api.json" }?.document)
        let written = JSONWriter.pretty(api)
        guard case .success(let contract) = APIContract.load(bytes: Array(written.utf8), file: "api.json") else {
            Issue.record("the scaffold's api.json does not load:\n\(written)")
            return
        }
        let types = Set(contract.models.flatMap { $0.fields.map(\.type) })
        #expect(types.isSuperset(of: ["string", "integer", "number", "boolean", "array", "object"]), "\(types)")
    }
}

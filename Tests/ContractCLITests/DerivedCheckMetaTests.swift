import AgentAPI
import ContractKit
import ContractSuite
import Crypto
import Foundation
import HTTPCore
import JSONCore
import ReferenceFaults
import ReferenceTarget
import Testing

/// Each kind of derived check fails on a target that breaks exactly its rule, and only that check fails:
/// no check may pass without evidence, and none may fail what it does not check.
@Suite(.serialized)
struct DerivedCheckMetaTests {
    static let secret = "meta-test-signing-key-0123456789abcdefgh"

    static let fixtureJSON = """
        {"description": "alice creates an agent, reads it and renames it", "actors": ["alice"], "steps": [
          {"as": "alice", "request": {"method": "POST", "path": "/api/v1/agents", "json": {"name": "Meta", "model_name": "gpt-4", "temperature": 0.5}},
           "expect": {"status": 201}, "capture": {"agent": "$.id"}},
          {"as": "alice", "request": {"method": "GET", "path": "/api/v1/agents/{{agent}}"}, "expect": {"status": 200}},
          {"as": "alice", "request": {"method": "PATCH", "path": "/api/v1/agents/{{agent}}", "json": {"name": "Renamed"}}, "expect": {"status": 200}}]}
        """

    /// One broken rule: how a target that breaks it rewrites a request (or its answer).
    enum Breach: String, CaseIterable, CustomTestStringConvertible {
        case noCredentialsAccepted, algNoneAccepted, flippedSignatureAccepted, swappedSubjectAccepted, expiredAccepted
        case unknownUserAccepted, integerSubjectAccepted, foreignReadAllowed, foreignChangeApplied, listShowsEveryone
        case listRefusesTheWindow, temperatureUnbounded, boundaryTemperatureRefused, validationMessageChanged
        case otherAlgorithmAccepted, futureIssueAccepted, notBeforeIgnored, textualExpiryAccepted, audienceAccepted
        case integerTokenIDAccepted, missingSubjectAccepted, signedSubjectAccepted, missingExpiryRefused

        var testDescription: String { rawValue }

        /// The derived checks that must fail, and no other (title, or title prefix for fields).
        var failing: Set<String> {
            switch self {
            case .noCredentialsAccepted: return ["no credentials"]
            case .algNoneAccepted: return [TokenForgery.algNone.rawValue]
            case .flippedSignatureAccepted: return [TokenForgery.flippedSignature.rawValue]
            case .swappedSubjectAccepted: return [TokenForgery.swappedSubject.rawValue]
            case .expiredAccepted: return [TokenForgery.expired.rawValue]
            case .unknownUserAccepted: return [TokenForgery.unknownUser.rawValue]
            case .integerSubjectAccepted: return [TokenForgery.integerSubject.rawValue]
            case .foreignReadAllowed: return ["another user@GET"]
            case .foreignChangeApplied: return ["another user@PATCH"]
            case .listShowsEveryone, .listRefusesTheWindow: return ["another user@GET", "another user@PATCH"]
            case .temperatureUnbounded: return ["temperature above 2"]
            case .boundaryTemperatureRefused: return ["temperature 2"]
            case .validationMessageChanged: return ["*validation refusals"]
            case .otherAlgorithmAccepted: return [TokenForgery.otherAlgorithm.rawValue]
            case .futureIssueAccepted: return [TokenForgery.issuedInFuture.rawValue]
            case .notBeforeIgnored: return [TokenForgery.notYetValid.rawValue]
            case .textualExpiryAccepted: return [TokenForgery.textualTime.rawValue]
            case .audienceAccepted: return [TokenForgery.audience.rawValue]
            case .integerTokenIDAccepted: return [TokenForgery.integerTokenID.rawValue]
            case .missingSubjectAccepted: return [TokenForgery.noSubject.rawValue]
            case .signedSubjectAccepted: return [TokenForgery.signedSubject.rawValue]
            case .missingExpiryRefused: return [TokenForgery.noExpiry.rawValue]
            }
        }
    }

    /// The reference, plus the breach: tokens it has handed out are remembered, so a forgery it "accepts" is
    /// answered as the user the forgery names.
    struct Breaching: Target {
        let breach: Breach
        let inner: ReferenceTarget
        let memory: Memory
        var description: String { "breaching \(breach.rawValue)" }

        final class Memory: @unchecked Sendable {
            private let lock = NSLock()
            private var tokens: [String: String] = [:]  // sub → token
            private var owners: [String: String] = [:]  // agent id → owner's token
            private var last: String?
            private var signatures: [String: String] = [:]  // signature → sub
            func remember(token: String) {
                guard let sub = TokenTampering.claims(token)?["sub"]?.stringValue,
                    let signature = token.split(separator: ".", omittingEmptySubsequences: false).last.map(String.init)
                else { return }
                lock.withLock {
                    tokens[sub] = token
                    signatures[signature] = sub
                    last = token
                }
            }
            /// The user a real signature was issued to.
            func signer(of signature: String?) -> String? { lock.withLock { signature.flatMap { signatures[$0] } } }
            func token(for sub: String?) -> String? { lock.withLock { sub.flatMap { tokens[$0] } } }
            var lastToken: String? { lock.withLock { last } }
            func remember(agent: String, owner: String) { lock.withLock { owners[agent] = owner } }
            func owner(of agent: String) -> String? { lock.withLock { owners[agent] } }
        }

        func send(_ original: HTTPRequest) async throws -> HTTPResponse {
            var request = original
            let token = request.headers["authorization"].flatMap { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : nil }
            let claims = token.flatMap(TokenTampering.claims)
            let parts = token?.split(separator: ".", omittingEmptySubsequences: false).map(String.init) ?? []
            let signedRight =
                parts.count == 3
                && Base64URL.encode(
                    HMAC<SHA256>.authenticationCode(
                        key: Array(DerivedCheckMetaTests.secret.utf8), message: Array((parts[0] + "." + parts[1]).utf8))) == parts[2]
            let header = parts.first.flatMap { Base64URL.decode($0) }.flatMap { try? JSONParser.parse(bytes: $0) }
            func actAs(_ replacement: String?) { if let replacement { request.headers.set("Authorization", "Bearer \(replacement)") } }
            let sub = claims?["sub"].map { TemplateScope.text(of: $0) }
            let now = Date().timeIntervalSince1970
            switch breach {
            case .noCredentialsAccepted where request.headers["authorization"] == nil: actAs(memory.lastToken)
            case .algNoneAccepted where header?["alg"] == "none": actAs(memory.token(for: sub))
            case .flippedSignatureAccepted
            where token != nil && !signedRight && header?["alg"] == "HS256" && parts.last?.isEmpty == false
                && memory.signer(of: parts.last) == nil:
                actAs(memory.token(for: sub))
            case .swappedSubjectAccepted where token != nil && !signedRight && memory.signer(of: parts.last).map { $0 != sub } == true:
                actAs(memory.token(for: sub))
            case .expiredAccepted where signedRight && (claims?["exp"]?.numberValue?.double ?? .infinity) < Date().timeIntervalSince1970:
                actAs(memory.token(for: sub))
            case .unknownUserAccepted
            where signedRight && claims?["sub"]?.stringValue?.allSatisfy({ ("0"..."9").contains($0) }) == true && memory.token(for: sub) == nil:
                actAs(memory.lastToken)
            case .integerSubjectAccepted where signedRight && claims?["sub"]?.numberValue != nil: actAs(memory.token(for: sub))
            case .otherAlgorithmAccepted where signedRight && header?["alg"] != "HS256": actAs(memory.token(for: sub))
            case .futureIssueAccepted where signedRight && (claims?["iat"]?.numberValue?.double ?? 0) > now: actAs(memory.token(for: sub))
            case .notBeforeIgnored where signedRight && (claims?["nbf"]?.numberValue?.double ?? 0) > now: actAs(memory.token(for: sub))
            case .textualExpiryAccepted where signedRight && claims?["exp"]?.stringValue != nil: actAs(memory.token(for: sub))
            case .audienceAccepted where signedRight && claims?["aud"] != nil: actAs(memory.token(for: sub))
            case .integerTokenIDAccepted where signedRight && claims?["jti"]?.numberValue != nil: actAs(memory.token(for: sub))
            case .missingSubjectAccepted where signedRight && claims != nil && claims?["sub"] == nil: actAs(memory.lastToken)
            case .signedSubjectAccepted where signedRight && sub?.hasPrefix("+") == true: actAs(memory.token(for: sub.map { String($0.dropFirst()) }))
            case .missingExpiryRefused where signedRight && claims != nil && claims?["exp"] == nil:
                return HTTPResponse(
                    status: 401, headers: ["content-type": "application/json", "www-authenticate": "Bearer"],
                    body: Array(#"{"detail":"Could not validate credentials"}"#.utf8))
            case .listRefusesTheWindow where request.method == .get && request.rawPath == "/api/v1/agents" && request.rawQuery.contains("limit"):
                return HTTPResponse(
                    status: 422, headers: ["content-type": "application/json"],
                    body: Array(#"{"detail":"limit is at most 50"}"#.utf8))
            case .boundaryTemperatureRefused
            where [.post, .patch].contains(request.method) && (try? JSONParser.parse(bytes: request.body))?["temperature"] == .float(2.0):
                return HTTPResponse(status: 422, headers: ["content-type": "application/json"], body: Array(#"{"detail":[]}"#.utf8))
            default: break
            }
            var response = try await inner.send(request)
            if let access = (try? JSONParser.parse(bytes: response.body))?["access_token"]?.stringValue { memory.remember(token: access) }
            if request.method == .post, request.rawPath == "/api/v1/agents", response.status == 201, let token,
                let id = (try? JSONParser.parse(bytes: response.body))?["id"]
            {
                memory.remember(agent: TemplateScope.text(of: id), owner: token)
            }
            if breach == .foreignChangeApplied, request.method == .patch, response.status == 404,
                let id = request.rawPath.split(separator: "/").last.map(String.init), let owner = memory.owner(of: id), owner != token
            {
                var asOwner = request
                asOwner.headers.set("Authorization", "Bearer \(owner)")
                _ = try await inner.send(asOwner)
            }
            if breach == .validationMessageChanged, response.status == 422, var body = String(validating: response.body, as: UTF8.self) {
                body = body.replacingOccurrences(of: "\"msg\":\"", with: "\"msg\":\"Oops: ")
                response.body = Array(body.utf8)
                response.headers.set("content-length", String(response.body.count))
            }
            return response
        }

        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            try await inner.openWebSocket(target: target, headers: headers)
        }
    }

    func suite() throws -> Suite {
        guard let contracts = BuiltInSuite.contracts,
            case .success(let builtIn) = Suite.load(fixtures: try #require(BuiltInSuite.fixtures), contracts: contracts),
            case .success(let fixture) = FixtureLoader.load(bytes: Array(Self.fixtureJSON.utf8), file: "meta.json")
        else { throw CocoaError(.fileReadCorruptFile) }
        return Suite(fixtures: [fixture], actors: builtIn.actors, api: builtIn.api)
    }

    @Test(arguments: Breach.allCases)
    func aTargetThatBreaksOneRuleFailsExactlyItsCheck(breach: Breach) async throws {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        configuration.secretKey = Self.secret
        let mutant: Mutant? = [
            .foreignReadAllowed: .noOwnershipOnGet, .listShowsEveryone: .listShowsEveryone, .temperatureUnbounded: .temperatureUnbounded,
        ][breach]
        let service = try mutant?.reference(configuration) ?? AgentAPI(configuration)
        let target = Breaching(breach: breach, inner: ReferenceTarget(service: service, configuration: configuration), memory: .init())
        var options = Runner.Options()
        options.jwtSecret = Array(Self.secret.utf8)
        options.concurrency = 1
        let result = await Runner(suite: try suite(), target: target, options: options).run()
        #expect(result.fixtures.allSatisfy { $0.verdict == .passed }, "the breach must not touch the fixture's own steps")
        let failed = result.derived.filter { $0.verdict == .failed }
        #expect(!failed.isEmpty, "no derived check caught \(breach.rawValue)")
        for check in failed {
            let method = check.outcome.request?.method.rawValue ?? ""
            let named =
                breach.failing.contains(check.title) || breach.failing.contains("\(check.title)@\(method)")
                || (breach.failing.contains("*validation refusals") && check.kind == .validation)
            #expect(named, "\(breach.rawValue) also failed \(check.name) @\(method)")
        }
        let skipped = result.derived.filter { if case .skipped = $0.verdict { true } else { false } }
        #expect(skipped.isEmpty, "with the signing key every check applies: \(skipped.map(\.name).prefix(3))")
    }
}

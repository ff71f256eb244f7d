import Foundation
import HTTPCore
import JSONCore

/// Runs explore steps on a target and on an oracle in lock step, each side with its own accounts, ids and
/// tokens, and compares their answers. A session starts from fresh accounts on both sides (and a fresh
/// oracle), so a sequence replays the same way when it is shrunk.
struct ExploreSession {
    /// One side: where requests go, its accounts, and what its earlier steps answered.
    struct Side {
        let target: any Target
        let secret: [UInt8]?
        var actors: [ProvisionedActor] = []
        /// Each step's answer, by the step's number, for the ids later steps refer to.
        var answers: [Int: JSONValue] = [:]
    }

    let contract: APIContract
    let actorSpec: ActorSpec
    let runToken: String
    var target: Side
    var oracle: Side
    var comparison: AnswerComparison
    /// Each route's answer model (`AgentResponse`), the kind of the ids it holds.
    var kinds: [String: String?] = [:]

    /// What one step did on both sides.
    struct Exchange {
        let number: Int
        let step: ExploreStep
        let targetRequest: HTTPRequest
        let targetResponse: HTTPResponse
        let oracleResponse: HTTPResponse
        let differences: [Mismatch]
    }

    enum Failure: Error, CustomStringConvertible {
        case provisioning(String)
        /// The target answered an account step otherwise than actors.json (and the oracle) expect.
        case targetProvisioning(StepOutcome)
        case unreachable(String)
        var description: String {
            switch self {
            case .provisioning(let what): return "could not provision the explore accounts: \(what)"
            case .targetProvisioning(let outcome): return "the target failed account step \(outcome.name ?? "?")"
            case .unreachable(let why): return why
            }
        }
    }

    /// Registers `actors` accounts on both sides (the same names on each) and pairs their ids.
    static func start(
        contract: APIContract, actorSpec: ActorSpec, actors: Int, runToken: String, target: any Target, targetSecret: [UInt8]?,
        oracle: any Target, oracleSecret: [UInt8]?, kinds: [String: String?] = [:]
    ) async throws(Failure) -> ExploreSession {
        let globalLists = Set(
            contract.routes.filter { $0.method == "GET" && !$0.path.contains("{") && !$0.isPublic }.map(\.name)
        ).subtracting(contract.ownership.filter { $0.lists != nil }.map(\.route))
        var session = ExploreSession(
            contract: contract, actorSpec: actorSpec, runToken: runToken, target: Side(target: target, secret: targetSecret),
            oracle: Side(target: oracle, secret: oracleSecret), comparison: AnswerComparison(globalLists: globalLists), kinds: kinds)
        let empty = Fixture(file: "explore", description: "explore", tags: [], actors: [], variables: [], steps: [])
        for side in [true, false] {
            let execution = FixtureExecution(
                fixture: empty, target: side ? target : oracle, actorSpec: actorSpec, runID: runToken, counter: UniqueCounter())
            var state = execution.freshState()
            var provisioned: [ProvisionedActor] = []
            for index in 0..<max(1, actors) {
                switch await execution.provisionExtra(Self.actorName(index), into: &state) {
                case .ready(let actor): provisioned.append(actor)
                case .failed(let outcome):
                    if let reason = outcome.error?.unreachableReason { throw .unreachable(reason) }
                    if side, outcome.response != nil { throw .targetProvisioning(outcome) }
                    throw .provisioning("\(side ? "target" : "oracle"): \(outcome.error?.description ?? "the answer was not the expected one")")
                }
            }
            if side { session.target.actors = provisioned } else { session.oracle.actors = provisioned }
        }
        for (mine, theirs) in zip(session.target.actors, session.oracle.actors) {
            if let a = mine.properties["id"], let b = theirs.properties["id"] { _ = session.comparison.bind(target: a, oracle: b, kind: "user") }
        }
        return session
    }

    static func actorName(_ index: Int) -> String {
        let names = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]
        return index < names.count ? names[index] : "actor\(index)"
    }

    /// Sends step `number` to both sides; nil when it cannot apply (it names what an absent step created).
    mutating func play(_ step: ExploreStep, number: Int) async throws(Failure) -> Exchange? {
        guard let targetRequest = render(step, on: target), let oracleRequest = render(step, on: oracle) else { return nil }
        // A socket behind a credential is a stream that speaks first; an open one (an echo) waits to be spoken to.
        let speaksFirst = contract.route(named: step.route)?.credentialQuery != nil
        let (sideA, sideB) = (target.target, oracle.target)
        let websocket = step.websocket
        async let first = Self.exchange(targetRequest, with: sideA, websocket: websocket, speaksFirst: speaksFirst)
        async let second = Self.exchange(oracleRequest, with: sideB, websocket: websocket, speaksFirst: speaksFirst)
        let (targetAnswer, oracleAnswer) = await (first, second)
        let targetResponse: HTTPResponse, oracleResponse: HTTPResponse
        switch (targetAnswer, oracleAnswer) {
        case (.success(let a), .success(let b)): (targetResponse, oracleResponse) = (a, b)
        case (.failure(let error), _):
            if let reason = StepError.from(error).unreachableReason { throw .unreachable(reason) }
            targetResponse = HTTPResponse(status: 599, body: Array("\(error)".utf8))
            oracleResponse = (try? oracleAnswer.get()) ?? HTTPResponse(status: 599)
        case (_, .failure(let error)):
            throw .unreachable("the oracle did not answer: \(error)")
        }
        target.answers[number] = try? JSONParser.parse(bytes: targetResponse.body)
        oracle.answers[number] = try? JSONParser.parse(bytes: oracleResponse.body)
        let differences = comparison.differences(route: step.route, kind: kinds[step.route] ?? nil, target: targetResponse, oracle: oracleResponse)
        return Exchange(
            number: number, step: step, targetRequest: targetRequest, targetResponse: targetResponse, oracleResponse: oracleResponse,
            differences: differences)
    }

    private static func exchange(
        _ request: HTTPRequest, with target: any Target, websocket: Bool, speaksFirst: Bool
    ) async -> Result<
        HTTPResponse, any Error
    > {
        websocket ? await converse(request, with: target, speaksFirst: speaksFirst) : await send(request, to: target)
    }

    /// A WebSocket handshake as an answer: 101 with the first message as the body (then a close), or the
    /// refusal's status.
    private static func converse(_ request: HTTPRequest, with target: any Target, speaksFirst: Bool) async -> Result<HTTPResponse, any Error> {
        do {
            let session = try await target.openWebSocket(target: request.target, headers: request.headers)
            var body: [UInt8] = []
            if !speaksFirst { try? await session.send(text: #"{"explore":1}"#) }
            let event = try? await session.receive(timeout: 2)
            if case .text(let text)? = event { body = Array(text.utf8) }
            await session.close(code: WebSocketCloseCode.normal)
            return .success(HTTPResponse(status: 101, headers: ["content-type": "application/json"], body: body))
        } catch let refused as WebSocketRefused {
            return .success(HTTPResponse(status: refused.status))
        } catch {
            return .failure(error)
        }
    }

    private static func send(_ request: HTTPRequest, to target: any Target) async -> Result<HTTPResponse, any Error> {
        do {
            return .success(try await target.send(request))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Rendering a step for one side

    private func value(_ value: ExploreStep.Value, on side: Side) -> JSONValue? {
        switch value {
        case .literal(let literal): return literal
        case .created(let step, let path):
            guard let answer = side.answers[step], case .success(let parsed) = JSONPath.parse(path) else { return nil }
            return parsed.evaluate(answer)
        }
    }

    func render(_ step: ExploreStep, on side: Side) -> HTTPRequest? {
        var path = step.template
        for (name, reference) in step.path {
            guard let value = value(reference, on: side) else { return nil }
            path = path.replacingOccurrences(of: "{\(name)}", with: PercentDecoding.quote(TemplateScope.text(of: value), keeping: []))
        }
        if !step.query.isEmpty {
            path +=
                "?"
                + step.query.map {
                    "\(PercentDecoding.quote($0.name, keeping: []))=\(PercentDecoding.quote(TemplateScope.text(of: $0.value), keeping: []))"
                }
                .joined(separator: "&")
        }
        var request = HTTPRequest(method: HTTPMethod(step.method), target: path)
        if var body = step.body {
            for (place, reference) in step.bodyReferences {
                guard let value = value(reference, on: side), case .success(let location) = JSONPath.parse(place) else { return nil }
                body = body.replacing(at: location.components[...], with: value)
            }
            request.headers.set("Content-Type", "application/json")
            request.body = Array(JSONWriter.compact(body).utf8)
        } else if let index = step.loginActor, index < side.actors.count {
            // The login form, with the actor's name and its password (or a wrong one).
            let actor = side.actors[index]
            var login = TemplateScope.text(of: actor.properties[actorSpec.loginKey] ?? "")
            if step.loginInUpperCase { login = login.uppercased() }
            let password = step.wrongPassword ? "wrong-password-1" : TemplateScope.text(of: actor.properties["password"] ?? "")
            request.headers.set("Content-Type", "application/x-www-form-urlencoded")
            request.body = Array(
                "username=\(PercentDecoding.quote(login, keeping: []))&password=\(PercentDecoding.quote(password, keeping: []))".utf8)
        }
        guard let credential = credential(step.credential, on: side) else { return request }
        if step.websocket, let parameter = contract.route(named: step.route)?.credentialQuery {
            var auth = contract.auth
            auth.credential = .query(name: parameter)
            auth.setCredential(credential, on: &request)
            return request
        }
        contract.auth.setCredential(credential, on: &request)
        return request
    }

    /// The token the step sends on this side, transformed as the step asks.
    private func credential(_ credential: ExploreStep.Credential, on side: Side) -> String? {
        func token(_ index: Int) -> String? {
            guard index < side.actors.count else { return nil }
            let actor = side.actors[index]
            return actor.properties["token"]?.stringValue ?? contract.auth.token(fromHeaderValue: actor.authorization)
        }
        let forger = TokenForger(secret: side.secret, auth: contract.auth)
        func subject(_ index: Int) -> JSONValue? { index < side.actors.count ? side.actors[index].properties[contract.auth.subjectProperty] : nil }
        switch credential {
        case .none: return nil
        case .actor(let index): return token(index)
        case .algNone(let index): return token(index).map(TokenTampering.algNone)
        case .flippedSignature(let index): return token(index).map(TokenTampering.flipSignature)
        case .garbage: return "not-a-token"
        case .expired(let index):
            return token(index).flatMap { try? forger.forge(.expired, from: $0, owner: subject(index), other: nil).get() }
        case .unknownUser:
            return token(0).flatMap { try? forger.forge(.unknownUser, from: $0, owner: subject(0), other: nil).get() }
        }
    }

}

import Foundation
import HTTPCore
import JSONCore

/// Runs the checks derived from one step: replays the fixture up to that step on fresh actors, then
/// sends each variant of the step's request. Refusals first, then the other user, then acceptances,
/// so a check that (wrongly) changes state cannot mislead the ones after it.
struct DerivedExecution {
    let origin: DerivedOrigin
    let contract: APIContract
    let execution: FixtureExecution
    let forger: TokenForger

    func run() async -> [DerivedResult] {
        let step = origin.step
        var state = execution.freshState()
        // Another user's request on a step that writes gets an intruder of its own, registered while the
        // fixture replays; every other check that needs a second user shares the run's.
        let execution = self.execution
        let ownIntruder: Task<(FixtureExecution.ExtraActor, Secrets), Never>? =
            origin.checks.contains(where: needsOwnIntruder) ? Task { await execution.provisionAnother("intruder") } : nil
        if let failed = await execution.play(before: step.number, into: &state, keepGoing: false) {
            let outcome = StepOutcome(number: step.number, name: step.name).replacingAnswer(with: failed)
            return origin.checks.map { result($0, outcome, .blocked(by: "the fixture fails at step \(failed.number)"), secrets: state.secrets) }
        }
        if let failure = await execution.prepare(step, &state) {
            return origin.checks.map { result($0, failure, .failed, secrets: state.secrets) }
        }
        let owner = step.actor.flatMap { state.actors[$0] }
        let base: HTTPRequest
        do {
            base = try RequestRendering.render(step.request, scope: state.scope, authorization: owner?.authorization)
        } catch {
            var outcome = StepOutcome(number: step.number, name: step.name)
            outcome.error = .render(error.description)
            return origin.checks.map { result($0, outcome, .failed, secrets: state.secrets) }
        }
        var intruders: [Bool: FixtureExecution.ExtraActor] = [:]
        var results: [DerivedResult] = []
        for check in origin.checks.sorted(by: { Self.order($0) < Self.order($1) }) {
            var other: ProvisionedActor?
            if check.needsAnotherUser {
                let own = needsOwnIntruder(check)
                if intruders[own] == nil {
                    let (extra, secrets) =
                        if own, let ownIntruder { await ownIntruder.value } else { await execution.provisionAnother("intruder", shared: !own) }
                    state.secrets.add(secrets)
                    if case .ready(let actor) = extra { state.actors["intruder"] = actor }
                    intruders[own] = extra
                }
                switch intruders[own] {
                case .failed(let failed)?:
                    var outcome = StepOutcome(number: step.number, name: step.name).replacingAnswer(with: failed)
                    outcome.error = failed.error
                    results.append(result(check, outcome, .failed, secrets: state.secrets))
                    continue
                case .ready(let actor)?: other = actor
                case nil: break
                }
            }
            switch await perform(check, base: base, owner: owner, intruder: other, state: state) {
            case .ran(let outcome): results.append(result(check, outcome, outcome.passed ? .passed : .failed, secrets: state.secrets))
            case .skipped(let reason):
                results.append(result(check, StepOutcome(number: step.number, name: step.name), .skipped(reason: reason), secrets: state.secrets))
            }
        }
        return results
    }

    /// Whether a check needs an intruder no other check touches: another user's request on a step that writes
    /// (it could change what the intruder owns). The shared one only reads, or lends its id to a forged token.
    private func needsOwnIntruder(_ check: DerivedCheck) -> Bool {
        guard case .anotherUser = check.variant else { return false }
        return execution.ledger == nil || !["GET", "HEAD"].contains(origin.step.request.method.uppercased())
    }

    static func order(_ check: DerivedCheck) -> Int {
        switch check.variant {
        case .noCredentials, .forgedToken: return 0
        case .field(let mutation): if case .refused = mutation.answer { return 1 } else { return 3 }
        case .anotherUser: return 2
        }
    }

    private func result(_ check: DerivedCheck, _ outcome: StepOutcome, _ verdict: Verdict, secrets: Secrets) -> DerivedResult {
        var secrets = secrets
        secrets.add(usedIn: outcome)
        return DerivedResult(
            origin: origin.fixture.file, originStep: origin.step.number, originStepName: origin.step.name,
            kind: check.kind, title: check.title, outcome: outcome, verdict: verdict, secrets: secrets,
            targetURL: execution.target.description, route: origin.route.name)
    }

    /// A check either ran (and its outcome says how it went) or could not apply to this target.
    private enum CheckRun {
        case ran(StepOutcome)
        case skipped(String)
    }

    // MARK: One check

    private func perform(
        _ check: DerivedCheck, base: HTTPRequest, owner: ProvisionedActor?, intruder: ProvisionedActor?,
        state: FixtureExecution.State
    ) async -> CheckRun {
        let started = Date()
        var request = base
        switch check.variant {
        case .noCredentials:
            contract.auth.setCredential(nil, on: &request)
            return .ran(await send(request, started: started) { response in answer(response, contract.unauthenticated) })
        case .forgedToken(let forgery):
            guard let token = owner?.properties["token"]?.stringValue ?? owner.flatMap({ contract.auth.token(fromHeaderValue: $0.authorization) })
            else { return .skipped("the step's actor has no token to forge from") }
            let subject = contract.auth.subjectProperty
            switch forger.forge(forgery, from: token, owner: owner?.properties[subject], other: intruder?.properties[subject]) {
            case .failure(let unavailable): return .skipped(unavailable.reason)
            case .success(let forged):
                contract.auth.setCredential(forged, on: &request)
                if forgery.isAccepted(by: contract.auth) {
                    return .ran(
                        await send(request, started: started) { response in
                            let refused = response.status == contract.badToken.status || response.status >= 500
                            return (
                                [200], refused ? [Mismatch(.status, .refusedValidCredential, expected: nil, actual: .integer(response.status))] : []
                            )
                        })
                }
                return .ran(await send(request, started: started) { response in answer(response, contract.badToken) })
            }
        case .field(var mutation):
            guard let mutated = apply(mutation, to: base) else { return .skipped("cannot change \(mutation.field) in this request") }
            request = mutated
            // A missing field's item echoes the whole body as sent.
            if case .remove = mutation.change, case .refused(.object(var item)) = mutation.answer,
                let body = try? JSONParser.parse(bytes: mutated.body)
            {
                item["input"] = body
                mutation = FieldMutation(
                    location: mutation.location, field: mutation.field, change: mutation.change,
                    answer: .refused(.object(item)))
            }
            let finalMutation = mutation
            return .ran(await send(request, started: started) { response in fieldAnswer(response, finalMutation) })
        case .anotherUser(let rule, let resourceTemplate):
            guard let intruder else { return .skipped("no other user") }
            if let ownerID = owner?.properties["id"], intruder.properties["id"] == ownerID {
                return .skipped("the other user has the same id as the owner")
            }
            request.headers.set("Authorization", intruder.authorization)
            let resourceValue = (try? state.scope.renderText(resourceTemplate)) ?? resourceTemplate
            let readBack = readBackRequest(rule, resourceValue: resourceValue, owner: owner)
            let before = await readBack.asyncMap { await attempt($0) }
            var outcome = await send(request, started: started) { response in answer(response, rule.otherUser) }
            if let readBack, let before {
                // A read-back that cannot be made is a failure too: the check must not pass by not looking.
                let after = await attempt(readBack)
                let location = Mismatch.Location.ownerReadBack(method: readBack.method.rawValue, target: readBack.target)
                switch (before, after) {
                case (.success(let before), .success(let after)):
                    if after.status != before.status || !Self.sameJSON(after.body, before.body) {
                        outcome.mismatches.append(
                            Mismatch(
                                location, .changedByAnotherUser, expected: .value(Self.snapshot(before)),
                                actual: Self.snapshot(after)))
                    }
                case (.failure(let error), _), (_, .failure(let error)):
                    outcome.mismatches.append(Mismatch(location, .unreadable(reason: "\(error)"), expected: nil, actual: nil))
                }
            }
            if let (list, pages) = listRequest(rule, authorization: intruder.authorization) {
                let location = Mismatch.Location.otherUsersList(target: list.target)
                do {
                    let listed = try await execution.send(list, pages: pages)
                    // The check passes only on evidence: an answer that is not a 2xx list proves nothing.
                    guard (200..<300).contains(listed.status), case .array(let items)? = try? JSONParser.parse(bytes: listed.body) else {
                        outcome.mismatches.append(
                            Mismatch(
                                location, .unreadable(reason: "the list answered \(listed.status), not a JSON array"), expected: nil,
                                actual: Self.snapshot(listed)))
                        outcome.seconds = Date().timeIntervalSince(started)
                        return .ran(outcome)
                    }
                    let leaked = items.contains { item in
                        item[contract.resource(rule.resource ?? "")?.idField ?? "id"].map { TemplateScope.text(of: $0) } == resourceValue
                            || (rule.inBody && item[rule.resource ?? ""].map { TemplateScope.text(of: $0) } == resourceValue)
                    }
                    if leaked { outcome.mismatches.append(Mismatch(location, .leaked, expected: .absent, actual: Self.snapshot(listed))) }
                } catch {
                    outcome.mismatches.append(Mismatch(location, .unreadable(reason: "\(error)"), expected: nil, actual: nil))
                }
            }
            outcome.seconds = Date().timeIntervalSince(started)
            return .ran(outcome)
        }
    }

    /// An answer as data: its status and its body (JSON when it is JSON).
    static func snapshot(_ response: HTTPResponse) -> JSONValue {
        let body = (try? JSONParser.parse(bytes: response.body)) ?? .string(String(decoding: response.body, as: UTF8.self))
        return ["status": .integer(response.status), "body": body]
    }

    private func send(_ request: HTTPRequest, started: Date, check: (HTTPResponse) -> ([Int], [Mismatch])) async -> StepOutcome {
        var outcome = StepOutcome(number: origin.step.number, name: origin.step.name)
        outcome.request = request
        do {
            let response = try await execution.target.send(request)
            (outcome.expectedStatuses, outcome.mismatches) = check(response)
            outcome.response = response
        } catch {
            outcome.error = StepError.from(error)
        }
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }

    /// One request to the target, its error kept for the report.
    private func attempt(_ request: HTTPRequest) async -> Result<HTTPResponse, any Error> {
        do {
            return .success(try await execution.target.send(request))
        } catch {
            return .failure(error)
        }
    }

    // MARK: Expectations

    /// Status, exact JSON and headers of a contract answer.
    private func answer(_ response: HTTPResponse, _ expected: APIContract.Answer) -> ([Int], [Mismatch]) {
        var mismatches: [Mismatch] = []
        if response.status != expected.status {
            mismatches.append(Mismatch(.status, .wrongStatus, expected: .statuses([expected.status]), actual: .integer(response.status)))
        }
        if let json = expected.json {
            let actual = try? JSONParser.parse(bytes: response.body)
            if actual.map({ !JSONMatching.equal(json, $0) }) ?? true {
                mismatches.append(
                    Mismatch(
                        .body(.root), actual == nil ? .notJSON : .differentValue, expected: .value(json),
                        actual: actual ?? .string(String(decoding: response.body, as: UTF8.self))))
            }
        }
        for (name, value) in expected.headers where response.headers[name] != value {
            let actual = response.headers[name]
            mismatches.append(
                Mismatch(
                    .header(name.lowercased()), actual == nil ? .missing : .differentValue, expected: .value(.string(value)),
                    actual: actual.map(JSONValue.string)))
        }
        return ([expected.status], mismatches)
    }

    private func fieldAnswer(_ response: HTTPResponse, _ mutation: FieldMutation) -> ([Int], [Mismatch]) {
        var refusal = 422
        if case .generic(let status) = contract.validationDialect { refusal = status }
        switch mutation.answer {
        case .accepted:
            guard response.status == refusal || response.status >= 500 else { return ([200], []) }
            return ([200], [Mismatch(.status, .refusedValidValue, expected: nil, actual: .integer(response.status))])
        case .refused(let item):
            guard response.status == refusal else {
                return ([refusal], [Mismatch(.status, .wrongStatus, expected: .statuses([refusal]), actual: .integer(response.status))])
            }
            // A generic API says only that it refused: the status is the whole answer.
            if case .generic = contract.validationDialect { return ([refusal], []) }
            let body = try? JSONParser.parse(bytes: response.body)
            let detail = body?["detail"]
            let location = Mismatch.Location.body(JSONPath.root.appending("detail"))
            if contract.pydanticMessages {
                if let body, JSONMatching.equal(["detail": .array([item])], body) { return ([422], []) }
                return ([422], [Mismatch(location, .differentValue, expected: .value(.array([item])), actual: detail)])
            }
            let found = detail?.arrayValue?.contains {
                $0["type"] == item["type"] && $0["loc"].map { JSONMatching.equal($0, item["loc"] ?? .null) } == true
            }
            guard found != true else { return ([422], []) }
            let partial: JSONValue = ["type": item["type"] ?? .null, "loc": item["loc"] ?? .null, "$strict": false]
            let summary = "an item with type \(item["type"].map(JSONWriter.compact) ?? "") and loc \(item["loc"].map(JSONWriter.compact) ?? "")"
            return ([422], [Mismatch(location, .elementsMissing, expected: .matcher(["$contains": [partial]], summary: summary), actual: detail)])
        }
    }

    static func sameJSON(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard let x = try? JSONParser.parse(bytes: a), let y = try? JSONParser.parse(bytes: b) else { return a == b }
        return JSONMatching.equal(x, y)
    }

    // MARK: Requests

    private func apply(_ mutation: FieldMutation, to request: HTTPRequest) -> HTTPRequest? {
        var copy = request
        switch mutation.location {
        case .body:
            guard case .object(var body)? = try? JSONParser.parse(bytes: request.body) else { return nil }
            switch mutation.change {
            case .set(let value): body[mutation.field] = value
            case .remove: body[mutation.field] = nil
            }
            copy.body = JSONWriter.compactBytes(.object(body))
        case .query:
            var pairs = PercentDecoding.parseQuery(request.rawQuery).filter { $0.name != mutation.field }
            if case .set(let value) = mutation.change { pairs.append((mutation.field, TemplateScope.text(of: value))) }
            let query = pairs.map { RequestRendering.formEncode($0.name) + "=" + RequestRendering.formEncode($0.value) }.joined(separator: "&")
            copy.target = String(request.rawPath) + (query.isEmpty ? "" : "?" + query)
        case .path:
            guard case .set(let value) = mutation.change else { return nil }
            let template = origin.route.path.split(separator: "/", omittingEmptySubsequences: false)
            var parts = request.rawPath.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard template.count == parts.count, let index = template.firstIndex(of: Substring("{\(mutation.field)}")) else { return nil }
            parts[index] = PercentDecoding.quote(TemplateScope.text(of: value))
            copy.target = parts.joined(separator: "/") + (request.rawQuery.isEmpty ? "" : "?" + request.rawQuery)
        }
        return copy
    }

    /// The owner's read-back of the resource an ownership rule protects.
    private func readBackRequest(_ rule: APIContract.OwnershipRule, resourceValue: String, owner: ProvisionedActor?) -> HTTPRequest? {
        guard let owner, let parameter = rule.resource, let resource = contract.resource(parameter),
            let route = contract.route(named: resource.read)
        else { return nil }
        let path = route.path.replacingOccurrences(of: "{\(parameter)}", with: PercentDecoding.quote(resourceValue))
        return HTTPRequest(method: HTTPMethod(route.method), target: path, headers: ["Authorization": owner.authorization])
    }

    /// The other user's list that must never show the resource.
    /// The other user's list that must never show the resource, as the contract says to read it.
    private func listRequest(_ rule: APIContract.OwnershipRule, authorization: String) -> (HTTPRequest, PageWalk?)? {
        guard let parameter = rule.resource, let list = contract.resource(parameter)?.list, let route = contract.route(named: list.route) else {
            return nil
        }
        return (HTTPRequest(method: HTTPMethod(route.method), target: route.path, headers: ["Authorization": authorization]), list.pages)
    }
}

private extension Optional {
    /// `map` for an async transform.
    func asyncMap<T>(_ transform: (Wrapped) async -> T) async -> T? {
        guard let self else { return nil }
        return await transform(self)
    }
}

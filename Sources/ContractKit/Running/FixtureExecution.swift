import Foundation
import HTTPCore
import JSONCore

/// Runs one fixture: provisions its actors when first needed, performs each step, checks it, captures.
/// The runner, the derived checks' replays, the recorder and `contract diff` all go through `play`.
struct FixtureExecution {
    let fixture: Fixture
    let target: any Target
    let actorSpec: ActorSpec
    let runID: String
    let counter: UniqueCounter
    /// Records every exchange (the recorder and `contract diff` read responses from it).
    var log: ExchangeLog?
    /// Carry on after a failing step (recording checks every step, including stale ones).
    var keepGoing = false
    /// Secrets known before the fixture starts (the target's signing key, credentials given on the command line).
    var knownSecrets = Secrets()
    /// Checks every answer against an OpenAPI document too (`--validate-responses`).
    var responseValidation: ResponseValidation?
    /// Counts the accounts provisioned (the run's summary reports them).
    var ledger: ProvisioningLedger?
    /// Registers all the actors at once when the fixture starts (runs). Off where ids must come out in the
    /// order the actors first act (the recorder and `contract diff` compare or template them).
    var provisionsAhead = false
    /// Actors that take the run's shared account for their name (`Fixture.bystanders`; runs only, never replays).
    var bystanders: Set<String> = []

    /// What a fixture has built up so far: captured values, provisioned actors, secrets to hide.
    struct State {
        var scope: TemplateScope
        var actors: [String: ProvisionedActor] = [:]
        var outcomes: [StepOutcome] = []
        var secrets: Secrets
        /// Actors being provisioned ahead of the step that first needs them.
        var pending: [String: Task<Result<ProvisionedActor, ProvisioningFailure>, Never>] = [:]
    }

    func freshState() -> State {
        var scope = TemplateScope(runID: runID, counter: counter)
        // Rendered once, in order (lint makes sure each uses only the ones above it).
        for (name, value) in fixture.variables { scope.variables[name] = (try? scope.render(json: value)) ?? value }
        return State(scope: scope, secrets: knownSecrets)
    }

    /// Plays the fixture's steps before `stepNumber` (all of them when nil) into `state`, stopping at the
    /// first failure unless `keepGoing` (and always when a step got no answer). Returns the first failure.
    @discardableResult
    func play(before stepNumber: Int? = nil, into state: inout State, keepGoing: Bool) async -> StepOutcome? {
        var firstFailure: StepOutcome?
        if provisionsAhead { provisionAhead(through: stepNumber, &state) }
        for step in fixture.steps where stepNumber.map({ step.number < $0 }) ?? true {
            let outcomes = await perform(step, &state)
            for outcome in outcomes { state.secrets.add(usedIn: outcome) }
            state.outcomes += outcomes
            guard let failed = outcomes.first(where: { !$0.passed }) else { continue }
            firstFailure = firstFailure ?? failed
            if !keepGoing || outcomes.contains(where: { !$0.passed && $0.response == nil }) { break }
        }
        return firstFailure
    }

    /// The whole fixture, as the runner reports it.
    func run() async -> FixtureResult {
        let started = Date()
        var state = freshState()
        let failure = await play(into: &state, keepGoing: keepGoing)
        return FixtureResult(
            file: fixture.file, description: fixture.description, tags: fixture.tags,
            verdict: failure == nil ? .passed : .failed, steps: state.outcomes,
            secrets: state.secrets, seconds: Date().timeIntervalSince(started),
            targetURL: target.description)
    }

    // MARK: Steps

    /// The one place a step of any kind is performed.
    private func perform(_ step: Step, _ state: inout State) async -> [StepOutcome] {
        switch step {
        case .request(let single):
            if let failure = await provision(for: single, &state) { return [failure] }
            return [await send(single, &state)]
        case .parallel(let group):
            for member in group.members {
                if let failure = await provision(for: member, &state) { return [failure] }
            }
            return await sendTogether(group, &state)
        case .webSocket(let socket):
            if let failure = await provision(for: socket.handshake, &state) { return [failure] }
            return [await conversation(socket, scope: &state.scope, authorization: socket.actor.flatMap { state.actors[$0]?.authorization })]
        }
    }

    private func send(_ step: RequestStep, _ state: inout State) async -> StepOutcome {
        let started = Date()
        var outcome = StepOutcome(number: step.number, name: step.name)
        outcome.expectedStatuses = step.expectation?.statuses
        outcome.actor = step.actor
        let request: HTTPRequest
        do {
            request = try render(step, state)
        } catch {
            outcome.error = .render(error.description)
            return outcome
        }
        outcome.request = request
        do {
            let response = try await send(request, pages: step.request.pages)
            judge(step, member: 0, response: response, into: &outcome, &state)
        } catch {
            outcome.error = StepError.from(error)
        }
        outcome.seconds = Date().timeIntervalSince(started)
        return outcome
    }

    private func sendTogether(_ group: ParallelGroup, _ state: inout State) async -> [StepOutcome] {
        let started = Date()
        var outcomes = group.members.map { member in
            var outcome = StepOutcome(number: member.number, name: member.name ?? group.name)
            outcome.expectedStatuses = member.expectation?.statuses
            outcome.actor = member.actor
            return outcome
        }
        var requests: [HTTPRequest] = []
        for (index, member) in group.members.enumerated() {
            do {
                requests.append(try render(member, state))
            } catch {
                outcomes[index].error = .render(error.description)
                return [outcomes[index]]
            }
        }
        let target = self.target
        let answers = await concurrentMap(requests, limit: requests.count) { request in
            do { return Result<HTTPResponse, StepError>.success(try await target.send(request)) } catch { return .failure(StepError.from(error)) }
        }
        var statuses: [Int] = []
        for (index, member) in group.members.enumerated() {
            outcomes[index].request = requests[index]
            switch answers[index] {
            case .success(let response):
                statuses.append(response.status)
                judge(member, member: index, response: response, into: &outcomes[index], &state)
            case .failure(let error):
                outcomes[index].error = error
            }
            outcomes[index].seconds = Date().timeIntervalSince(started)
        }
        if let allowed = group.statuses, outcomes.allSatisfy({ $0.error == nil }), !allowed.contains(where: { $0.sorted() == statuses.sorted() }),
            let last = outcomes.indices.last
        {
            outcomes[last].expectedStatuses = allowed.first
            let expected: Mismatch.Expected =
                allowed.count == 1
                ? .statuses(allowed[0].sorted())
                : .matcher(
                    ["$oneOf": .array(allowed.map { .array($0.sorted().map(JSONValue.integer)) })],
                    summary: allowed.map { $0.sorted().map(String.init).joined(separator: ", ") }.joined(separator: " or "))
            outcomes[last].mismatches.append(
                Mismatch(.groupStatuses, .differentStatuses, expected: expected, actual: .array(statuses.sorted().map(JSONValue.integer))))
        }
        return outcomes
    }

    /// Every page of a paginated list, as one answer: the pages' JSON arrays concatenated, or the first
    /// answer that is not a 2xx JSON array (then that answer is the step's).
    /// One request, or every page of a list when `pages` says how to walk it.
    func send(_ request: HTTPRequest, pages: PageWalk?) async throws -> HTTPResponse {
        guard let pages else { return try await target.send(request) }
        return try await everyPage(of: request, walk: pages)
    }

    private func everyPage(of request: HTTPRequest, walk: PageWalk) async throws -> HTTPResponse {
        var items: [JSONValue] = []
        var last: HTTPResponse?
        for page in 0..<PageWalk.maximumPages {
            var pageRequest = request
            let kept = PercentDecoding.parseQuery(request.rawQuery).filter { $0.name != walk.skip && $0.name != walk.limit }
            let window = [(walk.skip, String(page * walk.size)), (walk.limit, String(walk.size))]
            let query = (kept + window).map { RequestRendering.formEncode($0.0) + "=" + RequestRendering.formEncode($0.1) }
            pageRequest.target = String(request.rawPath) + "?" + query.joined(separator: "&")
            let response = try await target.send(pageRequest)
            guard (200..<300).contains(response.status), case .array(let pageItems)? = ResponseCheck.json(response) else { return response }
            items += pageItems
            last = response
            if pageItems.count < walk.size { break }
        }
        guard var whole = last else { return try await target.send(request) }
        whole.body = JSONWriter.compactBytes(.array(items))
        if whole.headers.contains("content-length") { whole.headers.set("content-length", String(whole.body.count)) }
        return whole
    }

    /// The one check-capture-log path of every answered request.
    private func judge(_ step: RequestStep, member: Int, response: HTTPResponse, into outcome: inout StepOutcome, _ state: inout State) {
        let check = ResponseCheck(scope: state.scope)
        let variablesBefore = state.scope.variables
        var mismatches = check.mismatches(response, step.expectation)
        if let responseValidation, let request = outcome.request {
            let (violations, notes) = responseValidation.check(request, response)
            mismatches += violations
            outcome.notes += notes
        }
        if mismatches.isEmpty || keepGoing { mismatches += check.capture(step.captures, from: response, into: &state.scope.variables) }
        outcome.response = response
        outcome.mismatches += mismatches
        if let request = outcome.request {
            log?.record(
                Exchange(
                    step: step.number, member: member, request: request, response: response, mismatches: mismatches,
                    variables: variablesBefore))
        }
    }

    private func render(_ step: RequestStep, _ state: State) throws(TemplateScope.RenderError) -> HTTPRequest {
        try RequestRendering.render(step.request, scope: state.scope, authorization: step.actor.flatMap { state.actors[$0]?.authorization })
    }
}

extension StepOutcome {
    /// This step's identity with another outcome's request, answer, differences and time.
    func replacingAnswer(with other: StepOutcome) -> StepOutcome {
        var copy = self
        copy.request = other.request
        copy.response = other.response
        copy.expectedStatuses = other.expectedStatuses
        copy.mismatches = other.mismatches
        copy.error = other.error
        copy.seconds = other.seconds
        copy.transcript = other.transcript
        return copy
    }
}

extension Secrets {
    /// The credentials an outcome's request carried and its answer handed out.
    mutating func add(usedIn outcome: StepOutcome) {
        if let request = outcome.request { add(sentIn: request) }
        if let response = outcome.response { add(receivedIn: response) }
    }
}

import Foundation
import HTTPCore
import JSONCore

/// Runs one fixture: provisions its actors when first needed, sends each step, checks it, captures.
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

    /// What a fixture has built up so far: captured values, provisioned actors, secrets to hide.
    struct State {
        var scope: TemplateScope
        var actors: [String: ProvisionedActor] = [:]
        var outcomes: [StepOutcome] = []
        var secrets: [String] = []
    }

    func freshState() -> State {
        var scope = TemplateScope(runID: runID, counter: counter)
        for (name, value) in fixture.variables { scope.variables[name] = value }
        return State(scope: scope)
    }

    /// Runs the steps before `stepNumber` on fresh actors: the state a derived check of that step needs.
    /// Fails with the first step that did not pass.
    func replay(before stepNumber: Int) async -> Result<State, ReplayFailure> {
        var state = freshState()
        for step in fixture.steps where step.number < stepNumber {
            let outcomes: [StepOutcome]
            switch step {
            case .request(let single): outcomes = [await runSingle(single, &state)]
            case .parallel(let group): outcomes = await runGroup(group, &state)
            case .webSocket(let socket): outcomes = [await runWebSocket(socket, &state)]
            }
            state.outcomes += outcomes
            if let failed = outcomes.first(where: { !$0.passed }) { return .failure(ReplayFailure(outcome: failed, secrets: state.secrets)) }
        }
        return .success(state)
    }

    struct ReplayFailure: Error {
        let outcome: StepOutcome
        let secrets: [String]
    }

    /// Provisions an actor that is not one of the fixture's (the other user of ownership checks).
    func provisionExtra(_ name: String, into state: inout State) async -> ProvisionedActor? {
        guard case .success(let actor) = await provisionActor(name) else { return nil }
        state.actors[name] = actor
        state.secrets += [actor.properties["password"], actor.properties["token"]].compactMap { $0?.stringValue }
        return actor
    }

    /// Provisions the actors a step needs (public for derived checks, which render the step themselves).
    func prepare(_ step: RequestStep, _ state: inout State) async -> StepOutcome? { await provision(for: step, &state) }

    func run() async -> (result: FixtureResult, unreachable: String?) {
        let started = Date()
        var state = freshState()
        var unreachable: String?
        var status = FixtureStatus.passed
        stepLoop: for step in fixture.steps {
            let outcomes: [StepOutcome]
            switch step {
            case .request(let single):
                outcomes = [await runSingle(single, &state)]
            case .parallel(let group):
                outcomes = await runGroup(group, &state)
            case .webSocket(let socket):
                outcomes = [await runWebSocket(socket, &state)]
            }
            state.outcomes += outcomes
            for outcome in outcomes where !outcome.passed {
                if let error = outcome.error, error.hasPrefix("target unreachable") { unreachable = error }
                status = outcome.error != nil && outcome.response == nil ? .error : .failed
                if !keepGoing || outcome.response == nil { break stepLoop }
            }
        }
        let result = FixtureResult(file: fixture.file, description: fixture.description, tags: fixture.tags, status: status,
                                   steps: state.outcomes, secrets: state.secrets.filter { !$0.isEmpty },
                                   seconds: Date().timeIntervalSince(started), targetURL: target.description)
        return (result, unreachable)
    }

    // MARK: Steps

    private func runSingle(_ step: RequestStep, _ state: inout State) async -> StepOutcome {
        if let failure = await provision(for: step, &state) { return failure }
        let started = Date()
        let request: HTTPRequest
        do {
            request = try RequestRendering.render(step.request, scope: state.scope,
                                                  authorization: step.actor.flatMap { state.actors[$0]?.authorization })
        } catch {
            return outcome(step, request: nil, response: nil, error: "cannot build the request: \(error.description)", started: started)
        }
        let response: HTTPResponse
        do {
            response = try await target.send(request)
        } catch {
            return outcome(step, request: request, response: nil, error: "\(error)", started: started)
        }
        let check = ResponseCheck(scope: state.scope)
        let variablesBefore = state.scope.variables
        var mismatches = check.mismatches(response, step.expectation)
        if mismatches.isEmpty || keepGoing { mismatches += check.capture(step.captures, from: response, into: &state.scope.variables) }
        log?.record(Exchange(step: step.number, member: 0, request: request, response: response, mismatches: mismatches,
                             variables: variablesBefore))
        return StepOutcome(number: step.number, name: step.name, request: request, response: response,
                           expectedStatuses: step.expectation?.statuses, mismatches: mismatches, error: nil,
                           seconds: Date().timeIntervalSince(started))
    }

    private func runWebSocket(_ step: WebSocketStep, _ state: inout State) async -> StepOutcome {
        let asRequest = RequestStep(number: step.number, name: step.name, actor: step.actor, request: step.request, expectation: nil,
                                    captures: [], line: step.line)
        if let failure = await provision(for: asRequest, &state) { return failure }
        return await conversation(step, scope: &state.scope, authorization: step.actor.flatMap { state.actors[$0]?.authorization })
    }

    private func runGroup(_ group: ParallelGroup, _ state: inout State) async -> [StepOutcome] {
        for member in group.members {
            if let failure = await provision(for: member, &state) { return [failure] }
        }
        let started = Date()
        var requests: [HTTPRequest] = []
        for member in group.members {
            do {
                requests.append(try RequestRendering.render(member.request, scope: state.scope,
                                                            authorization: member.actor.flatMap { state.actors[$0]?.authorization }))
            } catch {
                return [outcome(member, request: nil, response: nil, error: "cannot build the request: \(error.description)", started: started)]
            }
        }
        let target = self.target
        let responses = await withTaskGroup(of: Answer.self) { tasks in
            for (index, request) in requests.enumerated() {
                tasks.addTask {
                    do {
                        return Answer(index: index, response: try await target.send(request), error: nil)
                    } catch {
                        return Answer(index: index, response: nil, error: "\(error)")
                    }
                }
            }
            var collected = [Answer?](repeating: nil, count: requests.count)
            for await answer in tasks where answer.index < collected.count { collected[answer.index] = answer }
            return collected
        }
        var outcomes: [StepOutcome] = []
        var statuses: [Int] = []
        for (index, member) in group.members.enumerated() {
            switch (responses[index]?.response, responses[index]?.error) {
            case (let response?, _):
                statuses.append(response.status)
                let check = ResponseCheck(scope: state.scope)
                let variablesBefore = state.scope.variables
                var mismatches = check.mismatches(response, member.expectation)
                if mismatches.isEmpty || keepGoing {
                    mismatches += check.capture(member.captures, from: response, into: &state.scope.variables)
                }
                log?.record(Exchange(step: member.number, member: index, request: requests[index], response: response,
                                     mismatches: mismatches, variables: variablesBefore))
                outcomes.append(StepOutcome(number: member.number, name: member.name ?? group.name, request: requests[index],
                                            response: response, expectedStatuses: member.expectation?.statuses,
                                            mismatches: mismatches, error: nil, seconds: Date().timeIntervalSince(started)))
            case (nil, let error?):
                outcomes.append(outcome(member, request: requests[index], response: nil, error: error, started: started))
            case (nil, nil):
                outcomes.append(outcome(member, request: requests[index], response: nil, error: "no result", started: started))
            }
        }
        if let expected = group.statuses, outcomes.allSatisfy({ $0.error == nil }), expected.sorted() != statuses.sorted() {
            let last = outcomes.removeLast()
            outcomes.append(StepOutcome(number: last.number, name: group.name ?? last.name, request: last.request, response: last.response,
                                        expectedStatuses: expected, mismatches: last.mismatches + [
                                            Mismatch(path: "statuses", expected: expected.sorted().map(String.init).joined(separator: ", "),
                                                     actual: .array(statuses.sorted().map(JSONValue.integer)),
                                                     note: "the group's statuses differ (in any order)")],
                                        error: nil, seconds: last.seconds))
        }
        return outcomes
    }

    /// One member's answer in a parallel group.
    private struct Answer: Sendable {
        let index: Int
        let response: HTTPResponse?
        let error: String?
    }

    private func outcome(_ step: RequestStep, request: HTTPRequest?, response: HTTPResponse?, error: String, started: Date) -> StepOutcome {
        StepOutcome(number: step.number, name: step.name, request: request, response: response,
                    expectedStatuses: step.expectation?.statuses, mismatches: [], error: error,
                    seconds: Date().timeIntervalSince(started))
    }

    // MARK: Actors

    /// Provisions every actor the step needs; a failure comes back as the step's outcome.
    private func provision(for step: RequestStep, _ state: inout State) async -> StepOutcome? {
        for name in RequestRendering.actorsReferenced(by: step, among: fixture.actors) where state.actors[name] == nil {
            switch await provisionActor(name) {
            case .success(let actor):
                state.actors[name] = actor
                for (property, value) in actor.properties { state.scope.variables["\(name).\(property)"] = value }
                state.secrets += [actor.properties["password"], actor.properties["token"]].compactMap { $0?.stringValue }
            case .failure(let failed):
                state.secrets += failed.secrets
                return StepOutcome(number: step.number, name: step.name, request: failed.outcome.request, response: failed.outcome.response,
                                   expectedStatuses: failed.outcome.expectedStatuses, mismatches: failed.outcome.mismatches,
                                   error: "provisioning actor \(name) failed at \"\(failed.stepName)\""
                                       + (failed.outcome.error.map { ": " + $0 } ?? ""),
                                   seconds: failed.outcome.seconds)
            }
        }
        return nil
    }

    private struct ProvisioningFailure: Error {
        let stepName: String
        let outcome: StepOutcome
        let secrets: [String]
    }

    private func provisionActor(_ name: String) async -> Result<ProvisionedActor, ProvisioningFailure> {
        var scope = TemplateScope(runID: runID, counter: counter)
        scope.actorName = name
        let started = Date()
        func failure(_ stepName: String, _ error: String) -> ProvisioningFailure {
            ProvisioningFailure(stepName: stepName, outcome: StepOutcome(number: 0, name: stepName, request: nil, response: nil,
                                                                        expectedStatuses: nil, mismatches: [], error: error,
                                                                        seconds: Date().timeIntervalSince(started)), secrets: [])
        }
        do {
            scope.variables["email"] = try scope.render(actorSpec.emailTemplate)
            scope.variables["password"] = try scope.render(actorSpec.passwordTemplate)
        } catch {
            return .failure(failure("credentials", error.description))
        }
        let secrets = [scope.variables["password"]?.stringValue].compactMap { $0 }
        for step in actorSpec.steps {
            let stepName = step.name ?? "step \(step.number)"
            let request: HTTPRequest
            do {
                request = try RequestRendering.render(step.request, scope: scope, authorization: nil)
            } catch {
                return .failure(failure(stepName, error.description))
            }
            let response: HTTPResponse
            do {
                response = try await target.send(request)
            } catch {
                return .failure(ProvisioningFailure(stepName: stepName, outcome: StepOutcome(
                    number: step.number, name: stepName, request: request, response: nil, expectedStatuses: nil, mismatches: [],
                    error: "\(error)", seconds: Date().timeIntervalSince(started)), secrets: secrets))
            }
            let check = ResponseCheck(scope: scope)
            var mismatches = check.mismatches(response, step.expectation)
            if mismatches.isEmpty { mismatches = check.capture(step.captures, from: response, into: &scope.variables) }
            if !mismatches.isEmpty {
                return .failure(ProvisioningFailure(stepName: stepName, outcome: StepOutcome(
                    number: step.number, name: stepName, request: request, response: response,
                    expectedStatuses: step.expectation?.statuses, mismatches: mismatches, error: nil,
                    seconds: Date().timeIntervalSince(started)), secrets: secrets))
            }
        }
        let authorization: String
        do {
            authorization = try scope.renderText(actorSpec.authorizationTemplate)
        } catch {
            return .failure(failure("authorization", error.description))
        }
        var properties = scope.variables
        properties["name"] = .string(name)
        return .success(ProvisionedActor(name: name, properties: properties, authorization: authorization))
    }
}

import Foundation
import HTTPCore
import JSONCore

/// Actors: a fixture's get accounts as actors.json says, ahead of the step that first needs them; others
/// (the intruder of ownership checks, the run's bystanders) come from the run's ledger.
extension FixtureExecution {
    /// Provisions an actor that is not one of the fixture's (the other user of ownership checks).
    func provisionExtra(_ name: String, into state: inout State) async -> ExtraActor {
        let (extra, secrets) = await provisionAnother(name)
        state.secrets.add(secrets)
        if case .ready(let actor) = extra { state.actors[name] = actor }
        return extra
    }

    /// Provisions an actor that is not one of the fixture's, with the secrets its provisioning used; with
    /// `shared`, the run's one account of that name (the intruder that only reads).
    func provisionAnother(_ name: String, shared: Bool = false) async -> (ExtraActor, Secrets) {
        let provisioned: Result<ProvisionedActor, ProvisioningFailure>
        if shared, let ledger {
            let execution = self
            provisioned = await ledger.shared("another \(name)") { await execution.provisionCounted(name) }
        } else {
            provisioned = await provisionActor(name)
        }
        switch provisioned {
        case .success(let actor): return (.ready(actor), actor.secrets)
        case .failure(let failed):
            var outcome = failed.outcome
            outcome.error = .provisioning(actor: name, step: failed.stepName, cause: failed.outcome.error)
            return (.failed(outcome), failed.secrets)
        }
    }

    /// An actor provisioned on demand, or the outcome of its failed provisioning.
    enum ExtraActor: Sendable {
        case ready(ProvisionedActor)
        case failed(StepOutcome)
    }

    /// Provisions the actors a step needs (derived checks render the step themselves).
    func prepare(_ step: RequestStep, _ state: inout State) async -> StepOutcome? { await provision(for: step, &state) }

    /// Starts provisioning, all at once, every actor the steps up to `stepNumber` (included) will need, so
    /// a fixture with three actors waits for one registration's time rather than three.
    func provisionAhead(through stepNumber: Int?, _ state: inout State) {
        var names: [String] = []
        for step in fixture.steps where stepNumber.map({ step.number <= $0 }) ?? true {
            for request in step.requests {
                for name in RequestRendering.actorsReferenced(by: request, among: fixture.actors) where !names.contains(name) {
                    names.append(name)
                }
            }
        }
        let execution = self
        for name in names where state.actors[name] == nil && state.pending[name] == nil {
            state.pending[name] = Task { await execution.provisionActor(name) }
        }
    }

    /// Provisions every actor the step needs; a failure comes back as the step's outcome.
    func provision(for step: RequestStep, _ state: inout State) async -> StepOutcome? {
        for name in RequestRendering.actorsReferenced(by: step, among: fixture.actors) where state.actors[name] == nil {
            let started = state.pending.removeValue(forKey: name)
            let provisioned: Result<ProvisionedActor, ProvisioningFailure>
            if let started { provisioned = await started.value } else { provisioned = await provisionActor(name) }
            switch provisioned {
            case .success(let actor):
                state.actors[name] = actor
                for (property, value) in actor.properties { state.scope.variables["\(name).\(property)"] = value }
                state.secrets.add(actor.secrets)
            case .failure(let failed):
                state.secrets.add(failed.secrets)
                var outcome = StepOutcome(number: step.number, name: step.name).replacingAnswer(with: failed.outcome)
                outcome.error = .provisioning(actor: name, step: failed.stepName, cause: failed.outcome.error)
                return outcome
            }
        }
        return nil
    }

    struct ProvisioningFailure: Error {
        let stepName: String
        let outcome: StepOutcome
        let secrets: Secrets
    }

    /// Provisions one account (or takes the run's bystander for the name), and counts it in the ledger.
    private func provisionActor(_ name: String) async -> Result<ProvisionedActor, ProvisioningFailure> {
        if bystanders.contains(name), let ledger {
            let execution = self
            return await ledger.shared("bystander \(name)") { await execution.provisionCounted(name) }
        }
        return await provisionCounted(name)
    }

    private func provisionCounted(_ name: String) async -> Result<ProvisionedActor, ProvisioningFailure> {
        let started = Date()
        let result = await provisionAccount(name)
        ledger?.record(succeeded: (try? result.get()) != nil, seconds: Date().timeIntervalSince(started))
        return result
    }

    private func provisionAccount(_ name: String) async -> Result<ProvisionedActor, ProvisioningFailure> {
        var scope = TemplateScope(runID: runID, counter: counter)
        scope.actorName = name
        let started = Date()
        var secrets = knownSecrets
        func failure(_ stepName: String, _ outcome: StepOutcome) -> ProvisioningFailure {
            var outcome = outcome
            outcome.seconds = Date().timeIntervalSince(started)
            secrets.add(usedIn: outcome)
            return ProvisioningFailure(stepName: stepName, outcome: outcome, secrets: secrets)
        }
        func renderFailure(_ stepName: String, _ error: TemplateScope.RenderError) -> ProvisioningFailure {
            var outcome = StepOutcome(number: 0, name: stepName)
            outcome.error = .render(error.description)
            return failure(stepName, outcome)
        }
        do {
            scope.variables[actorSpec.loginKey] = try scope.render(actorSpec.loginTemplate)
            scope.variables["password"] = try scope.render(actorSpec.passwordTemplate)
        } catch {
            return .failure(renderFailure("credentials", error))
        }
        if let password = scope.variables["password"]?.stringValue { secrets.add(password) }
        for step in actorSpec.steps {
            let stepName = step.name ?? "step \(step.number)"
            var outcome = StepOutcome(number: step.number, name: stepName)
            outcome.expectedStatuses = step.expectation?.statuses
            do {
                outcome.request = try RequestRendering.render(step.request, scope: scope, authorization: nil)
            } catch {
                return .failure(renderFailure(stepName, error))
            }
            guard let request = outcome.request else { continue }
            let response: HTTPResponse
            do {
                response = try await target.send(request)
            } catch {
                outcome.error = StepError.from(error)
                return .failure(failure(stepName, outcome))
            }
            let check = ResponseCheck(scope: scope)
            var mismatches = check.mismatches(response, step.expectation)
            if mismatches.isEmpty { mismatches = check.capture(step.captures, from: response, into: &scope.variables) }
            if !mismatches.isEmpty {
                outcome.response = response
                outcome.mismatches = mismatches
                return .failure(failure(stepName, outcome))
            }
            secrets.add(sentIn: request)
            secrets.add(receivedIn: response)
        }
        let authorization: String
        do {
            authorization = try scope.renderText(actorSpec.authorizationTemplate)
        } catch {
            return .failure(renderFailure("authorization", error))
        }
        var properties = scope.variables
        properties["name"] = .string(name)
        if let token = properties["token"]?.stringValue { secrets.add(token) }
        return .success(ProvisionedActor(name: name, properties: properties, authorization: authorization, secrets: secrets))
    }
}

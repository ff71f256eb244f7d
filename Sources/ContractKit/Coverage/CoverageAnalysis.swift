import JSONCore

/// Works out, without running anything, which contract rules each fixture exercises.
public enum CoverageAnalysis {
    /// One expected 422 item: where and what kind.
    struct ExpectedIssue {
        let location: String
        let field: String
        let type: String
    }

    /// A request step with everything coverage needs about it.
    struct Observation {
        let file: String
        let step: RequestStep
        let request: StaticRequest
        let route: APIContract.Route?
        let statuses: [Int]
        let issues: [ExpectedIssue]
        let detail: String?
        /// Actor who captured the variables this step's path reads, when another actor.
        let foreignPath: Bool
        let foreignParent: Bool
    }

    public static func analyze(_ suite: Suite, contract: APIContract) -> CoverageReport {
        let observations = suite.fixtures.flatMap { observe($0, contract) }
        var rows: [CoverageReport.Row] = []
        func row(_ section: String, _ rule: String, _ matching: (Observation) -> Bool, derived: String? = nil) {
            var files: [String] = []
            for observation in observations where matching(observation) && !files.contains(observation.file) {
                files.append(observation.file)
            }
            rows.append(CoverageReport.Row(section: section, rule: rule, fixtures: files, derivedBy: files.isEmpty ? derived : nil))
        }

        for route in contract.routes {
            for status in route.statuses {
                row("routes", "\(route.name) → \(status)") { $0.route == route && $0.statuses.contains(status) }
            }
        }

        for route in contract.routes {
            let sources: [(location: String, model: String?, isForm: Bool)] = [
                ("body", route.body, false), ("body", route.form, true), ("query", route.query, false), ("path", route.pathParameters, false),
            ]
            for (location, modelName, isForm) in sources {
                guard let model = contract.model(modelName) else { continue }
                for field in model.fields {
                    for check in checks(for: field, location: location, isForm: isForm) {
                        row("validation", "\(route.name) \(location).\(field.name): \(check.name)") { observation in
                            observation.route == route && check.matches(observation)
                        }
                    }
                }
            }
        }

        for rule in contract.ownership {
            if let lists = rule.lists {
                row("ownership", "\(rule.route): another user's \(lists)s stay out of the list") { observation in
                    observation.route?.name == rule.route && observation.statuses == [200]
                        && suite.fixtures.first { $0.file == observation.file }.map { $0.actors.count >= 2 } == true
                }
            } else if let resource = rule.resource {
                let place = rule.inBody ? "body.\(resource)" : resource
                row("ownership", "\(rule.route): another user's \(place) → \(rule.otherUser.status)") { observation in
                    observation.route?.name == rule.route && observation.statuses.contains(rule.otherUser.status)
                        && (rule.inBody ? observation.foreignParent : observation.foreignPath)
                }
            }
        }

        let protected = contract.routes.filter { !$0.isPublic && !$0.isWebSocket }
        let unauthenticated = NumericText.answerText(contract.unauthenticated)
        let refusal = contract.unauthenticated.status
        for route in protected {
            row("auth", "\(route.name): no credentials → \(unauthenticated)") { observation in
                observation.route == route && observation.step.actor == nil && observation.request.headers["authorization"] == nil
                    && observation.statuses == [refusal]
            }
        }
        let badToken = NumericText.answerText(contract.badToken)
        let scheme: String
        if case .header(_, let named?) = contract.auth.credential { scheme = named } else { scheme = "" }
        func authorization(_ observation: Observation) -> String {
            observation.step.request.headers.last { $0.name.lowercased() == "authorization" }?.value ?? ""
        }
        let bad = contract.badToken.status
        if !scheme.isEmpty {
            row("auth", "a scheme other than \(scheme) → \(unauthenticated)") { observation in
                let header = authorization(observation)
                return !header.isEmpty && !header.lowercased().hasPrefix(scheme.lowercased()) && observation.statuses == [refusal]
            }
        }
        row("auth", "a garbage token → \(badToken)") { observation in
            let header = authorization(observation)
            return header.lowercased().hasPrefix(scheme.lowercased()) && !header.contains("{{") && observation.statuses == [bad]
        }
        row("auth", "alg none → \(badToken)") { authorization($0).contains("$algNone") && $0.statuses == [bad] }
        row("auth", "a flipped signature byte → \(badToken)") { authorization($0).contains("$flipSignature") && $0.statuses == [bad] }
        row("auth", "another user id in the payload, original signature → \(badToken)") {
            authorization($0).contains("$swapSubject") && $0.statuses == [bad]
        }
        row("auth", "an expired token → \(badToken)", { _ in false }, derived: "auth (tampered, with the target's secret)")
        row(
            "auth", "a token for a user that does not exist → \(badToken)", { _ in false },
            derived: "auth (tampered, with the target's secret)")

        for rule in contract.routing {
            row("routing", rule.text) { observation in
                guard observation.statuses == [rule.status] else { return false }
                switch rule.status {
                case 404:
                    return observation.route == nil
                        && !contract.routes.contains { APIContract.matches(template: $0.path, path: observation.request.path) }
                case 405:
                    return contract.routes.contains { APIContract.matches(template: $0.path, path: observation.request.path) }
                        && observation.route == nil
                default: return true
                }
            }
        }

        if let document = suite.document {
            for statement in document.statements {
                let files = suite.fixtures.filter { $0.covers.contains(statement.id) }.map(\.file)
                let checks = contract.derivedCoverage.filter { $0.statements.contains(statement.id) }.map(\.check)
                var row = CoverageReport.Row(
                    section: "statements", rule: statement.id, fixtures: files,
                    derivedBy: files.isEmpty && !checks.isEmpty ? checks.joined(separator: ", ") : nil)
                row.notObservable = contract.notObservable.first { $0.statement == statement.id }?.reason
                rows.append(row)
            }
        }
        for behaviour in contract.behaviours {
            let files = suite.fixtures.map(\.file).filter { file in behaviour.fixtures.contains { Glob.matches($0, file) } }
            rows.append(CoverageReport.Row(section: "behaviour", rule: behaviour.text, fixtures: files, derivedBy: nil))
        }
        return CoverageReport(rows: rows)
    }

    // MARK: Observations

    static func observe(_ fixture: Fixture, _ contract: APIContract) -> [Observation] {
        var capturedBy: [String: String] = [:]
        var observations: [Observation] = []
        for step in fixture.requestSteps {
            let request = StaticRequest(step)
            let route = contract.route(method: request.method, path: request.path)
            let statuses = step.expectation?.statuses ?? []
            let pathVariables = Template.expressions(in: step.request.path).flatMap(\.references)
            let foreignPath = pathVariables.contains { name in
                guard let owner = capturedBy[name], let actor = step.actor else { return false }
                return owner != actor
            }
            // Body fields the ownership rules say name another resource (a parent, say).
            var parentVariables: [String] = []
            if case .json(let body) = step.request.body {
                for rule in contract.ownership where rule.inBody {
                    if let field = rule.resource, case .string(let text)? = body[field] {
                        parentVariables += Template.expressions(in: text).flatMap(\.references)
                    }
                }
            }
            let foreignParent = parentVariables.contains { name in
                guard let owner = capturedBy[name], let actor = step.actor else { return false }
                return owner != actor
            }
            observations.append(
                Observation(
                    file: fixture.file, step: step, request: request, route: route, statuses: statuses,
                    issues: expectedIssues(step.expectation?.json), detail: nil,
                    foreignPath: foreignPath, foreignParent: foreignParent))
            for capture in step.captures { capturedBy[capture.name] = step.actor ?? "" }
        }
        for socket in fixture.webSocketSteps {
            let asRequest = socket.handshake
            let request = StaticRequest(asRequest)
            let foreign = Template.expressions(in: socket.request.path).flatMap(\.references).contains { name in
                guard let owner = capturedBy[name], let actor = socket.actor else { return false }
                return owner != actor
            }
            observations.append(
                Observation(
                    file: fixture.file, step: asRequest, request: request,
                    route: contract.route(method: "GET", path: request.path, webSocket: true),
                    statuses: [socket.refused ?? 101], issues: [], detail: nil,
                    foreignPath: foreign, foreignParent: false))
        }
        return observations
    }

    /// The `{"type": …, "loc": [...]}` items a step expects in a 422 body.
    static func expectedIssues(_ matcher: Matcher?) -> [ExpectedIssue] {
        guard let matcher else { return [] }
        var found: [ExpectedIssue] = []
        func walk(_ matcher: Matcher) {
            switch matcher {
            case .object(let members, _):
                let type = members.first { $0.key == "type" }.flatMap { member -> String? in
                    if case .literal(.string(let text)) = member.matcher { return text }
                    return nil
                }
                let loc = members.first { $0.key == "loc" }.flatMap { member -> [String]? in
                    guard case .array(let parts) = member.matcher else { return nil }
                    return parts.compactMap { part -> String? in
                        switch part {
                        case .literal(.string(let text)): return text
                        case .literal(.number(let number)): return number.text
                        default: return "*"
                        }
                    }
                }
                if let type, let loc, let location = loc.first {
                    found.append(ExpectedIssue(location: location, field: loc.count > 1 ? loc[1] : "", type: type))
                }
                members.forEach { walk($0.matcher) }
            case .array(let items), .anyOrder(let items), .contains(let items), .oneOf(let items): items.forEach(walk)
            case .nullable(let inner), .eachLike(let inner, _, _): walk(inner)
            default: break
            }
        }
        walk(matcher)
        return found
    }

    // MARK: Validation checks

    struct Check {
        let name: String
        let matches: (Observation) -> Bool
    }

    /// The checks of one field. A path parameter is never missing (the route would not match), and a
    /// form or query value is always text, so those get no "missing" or string type checks.
    static func checks(for field: APIContract.Field, location: String, isForm: Bool) -> [Check] {
        var checks: [Check] = []
        func refused(_ types: Set<String>) -> (Observation) -> Bool {
            { observation in
                observation.statuses == [422]
                    && observation.issues.contains { $0.location == location && $0.field == field.name && types.contains($0.type) }
            }
        }
        func accepted(_ test: @escaping (JSONValue) -> Bool) -> (Observation) -> Bool {
            { observation in
                // Accepted means validation passed: a 2xx, or a 409 conflict that comes after validation.
                guard observation.statuses.contains(where: { (200..<300).contains($0) }),
                    observation.statuses.allSatisfy({ (200..<300).contains($0) || $0 == 409 }),
                    let value = observation.request.value(of: field.name, in: location)
                else { return false }
                return test(value)
            }
        }
        func length(_ value: JSONValue) -> Int? { value.stringValue.map { $0.unicodeScalars.count } }
        func number(_ value: JSONValue) -> Double? {
            switch value {
            case .number(let number): return number.double
            case .string(let text): return Double(text)
            default: return nil
            }
        }
        if field.required && location != "path" { checks.append(Check(name: "missing → 422 missing", matches: refused(["missing"]))) }
        let typeErrors: Set<String>
        switch field.type {
        case "string": typeErrors = ["string_type"]
        case "integer": typeErrors = ["int_type", "int_parsing", "int_from_float", "int_parsing_size"]
        case "number": typeErrors = ["float_type", "float_parsing"]
        case "array": typeErrors = ["list_type", "int_type", "int_parsing", "int_from_float"]
        default: typeErrors = []
        }
        if !(isForm || location == "query") || field.type != "string" {
            checks.append(Check(name: "wrong type → 422 \(typeErrors.sorted().first ?? "")", matches: refused(typeErrors)))
        }
        if let minimum = field.minLength {
            checks.append(Check(name: "length \(minimum - 1) → 422 string_too_short", matches: refused(["string_too_short"])))
            checks.append(Check(name: "length \(minimum) accepted", matches: accepted { length($0) == minimum }))
        }
        if let maximum = field.maxLength {
            checks.append(Check(name: "length \(maximum + 1) → 422 string_too_long", matches: refused(["string_too_long"])))
            checks.append(Check(name: "length \(maximum) accepted", matches: accepted { length($0) == maximum }))
        }
        if field.pattern != nil {
            checks.append(Check(name: "pattern miss → 422 string_pattern_mismatch", matches: refused(["string_pattern_mismatch"])))
        }
        if let minimum = field.minimum {
            checks.append(Check(name: "below \(NumericText.short(minimum)) → 422 greater_than_equal", matches: refused(["greater_than_equal"])))
            checks.append(Check(name: "\(NumericText.short(minimum)) accepted", matches: accepted { number($0) == minimum }))
        }
        if let maximum = field.maximum {
            checks.append(Check(name: "above \(NumericText.short(maximum)) → 422 less_than_equal", matches: refused(["less_than_equal"])))
            checks.append(Check(name: "\(NumericText.short(maximum)) accepted", matches: accepted { number($0) == maximum }))
        }
        if field.noSurroundingWhitespace != nil {
            checks.append(Check(name: "surrounding whitespace → 422 value_error", matches: refused(["value_error"])))
        }
        if field.nullable {
            checks.append(Check(name: "null accepted", matches: accepted { $0.isNull }))
        }
        return checks
    }
}

/// Numbers and answers in rule names: `0`, `2`, `0.5`, `401 Not authenticated`.
enum NumericText {
    static func short(_ value: Double) -> String {
        value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }

    /// An answer in a coverage row: its status and, when it has one, its detail message.
    static func answerText(_ answer: APIContract.Answer) -> String {
        let detail = answer.json?["detail"]?.stringValue
        return "\(answer.status)" + (detail.map { " \($0)" } ?? "")
    }
}

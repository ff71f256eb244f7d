import JSONCore

/// The checks that need the whole fixture: actors declared before use, variables captured before
/// they are read, templates well formed.
enum FixtureLinter {
    /// Actor properties every actor has whatever `actors.json` captures.
    static let builtInActorProperties: Set<String> = ["password"]

    /// The fixture's problems; with `actorProperties` (what actors.json provides), only references to
    /// actor properties that do not exist, which need the contracts to be known.
    static func check(_ fixture: Fixture, file: String, actorProperties: Set<String>? = nil) -> [FixtureIssue] {
        var issues: [FixtureIssue] = []
        var defined = Set<String>()
        let actors = Set(fixture.actors)
        let onlyProperties = actorProperties != nil

        func issue(_ message: String, line: Int, aboutProperties: Bool = false) {
            guard aboutProperties == onlyProperties else { return }
            issues.append(FixtureIssue(file: file, line: line, column: 1, message: message))
        }

        func checkReference(_ name: String, line: Int) {
            let parts = name.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 && actors.contains(parts[0]) {
                if let known = actorProperties, !known.union(builtInActorProperties).contains(parts[1]) {
                    issue(
                        "actor \(parts[0]) has no property \"\(parts[1])\" (actors.json provides: "
                            + known.union(builtInActorProperties).sorted().joined(separator: ", ") + ")", line: line, aboutProperties: true)
                }
                return
            }
            if parts.count == 2 && !defined.contains(name) {
                issue("{{\(name)}}: \"\(parts[0])\" is not an actor of this fixture (declare it in \"actors\")", line: line)
                return
            }
            if !defined.contains(name) { issue("{{\(name)}} is used before it is captured or declared", line: line) }
        }

        func checkTemplates(in text: String, line: Int) {
            guard text.contains("{{") else { return }
            switch Template.parse(text) {
            case .failure(let error): issue(error.description, line: line)
            case .success(let pieces):
                for case .expression(let expression) in pieces {
                    if case .actorName = expression { issue("{{$actor}} only means something in actors.json", line: line) }
                    for name in expression.references { checkReference(name, line: line) }
                }
            }
        }

        func checkTemplates(in value: JSONValue, line: Int) {
            switch value {
            case .string(let text): checkTemplates(in: text, line: line)
            case .array(let items): items.forEach { checkTemplates(in: $0, line: line) }
            case .object(let object):
                object.forEach {
                    checkTemplates(in: $0.key, line: line)
                    checkTemplates(in: $0.value, line: line)
                }
            default: break
            }
        }

        func checkMatcher(_ matcher: Matcher, line: Int) {
            switch matcher {
            case .template(let text): checkTemplates(in: text, line: line)
            case .ref(let name): checkReference(name, line: line)
            case .relation(_, let other): checkTemplates(in: other, line: line)
            case .object(let members, _): members.forEach { checkMatcher($0.matcher, line: line) }
            case .array(let items), .anyOrder(let items), .contains(let items), .oneOf(let items):
                items.forEach { checkMatcher($0, line: line) }
            case .nullable(let inner), .eachLike(let inner, _, _): checkMatcher(inner, line: line)
            default: break
            }
        }

        func checkStep(_ step: RequestStep) {
            if let actor = step.actor, !actors.contains(actor) {
                issue("step \(step.number) runs as \"\(actor)\", who is not among the fixture's actors \(fixture.actors)", line: step.line)
            }
            let request = step.request
            if request.method.isEmpty || !request.method.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: ":") }) {
                issue("\"\(request.method)\" is not an HTTP method", line: step.line)
            }
            checkTemplates(in: request.method, line: step.line)
            checkTemplates(in: request.path, line: step.line)
            for (name, values) in request.query {
                checkTemplates(in: name, line: step.line)
                values.forEach { checkTemplates(in: $0, line: step.line) }
            }
            for (_, value) in request.headers { if let value { checkTemplates(in: value, line: step.line) } }
            switch request.body {
            case .json(let value): checkTemplates(in: value, line: step.line)
            case .form(let fields): fields.forEach { field in field.values.forEach { checkTemplates(in: $0, line: step.line) } }
            case .text(let text): checkTemplates(in: text, line: step.line)
            case .bytes, nil: break
            }
            if let expectation = step.expectation {
                expectation.headers.forEach { if let matcher = $0.matcher { checkMatcher(matcher, line: step.line) } }
                if let json = expectation.json { checkMatcher(json, line: step.line) }
                if let body = expectation.body { checkMatcher(body, line: step.line) }
            }
        }

        // Variables are rendered once, in order, before the first step: each may use the ones above it and the
        // built-in functions, not actors (they have no account yet).
        for (name, value) in fixture.variables {
            checkTemplates(in: value, line: 1)
            defined.insert(name)
        }
        for step in fixture.steps {
            switch step {
            case .request(let single):
                checkStep(single)
                single.captures.forEach { defined.insert($0.name) }
            case .parallel(let group):
                group.members.forEach(checkStep)
                group.members.forEach { $0.captures.forEach { defined.insert($0.name) } }
            case .webSocket(let socket):
                if let actor = socket.actor, !actors.contains(actor) {
                    issue("step \(socket.number) runs as \"\(actor)\", who is not among the fixture's actors \(fixture.actors)", line: socket.line)
                }
                checkTemplates(in: socket.request.path, line: socket.line)
                socket.request.query.forEach { query in query.values.forEach { checkTemplates(in: $0, line: socket.line) } }
                socket.request.headers.forEach { if let value = $0.value { checkTemplates(in: value, line: socket.line) } }
                for action in socket.actions {
                    switch action {
                    case .sendText(let text): checkTemplates(in: text, line: socket.line)
                    case .sendJSON(let value): checkTemplates(in: value, line: socket.line)
                    case .receive(let matcher, let captures, _):
                        checkMatcher(matcher, line: socket.line)
                        captures.forEach { defined.insert($0.name) }
                    case .receiveText(let matcher, _): checkMatcher(matcher, line: socket.line)
                    case .sendBinary, .closed, .close: break
                    }
                }
            }
        }
        for actor in fixture.actors where defined.contains(actor) {
            issue("\"\(actor)\" is both an actor and a variable", line: 1)
        }
        return issues
    }
}

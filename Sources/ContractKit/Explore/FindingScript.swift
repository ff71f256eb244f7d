import JSONCore

/// A shrunk explore sequence as a fixture script: actors by name, ids that later steps use captured as
/// `s<N>` and referenced as `{{s<N>}}`, forged credentials as template functions. `contract record` (run on
/// the oracle) then writes its expectations.
struct FindingScript {
    let steps: [(Int, ExploreStep)]
    let actorSpec: ActorSpec
    let finding: Explorer.Finding
    /// The session's unique text: written as `{{$run}}`, so every recording pass makes its own names.
    let runToken: String
    /// Values of answers the fixture captures even when no later step sends them (a resource's id, a
    /// timestamp a later answer repeats), by step: their paths.
    var captured: [Int: [String]] = [:]

    struct Unwritable: Error {
        let message: String
    }

    func document() -> Result<JSONValue, Unwritable> {
        // Which step answers are referenced later, and at which path.
        var captures: [Int: [(name: String, path: String)]] = [:]
        var names: [String: String] = [:]  // "<step>|<path>" → capture name
        for (_, step) in steps {
            for value in Array(step.path.values) + step.bodyReferences.map(\.value) {
                guard case .created(let source, let path) = value else { continue }
                let key = "\(source)|\(path)"
                if names[key] == nil {
                    let name = "s\(source)" + (path == "$.id" ? "" : "_\(names.count)")
                    names[key] = name
                    captures[source, default: []].append((name, path))
                }
            }
        }
        for (source, paths) in captured.sorted(by: { $0.key < $1.key }) {
            for path in paths where names["\(source)|\(path)"] == nil {
                let name = "s\(source)" + (path == "$.id" ? "" : "_" + path.dropFirst(2))
                names["\(source)|\(path)"] = name
                captures[source, default: []].append((name, path))
            }
        }
        func reference(_ value: ExploreStep.Value) -> JSONValue {
            switch value {
            case .literal(let literal): return literal
            case .created(let source, let path): return .string("{{\(names["\(source)|\(path)"] ?? "s\(source)")}}")
            }
        }
        var actorsUsed = Set<Int>()
        var written: [JSONValue] = []
        if steps.contains(where: { $0.1.websocket }) {
            return .failure(Unwritable(message: "a step is a WebSocket session, which contract record does not write; the report shows both answers"))
        }
        for (number, step) in steps {
            var request = JSONObject([("method", .string(step.method))])
            var path = step.template
            for (name, value) in step.path {
                let rendered = reference(value)
                path = path.replacingOccurrences(of: "{\(name)}", with: rendered.stringValue ?? TemplateScope.text(of: rendered))
            }
            request["path"] = .string(path)
            if !step.query.isEmpty { request["query"] = .object(JSONObject(step.query.map { ($0.name, $0.value) })) }
            var object = JSONObject([("name", .string(step.intent))])
            switch step.credential {
            case .none: break
            case .actor(let index):
                object["as"] = .string(ExploreSession.actorName(index))
                actorsUsed.insert(index)
            case .algNone(let index):
                request["headers"] = ["Authorization": .string("Bearer {{$algNone \(ExploreSession.actorName(index)).token}}")]
                actorsUsed.insert(index)
            case .flippedSignature(let index):
                request["headers"] = ["Authorization": .string("Bearer {{$flipSignature \(ExploreSession.actorName(index)).token}}")]
                actorsUsed.insert(index)
            case .garbage:
                request["headers"] = ["Authorization": "Bearer not-a-token"]
            case .expired, .unknownUser:
                return .failure(
                    Unwritable(
                        message:
                            "a step sends a token signed with the target's key, which a fixture cannot write; the derived auth checks (--jwt-secret) cover it"
                    ))
            }
            if let actor = step.loginActor {
                let name = ExploreSession.actorName(actor)
                request["form"] = [
                    "username": .string(step.loginInUpperCase ? "{{$upper \(name).\(actorSpec.loginKey)}}" : "{{\(name).\(actorSpec.loginKey)}}"),
                    "password": .string(step.wrongPassword ? "wrong-password-1" : "{{\(name).password}}"),
                ]
                actorsUsed.insert(actor)
            } else if var body = step.body {
                for (place, value) in step.bodyReferences {
                    guard case .success(let location) = JSONPath.parse(place) else { continue }
                    body = body.replacing(at: location.components[...], with: reference(value))
                }
                request["json"] = body
            }
            object["request"] = .object(request)
            if let wanted = captures[number] { object["capture"] = .object(JSONObject(wanted.map { ($0.name, .string($0.path)) })) }
            written.append(.object(object))
        }
        let description =
            "Found by contract explore (seed \(finding.seed), after \(finding.stepsBefore) steps, shrunk to \(steps.count)): "
            + "\(finding.route) (\(finding.intent)) answered \(finding.targetStatus) on the target where the oracle answered \(finding.oracleStatus)"
            + (finding.targetStatus == finding.oracleStatus ? " with another body" : "") + "."
        var document = JSONObject([("description", .string(description)), ("tags", ["explore"])])
        if !actorsUsed.isEmpty { document["actors"] = .array(actorsUsed.sorted().map { .string(ExploreSession.actorName($0)) }) }
        document["steps"] = .array(written.map { Self.templatingRun($0, runToken) })
        return .success(.object(document))
    }

    /// Every generated name (`name-<run>-3`) as `name-{{$run}}-3`.
    static func templatingRun(_ value: JSONValue, _ runToken: String) -> JSONValue {
        switch value {
        case .string(let text) where text.contains(runToken): return .string(text.replacingOccurrences(of: runToken, with: "{{$run}}"))
        case .array(let items): return .array(items.map { templatingRun($0, runToken) })
        case .object(let object): return .object(JSONObject(object.map { ($0.key, templatingRun($0.value, runToken)) }))
        default: return value
        }
    }

}

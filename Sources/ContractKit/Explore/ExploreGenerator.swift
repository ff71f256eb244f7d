import Foundation
import JSONCore

/// Generates meaningful random operations from the contract and the OpenAPI document, keeping a model of
/// what exists (on the oracle's side) so most steps touch real resources: their owner's, another actor's,
/// deleted ones, and ids that never existed. Seeded: the same seed and the same oracle answers give the
/// same steps.
struct ExploreGenerator {
    let spec: OpenAPISpec
    let contract: APIContract
    let flow: AccountFlow?
    let actors: Int
    /// Whether both sides' signing keys are known (tokens signed for a user can then be forged).
    let canSign: Bool
    /// Unique text of this session, so generated names never collide with an earlier run on a live target.
    let runToken: String
    private var random: SplitMix64
    private var counter = 0
    private(set) var model = Model()

    /// A resource that a step created, as the oracle answered.
    struct Resource {
        let kind: String
        let owner: Int
        let step: Int
        let idPath: String
        var alive = true
    }

    struct Model {
        var resources: [Resource] = []
    }

    /// One operation the generator may pick.
    struct Operation {
        let route: String
        let secured: Bool
        let pathParameters: [(name: String, kind: String?)]
        let query: [(name: String, schema: JSONValue)]
        let body: JSONValue?
        /// The kind of resource a success creates (its response schema), for a POST.
        let creates: String?
        let isLogin: Bool
        var websocket = false
    }

    private(set) var operations: [Operation] = []

    init(spec: OpenAPISpec, contract: APIContract, flow: AccountFlow?, actors: Int, canSign: Bool, runToken: String, seed: UInt64) {
        self.spec = spec
        self.contract = contract
        self.flow = flow
        self.actors = max(1, actors)
        self.canSign = canSign
        self.runToken = runToken
        random = SplitMix64(seed: seed)
        operations = Self.operations(spec, contract, flow)
    }

    // MARK: The document, read once

    /// A response schema's component name: what kind of resource the answer is.
    static func kind(_ operation: OpenAPISpec.Operation, _ spec: OpenAPISpec) -> String? {
        let responses = operation.object["responses"]?.objectValue ?? JSONObject()
        guard let success = responses.first(where: { $0.key.hasPrefix("2") })?.value else { return nil }
        let schema = spec.resolved(success)["content"]?["application/json"]?["schema"]
        return schema?["$ref"]?.stringValue?.split(separator: "/").last.map(String.init)
    }

    static func operations(_ spec: OpenAPISpec, _ contract: APIContract, _ flow: AccountFlow?) -> [Operation] {
        let all = spec.operations
        // Which kind each path parameter names: the kind its item route answers with.
        var parameterKinds: [String: String] = [:]
        for operation in all where operation.method == "get" {
            guard let last = operation.path.split(separator: "/").last, last.hasPrefix("{"), let kind = kind(operation, spec) else { continue }
            parameterKinds[String(last.dropFirst().dropLast())] = kind
        }
        let values = SchemaValues(spec: spec)
        // WebSocket routes are not in OpenAPI documents: api.json lists them.
        let sockets = contract.routes.filter(\.isWebSocket).map { route in
            var operation = Operation(
                route: route.name, secured: !route.isPublic,
                pathParameters: route.path.split(separator: "/").filter { $0.hasPrefix("{") }.map { String($0.dropFirst().dropLast()) }
                    .map { ($0, parameterKinds[$0]) },
                query: [], body: nil, creates: nil, isLogin: false)
            operation.websocket = true
            return operation
        }
        return sockets
            + all.compactMap { operation in
                let route = "\(operation.method.uppercased()) \(operation.path)"
                guard contract.routes.isEmpty || contract.route(named: route) != nil else { return nil }
                let parameters = (operation.object["parameters"]?.arrayValue ?? []).map(spec.resolved)
                let requirements = operation.object["security"] ?? spec.document["security"] ?? .array([])
                let secured = requirements.arrayValue?.contains { !($0.objectValue?.isEmpty ?? true) } ?? false
                let isLogin = flow.map { $0.isLogin(HTTPRequestShape(method: operation.method.uppercased(), path: operation.path)) } ?? false
                let body = operation.object["requestBody"].map(spec.resolved)?["content"]?["application/json"]?["schema"].map(values.concrete)
                return Operation(
                    route: route, secured: secured,
                    pathParameters: parameters.filter { $0["in"] == "path" }.compactMap { $0["name"]?.stringValue }.map { ($0, parameterKinds[$0]) },
                    query: parameters.filter { $0["in"] == "query" }.compactMap { parameter in
                        parameter["name"]?.stringValue.map { ($0, parameter["schema"] ?? .bool(true)) }
                    },
                    body: body, creates: operation.method == "post" ? kind(operation, spec) : nil, isLogin: isLogin)
            }
    }

    // MARK: Steps

    mutating func roll(_ chance: Double) -> Bool { Double(random.next() % 10_000) / 10_000 < chance }
    mutating func pick<T>(_ items: [T]) -> T? { items.isEmpty ? nil : items[Int(random.next() % UInt64(items.count))] }
    mutating func unique() -> String {
        counter += 1
        return "\(runToken)-\(counter)"
    }

    /// The next step, numbered `index` in the sequence.
    mutating func next(index: Int) -> ExploreStep? {
        // Early on, favour the operations that create something, so later steps have something to touch.
        let creators = operations.filter { $0.creates != nil && !$0.isLogin }
        let useCreator = model.resources.filter(\.alive).count < actors * 2 ? roll(0.6) : roll(0.15)
        guard let operation = (useCreator ? pick(creators) : nil) ?? pick(operations) else { return nil }
        let actor = Int(random.next() % UInt64(actors))
        var intent: [String] = []
        var step = ExploreStep(
            route: operation.route, credential: operation.secured ? .actor(actor) : .none, path: [:], query: [], body: nil, bodyReferences: [],
            intent: "")
        step.websocket = operation.websocket
        if operation.websocket { intent.append("a WebSocket") }

        if operation.secured {
            let roll = Double(random.next() % 1000) / 1000
            switch roll {
            case ..<0.03:
                step.credential = .none
                intent.append("no credentials")
            case ..<0.05:
                step.credential = .algNone(actor)
                intent.append("alg none")
            case ..<0.07:
                step.credential = .flippedSignature(actor)
                intent.append("a flipped signature")
            case ..<0.09:
                step.credential = .garbage
                intent.append("a garbage token")
            case ..<0.11 where canSign:
                step.credential = .expired(actor)
                intent.append("an expired token")
            case ..<0.13 where canSign:
                step.credential = .unknownUser
                intent.append("a token for nobody")
            default: break
            }
        }
        for (name, kind) in operation.pathParameters {
            let (value, words) = reference(kind: kind, actor: actor)
            step.path[name] = value
            intent.append("\(name): \(words)")
        }
        for (name, schema) in operation.query where roll(0.2) {
            let values = SchemaValues(spec: spec)
            let past = values.pastBounds(schema).filter { $0.value.numberValue != nil }
            if let chosen = pick(past), roll(0.5) {
                step.query.append((name, chosen.value))
                intent.append("\(name) \(chosen.what)")
            } else if let valid = values.valid(schema, name: name) {
                step.query.append((name, valid))
            }
        }
        if operation.isLogin {
            step.credential = .none
            step.loginActor = actor
            step.wrongPassword = roll(0.2)
            step.loginInUpperCase = !step.wrongPassword && roll(0.25)
            intent.append(
                step.wrongPassword ? "log in with a wrong password" : step.loginInUpperCase ? "log in with the name in upper case" : "log in")
        } else if let schema = operation.body {
            let (body, references, words) = self.body(schema, actor: actor, creates: operation.creates ?? operation.pathParameters.last?.kind)
            step.body = body
            step.bodyReferences = references
            if !words.isEmpty { intent.append(words) }
        }
        step.intent = intent.isEmpty ? "valid" : intent.joined(separator: "; ")
        return step
    }

    /// An id for a parameter naming `kind`: the actor's own, another actor's, a deleted one, one that never
    /// existed, or one out of range.
    private mutating func reference(kind: String?, actor: Int) -> (ExploreStep.Value, String) {
        // An id of an unknown kind could name anything: only ids that exist nowhere are safe to send.
        let ofKind = kind == nil ? [] : model.resources.filter { $0.kind == kind }
        let own = ofKind.filter { $0.owner == actor && $0.alive }
        let others = ofKind.filter { $0.owner != actor && $0.alive }
        let deleted = ofKind.filter { !$0.alive }
        let roll = Double(random.next() % 1000) / 1000
        if roll < 0.62, let chosen = pick(own) { return (.created(step: chosen.step, path: chosen.idPath), "its own") }
        if roll < 0.82, let chosen = pick(others) { return (.created(step: chosen.step, path: chosen.idPath), "another user's") }
        if roll < 0.87, let chosen = pick(deleted) { return (.created(step: chosen.step, path: chosen.idPath), "a deleted one") }
        if roll < 0.95 { return (.literal(.integer(Int64(9_000_000_000 + Int(random.next() % 1_000_000)))), "one that never existed") }
        let outOfRange: [JSONValue] = [0, -1, .number(JSONNumber(integerText: "9223372036854775808") ?? JSONNumber(0)), "abc", "1.5"]
        return (.literal(pick(outOfRange) ?? 0), "out of range")
    }

    /// A body: valid, or with one thing wrong (a bound, a type, a missing or unknown field); id-like fields
    /// take ids from the model.
    private mutating func body(_ schema: JSONValue, actor: Int, creates: String?) -> (JSONValue, [(path: String, value: ExploreStep.Value)], String) {
        let values = SchemaValues(spec: spec)
        var object = (values.object(schema)?.objectValue ?? JSONObject())
        object = JSONObject(object.map { ($0.key, rendered($0.value)) })
        var references: [(path: String, value: ExploreStep.Value)] = []
        var words: [String] = []
        let properties = schema["properties"]?.objectValue ?? JSONObject()
        // Ids in the body: sometimes a reference to something that exists (or existed, or never did).
        for (name, _) in properties where (name.hasSuffix("_id") || name.hasSuffix("_ids")) && roll(0.4) {
            let kind = referenceKind(name, creates: creates)
            let (value, description) = reference(kind: kind, actor: actor)
            if name.hasSuffix("_ids") {
                object[name] = .array([0])
                references.append(("$.\(name)[0]", value))
            } else {
                object[name] = 0
                references.append(("$.\(name)", value))
            }
            words.append("\(name): \(description)")
        }
        let roll = Double(random.next() % 1000) / 1000
        let names = properties.keys.filter { !$0.hasSuffix("_id") && !$0.hasSuffix("_ids") }
        if roll < 0.25, let field = pick(names), let property = properties[field] {
            if let chosen = pick(values.pastBounds(property)) {
                object[field] = chosen.value
                words.append("\(field) \(chosen.what)")
            }
        } else if roll < 0.32, let field = pick(names), let property = properties[field] {
            if let bound = atBound(values.concrete(property)) {
                object[field] = bound.value
                words.append("\(field) \(bound.what)")
            }
        } else if roll < 0.36, let field = pick(Array(object.keys)) {
            object[field] = nil
            words.append("\(field) missing")
        } else if roll < 0.40 {
            object["unknown_\(unique().replacingOccurrences(of: "-", with: "_"))"] = "ignored"
            words.append("an unknown field")
        } else if roll < 0.42 {
            return (.array([]), [], "a list where an object goes")
        } else if roll < 0.46 {
            return (.object(JSONObject()), [], "an empty object")
        } else if roll < 0.52, let field = pick(names.filter { object[$0]?.stringValue != nil }), let text = object[field]?.stringValue {
            // Whitespace around a value: a rule no schema states, that many APIs have.
            object[field] = .string(pick([" " + text, text + " ", "\t" + text]) ?? text)
            words.append("\(field) with surrounding whitespace")
        } else if roll < 0.56, let field = pick(names.filter { object[$0]?.stringValue != nil }), let text = object[field]?.stringValue {
            object[field] = .string(text.uppercased())
            words.append("\(field) in upper case")
        }
        return (.object(object), references, words.joined(separator: "; "))
    }

    /// A value exactly at one of the schema's bounds (which the contract accepts).
    private mutating func atBound(_ schema: JSONValue) -> (value: JSONValue, what: String)? {
        var options: [(JSONValue, String)] = []
        // Strings at a length bound stay unique (a name may have to be): this session's text, padded or cut.
        let token = unique()
        func sized(_ length: Int) -> String {
            token.count >= length ? String(token.suffix(length)) : token + String(repeating: "x", count: length - token.count)
        }
        if let maximum = schema["maxLength"]?.numberValue?.int64, maximum < 20_000, maximum >= Int64(token.count) {
            options.append((.string(sized(Int(maximum))), "of maxLength \(maximum)"))
        }
        if let minimum = schema["minLength"]?.numberValue?.int64, minimum >= Int64(token.count) {
            options.append((.string(sized(Int(minimum))), "of minLength \(minimum)"))
        }
        let isInteger = SchemaValues.type(of: schema) == "integer"
        if let maximum = schema["maximum"]?.numberValue {
            options.append((isInteger ? .number(maximum) : .float(maximum.double), "at maximum"))
        }
        if let minimum = schema["minimum"]?.numberValue {
            options.append((isInteger ? .number(minimum) : .float(minimum.double), "at minimum"))
        }
        return pick(options)
    }

    /// The kind an id field names: the kind whose name shares its stem (`tool_ids` → a Tool…), else the
    /// operation's own (a `parent_id` names one of its own kind).
    private func referenceKind(_ field: String, creates: String?) -> String? {
        let stem = field.replacingOccurrences(of: "_ids", with: "").replacingOccurrences(of: "_id", with: "").lowercased()
        let kinds = Set(operations.compactMap(\.creates))
        return kinds.first { $0.lowercased().hasPrefix(stem) } ?? creates
    }

    /// Generated text made unique to this session (`{{$unique}}` from SchemaValues).
    private mutating func rendered(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text) where text.contains("{{$unique}}"): return .string(text.replacingOccurrences(of: "{{$unique}}", with: unique()))
        case .array(let items): return .array(items.map { rendered($0) })
        case .object(let object): return .object(JSONObject(object.map { ($0.key, rendered($0.value)) }))
        default: return value
        }
    }

    // MARK: Learning from the oracle

    /// Records what the oracle's answer to step `index` created or deleted.
    mutating func learn(_ step: ExploreStep, index: Int, status: Int, body: JSONValue?) {
        guard (200..<300).contains(status) else { return }
        if step.method == "POST", let operation = operations.first(where: { $0.route == step.route }), let kind = operation.creates,
            body?["id"] != nil, case .actor(let owner) = step.credential
        {
            model.resources.append(Resource(kind: kind, owner: owner, step: index, idPath: "$.id"))
        }
        if step.method == "DELETE" {
            for value in step.path.values {
                guard case .created(let created, _) = value else { continue }
                for position in model.resources.indices where model.resources[position].step == created {
                    model.resources[position].alive = false
                }
            }
        }
    }
}

/// A method and path, for asking an `AccountFlow` whether an operation is its login.
struct HTTPRequestShape {
    let method: String
    let path: String
}

extension AccountFlow {
    func isLogin(_ shape: HTTPRequestShape) -> Bool {
        guard let login, shape.method == login.method else { return false }
        return shape.path == login.path || shape.path.hasSuffix(login.path)
    }
}

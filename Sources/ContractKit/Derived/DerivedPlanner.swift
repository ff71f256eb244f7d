import HTTPCore
import JSONCore

/// Decides which checks to derive from which recorded steps. Each distinct check (method, route,
/// kind, varied field) is planned once, from the earliest step that can carry it, so a run stays fast.
public struct DerivedPlanner: Sendable {
    public let contract: APIContract
    public let kinds: Set<DerivedKind>
    /// Only these checks, by name (`auth.alg-none`, `ownership.list`, …); nil: every check of `kinds`.
    public var only: Set<String>?

    public init(contract: APIContract, kinds: Set<DerivedKind> = Set(DerivedKind.allCases), only: Set<String>? = nil) {
        self.contract = contract
        self.kinds = kinds
        self.only = only
    }

    /// Whether a planned check is among those asked for (`ownership.list` asks for the other-user checks
    /// whose rule reads a list too).
    func isSelected(_ check: DerivedCheck) -> Bool {
        guard let only else { return true }
        if only.contains(check.selectionName) { return true }
        if only.contains("ownership.list"), case .anotherUser(let rule, _) = check.variant {
            return contract.resources.contains { $0.parameter == rule.resource && $0.list != nil }
        }
        return false
    }

    public func plan(_ fixtures: [Fixture]) -> [DerivedOrigin] {
        var candidates: [DerivedOrigin] = []
        for fixture in fixtures {
            var capturedBy: [String: String] = [:]
            for step in fixture.steps {
                guard case .request(let single) = step else {
                    if case .parallel(let group) = step {
                        for member in group.members { member.captures.forEach { capturedBy[$0.name] = member.actor ?? "" } }
                    }
                    continue
                }
                if let origin = origin(fixture, single, capturedBy: capturedBy) { candidates.append(origin) }
                single.captures.forEach { capturedBy[$0.name] = single.actor ?? "" }
            }
        }
        // Earliest steps first: the shortest replays carry each check.
        candidates.sort { ($0.step.number, $0.fixture.file) < ($1.step.number, $1.fixture.file) }
        var seen = Set<String>()
        var origins: [DerivedOrigin] = []
        for var candidate in candidates {
            candidate.checks = candidate.checks.filter { isSelected($0) && seen.insert($0.key).inserted }
            if !candidate.checks.isEmpty { origins.append(candidate) }
        }
        return origins.sorted { ($0.fixture.file, $0.step.number) < ($1.fixture.file, $1.step.number) }
    }

    private func origin(_ fixture: Fixture, _ step: RequestStep, capturedBy: [String: String]) -> DerivedOrigin? {
        let request = StaticRequest(step)
        guard let route = contract.route(method: request.method, path: request.path) else { return nil }
        // The server routes the decoded path: `..%2F9` is two segments there, so the step reaches no route
        // the contract names and nothing derived from it would be about that route.
        if request.path.contains("%") {
            let decoded = PercentDecoding.unquote(Substring(request.path.split(separator: "?", maxSplits: 1).first ?? ""))
            guard contract.route(method: request.method, path: decoded)?.name == route.name else { return nil }
        }
        let statuses = step.expectation?.statuses ?? []
        let succeeds = !statuses.isEmpty && statuses.allSatisfy { (200..<300).contains($0) }
        var checks: [DerivedCheck] = []
        func key(_ kind: DerivedKind, _ variant: String) -> String { "\(route.name) \(kind.rawValue) \(variant)" }

        let sendsOwnToken = step.actor != nil && !step.request.headers.contains { $0.name.lowercased() == "authorization" }
        if kinds.contains(.auth) && !route.isPublic && sendsOwnToken && bodyDecodes(step) {
            checks.append(DerivedCheck(kind: .auth, key: key(.auth, "no credentials"), title: "no credentials", variant: .noCredentials))
            // A token the contract accepts must get the step's own answer: only a step that succeeds says
            // what that is (a step that expects a 500 on a 960-level body would read as a refusal).
            for forgery in TokenForgery.allCases where succeeds || !forgery.isAccepted(by: contract.auth) {
                checks.append(
                    DerivedCheck(
                        kind: .auth, key: key(.auth, forgery.rawValue), title: forgery.rawValue,
                        variant: .forgedToken(forgery)))
            }
        }
        if kinds.contains(.ownership) && succeeds, let actor = step.actor {
            for rule in contract.ownership where rule.route == route.name {
                guard let resource = rule.resource else { continue }
                // With a resource in the path too, another user is stopped by the path first.
                if rule.inBody && route.pathParameters != nil { continue }
                let source: String?
                if rule.inBody {
                    if case .json(let body) = step.request.body, case .string(let text)? = body[resource] { source = text } else { source = nil }
                } else {
                    source = pathTemplateValue(template: route.path, path: step.request.path, parameter: resource)
                }
                guard let source, let owner = Template.expressions(in: source).flatMap(\.references).compactMap({ capturedBy[$0] }).first,
                    owner == actor
                else { continue }
                checks.append(
                    DerivedCheck(
                        kind: .ownership, key: key(.ownership, rule.inBody ? "body.\(resource)" : resource),
                        title: "another user" + (rule.inBody ? " naming the owner's \(resource)" : ""),
                        variant: .anotherUser(rule: rule, resourceValue: source)))
            }
        }
        if kinds.contains(.validation) && succeeds {
            let sources: [(FieldMutation.Location, String?)] = [(.body, route.body), (.query, route.query), (.path, route.pathParameters)]
            for (location, modelName) in sources {
                guard let model = contract.model(modelName) else { continue }
                var body: JSONValue?
                if location == .body {
                    guard case .json(let value) = step.request.body, case .object = value else { continue }
                    body = StaticRequest.json(value)
                }
                for field in model.fields {
                    let original: JSONValue? = location == .body ? body?[field.name] : request.query[field.name].map(JSONValue.string)
                    let mutations = FieldMutations.mutations(of: field, in: location, original: original, wholeBody: body)
                    for (title, mutation) in mutations where location != .path || mutation.field == field.name {
                        checks.append(
                            DerivedCheck(
                                kind: .validation, key: key(.validation, "\(location.rawValue).\(title)"),
                                title: title, variant: .field(mutation)))
                    }
                }
            }
        }
        return checks.isEmpty ? nil : DerivedOrigin(fixture: fixture, step: step, route: route, checks: checks)
    }

    /// Only requests whose body decodes: FastAPI decodes the body before auth, so a malformed one is a 422 anyway.
    private func bodyDecodes(_ step: RequestStep) -> Bool {
        switch step.request.body {
        case .text(let text):
            let contentType = step.request.headers.last { $0.name.lowercased() == "content-type" }?.value ?? nil
            guard contentType == nil || contentType?.lowercased().contains("json") == true else { return true }
            return (try? JSONParser.parse(StaticRequest.text(text))) != nil
        case .bytes: return false
        default: return true
        }
    }

    /// The raw segment of `path` that sits where `{parameter}` sits in `template`.
    func pathTemplateValue(template: String, path: String, parameter: String) -> String? {
        let pattern = template.split(separator: "/", omittingEmptySubsequences: false)
        let parts = path.split(separator: "?").first.map { $0.split(separator: "/", omittingEmptySubsequences: false) } ?? []
        guard pattern.count == parts.count else { return nil }
        for (want, have) in zip(pattern, parts) where want == "{\(parameter)}" { return String(have) }
        return nil
    }
}

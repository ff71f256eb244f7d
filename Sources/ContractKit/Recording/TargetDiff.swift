import Foundation
import HTTPCore
import JSONCore

/// Runs the same fixtures against two targets and reports every response that differs once
/// per-run values (ids, timestamps, tokens, unique names) are set aside.
public struct TargetDiff: Sendable {
    /// The differences of one step.
    public struct StepDifference: Sendable {
        public let fixture: String
        public let step: Int
        public let stepName: String?
        public let request: HTTPRequest
        public let differences: [Mismatch]
        /// Passwords and tokens of both sides' actors: the printed difference masks them.
        public let secrets: Secrets

        /// The difference as `contract diff` prints it, every secret masked.
        public func text(firstName: String, secondName: String) -> String {
            var lines = ["✘ \(fixture) step \(step)" + (stepName.map { " (\($0))" } ?? "") + ": \(request.method.rawValue) \(request.target)"]
            for difference in differences {
                lines.append("  \(difference.place): \(difference.explanation)")
                lines.append("    - \(firstName): \(difference.expectedText ?? "(nothing)")")
                lines.append("    + \(secondName): \(difference.actualText)")
            }
            return secrets.masked(lines.joined(separator: "\n"))
        }
    }

    public let suite: Suite
    public let first: any Target
    public let second: any Target
    public let concurrency: Int

    /// One run token per target for the whole comparison, so values made from it line up; each fixture
    /// adds its position, so fixtures never share an email while both targets see the same sequence.
    /// The two tokens differ in their first letter only, so strings built on them have the same length.
    private let runA = Runner.makeRunID()
    private var runB: String { "q" + runA.dropFirst() }

    /// With `concurrency` 1 (the default) fixtures run in the same order on both targets, so steps that read
    /// global state (the tool catalogue) see the same data.
    public init(suite: Suite, first: any Target, second: any Target, concurrency: Int = 1) {
        self.suite = suite
        self.first = first
        self.second = second
        self.concurrency = concurrency
    }

    public func run(_ fixtures: [Fixture]) async -> [StepDifference] {
        let positioned = Array(fixtures.enumerated())
        return await concurrentMap(positioned, limit: concurrency) { await self.compare($0.element, position: $0.offset) }.flatMap { $0 }
    }

    private func compare(_ fixture: Fixture, position: Int) async -> [StepDifference] {
        let (logA, secretsA) = await exchanges(fixture, on: first, runID: runA + "x\(position)")
        let (logB, secretsB) = await exchanges(fixture, on: second, runID: runB + "x\(position)")
        var secrets = secretsA
        secrets.add(secretsB)
        var differences: [StepDifference] = []
        func difference(_ exchange: Exchange, name: String?, _ found: [Mismatch]) {
            differences.append(
                StepDifference(
                    fixture: fixture.file, step: exchange.step, stepName: name, request: exchange.request,
                    differences: found, secrets: secrets))
        }
        for b in logB.exchanges where logA.exchange(step: b.step, member: b.member) == nil {
            difference(b, name: nil, [Mismatch(.exchange, .notReached(byFirst: true), expected: nil, actual: nil)])
        }
        let names = Dictionary(fixture.requestSteps.map { ($0.number, $0.name) }, uniquingKeysWith: { first, _ in first })
        // Parallel groups race by design: only the multiset of their statuses is compared.
        var parallel: [Int: ParallelGroup] = [:]
        for case .parallel(let group) in fixture.steps { parallel[group.number] = group }
        for (number, group) in parallel {
            let a = logA.exchanges.filter { $0.step == number }.map(\.response.status).sorted()
            let b = logB.exchanges.filter { $0.step == number }.map(\.response.status).sorted()
            if a != b, let exchange = logA.exchanges.first(where: { $0.step == number }) {
                difference(
                    exchange, name: group.name,
                    [
                        Mismatch(
                            .groupStatuses, .differentStatuses, expected: .statuses(a),
                            actual: .array(b.map(JSONValue.integer)))
                    ])
            }
        }
        let expectations = Dictionary(fixture.requestSteps.map { ($0.number, $0.expectation?.json) }, uniquingKeysWith: { first, _ in first })
        for a in logA.exchanges where parallel[a.step] == nil {
            guard let b = logB.exchange(step: a.step, member: a.member) else {
                difference(a, name: names[a.step] ?? nil, [Mismatch(.exchange, .notReached(byFirst: false), expected: nil, actual: nil)])
                continue
            }
            let unordered = ResponseComparison.unorderedPaths(in: expectations[a.step] ?? nil)
            let comparison = ResponseComparison(
                runA: runA, runB: runB, variablesA: a.variables, variablesB: b.variables,
                unorderedPaths: unordered)
            let found = comparison.differences(a.response, b.response)
            if !found.isEmpty { difference(a, name: names[a.step] ?? nil, found) }
        }
        return differences
    }

    private func exchanges(_ fixture: Fixture, on target: any Target, runID: String) async -> (ExchangeLog, Secrets) {
        let log = ExchangeLog()
        var execution = FixtureExecution(fixture: fixture, target: target, actorSpec: suite.actors, runID: runID, counter: UniqueCounter())
        execution.log = log
        execution.keepGoing = true
        return (log, await execution.run().secrets)
    }
}

/// Compares two answers to the same request from two targets.
struct ResponseComparison {
    let runA: String
    let runB: String
    let variablesA: [String: JSONValue]
    let variablesB: [String: JSONValue]
    /// Array paths (indices written `[*]`) whose order the fixture says does not matter.
    var unorderedPaths: Set<String> = []

    /// Where a fixture's expectation uses `$anyOrder`, `$contains` or `$eachLike`, as paths with `[*]` for indices.
    static func unorderedPaths(in matcher: Matcher?, at path: String = "$") -> Set<String> {
        guard let matcher else { return [] }
        switch matcher {
        case .anyOrder(let items), .contains(let items):
            return Set([path]).union(items.flatMap { unorderedPaths(in: $0, at: path + "[*]") })
        case .eachLike(let inner, _, _):
            return Set([path]).union(unorderedPaths(in: inner, at: path + "[*]"))
        case .object(let members, _):
            return members.reduce(into: Set<String>()) { $0.formUnion(unorderedPaths(in: $1.matcher, at: pattern(path, $1.key))) }
        case .array(let items):
            return items.reduce(into: Set<String>()) { $0.formUnion(unorderedPaths(in: $1, at: path + "[*]")) }
        case .nullable(let inner): return unorderedPaths(in: inner, at: path)
        case .oneOf(let options): return options.reduce(into: Set<String>()) { $0.formUnion(unorderedPaths(in: $1, at: path)) }
        default: return []
        }
    }

    /// A path pattern one key deeper.
    static func pattern(_ path: String, _ key: String) -> String { path + "[" + JSONWriter.compact(.string(key)) + "]" }

    func differences(_ a: HTTPResponse, _ b: HTTPResponse) -> [Mismatch] {
        var found: [Mismatch] = []
        if a.status != b.status {
            found.append(Mismatch(.status, .wrongStatus, expected: .statuses([a.status]), actual: .integer(b.status)))
        }
        for name in ["allow", "www-authenticate", "content-type", "location"] {
            let x = header(name, a), y = header(name, b)
            if x != y {
                found.append(
                    Mismatch(
                        .header(name), x == nil ? .unexpected : (y == nil ? .missing : .differentValue),
                        expected: x.map { .value(.string($0)) } ?? .absent, actual: y.map(JSONValue.string)))
            }
        }
        let jsonA = try? JSONParser.parse(bytes: a.body, options: .python), jsonB = try? JSONParser.parse(bytes: b.body, options: .python)
        if let jsonA, let jsonB {
            found += compare(jsonA, jsonB, path: .root, key: nil)
        } else if normalized(String(decoding: a.body, as: UTF8.self), runA) != normalized(String(decoding: b.body, as: UTF8.self), runB) {
            found.append(
                Mismatch(
                    .rawBody, .differentValue, expected: .value(.string(String(decoding: a.body, as: UTF8.self))),
                    actual: .string(String(decoding: b.body, as: UTF8.self))))
        }
        return found
    }

    /// Header values as far as they matter: the media type, the set of allowed methods, the path of a location.
    private func header(_ name: String, _ response: HTTPResponse) -> String? {
        guard let value = response.headers[name] else { return nil }
        switch name {
        case "content-type": return value.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        case "allow": return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }.sorted().joined(separator: ", ")
        case "location": return value.replacingOccurrences(of: #"^[a-z]+://[^/]*"#, with: "", options: .regularExpression)
        default: return value
        }
    }

    private func compare(_ a: JSONValue, _ b: JSONValue, path: JSONPath, key: String?, pattern: String = "$") -> [Mismatch] {
        switch (a, b) {
        case (.object(let x), .object(let y)):
            var found: [Mismatch] = []
            for (member, value) in x {
                if let other = y[member] {
                    found += compare(value, other, path: path.appending(member), key: member, pattern: Self.pattern(pattern, member))
                } else {
                    found.append(Mismatch(.body(path.appending(member)), .missing, expected: .value(value), actual: nil))
                }
            }
            for (member, value) in y where x[member] == nil {
                found.append(Mismatch(.body(path.appending(member)), .unexpected, expected: .absent, actual: value))
            }
            return found
        case (.array(let x), .array(let y)):
            guard x.count == y.count else {
                return [Mismatch(.body(path), .wrongCount(expected: x.count, actual: y.count), expected: .value(a), actual: b)]
            }
            if unorderedPaths.contains(pattern) {
                var unmatched = Array(y.indices)
                for item in x {
                    guard
                        let position = unmatched.firstIndex(where: {
                            compare(item, y[$0], path: path, key: key, pattern: pattern + "[*]").isEmpty
                        })
                    else {
                        return [Mismatch(.body(path), .elementsDiffer, expected: .value(a), actual: b)]
                    }
                    unmatched.remove(at: position)
                }
                return []
            }
            return zip(x, y).enumerated().flatMap {
                compare($0.element.0, $0.element.1, path: path.appending($0.offset), key: key, pattern: pattern + "[*]")
            }
        default:
            return equivalent(a, b, key: key) ? [] : [Mismatch(.body(path), .differentValue, expected: .value(a), actual: b)]
        }
    }

    private func equivalent(_ a: JSONValue, _ b: JSONValue, key: String?) -> Bool {
        if JSONMatching.equal(a, b) { return true }
        if let key, key == "id" || key.hasSuffix("_id"), case .number(let x) = a, case .number(let y) = b, x.isInteger, y.isInteger {
            return true
        }
        for (name, value) in variablesA {
            if JSONMatching.equal(a, value), let other = variablesB[name], JSONMatching.equal(b, other) { return true }
        }
        guard case .string(let x) = a, case .string(let y) = b else { return false }
        if JSONMatching.isRFC3339(x) && JSONMatching.isRFC3339(y) { return true }
        if JSONMatching.isJWT(x) && JSONMatching.isJWT(y) { return true }
        return templated(normalized(x, runA), variablesA) == templated(normalized(y, runB), variablesB)
    }

    /// A run's unique values (`<run>x5-4`) made one opaque word per counter (`<run>u4`), so that the
    /// counter can never pass for a captured id when the variables are templated in afterwards.
    private func normalized(_ text: String, _ runID: String) -> String {
        guard text.contains(runID), let regex = RegexCache.regex(NSRegularExpression.escapedPattern(for: runID) + "(?:x[0-9]+)?(?:-([0-9]+))?")
        else { return text }
        return regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "<run>u$1")
    }

    /// Each variable's value, as a whole word, replaced by `{{name}}` (longest values first).
    private func templated(_ text: String, _ variables: [String: JSONValue]) -> String {
        var result = text
        for (name, value) in variables.sorted(by: { TemplateScope.text(of: $0.value).count > TemplateScope.text(of: $1.value).count }) {
            let needle = TemplateScope.text(of: value)
            guard !needle.isEmpty, !name.hasSuffix(".password") else { continue }
            result = Generalizer.replacingWord(result, needle, "{{\(name)}}")
        }
        return result
    }
}

import Foundation
import HTTPCore
import JSONCore

/// Writes a fixture's expectations from what a target answers. The script runs twice on fresh actors,
/// so values that change between runs are told apart from the contract; ids that later requests use
/// become captures, and the file comes out in a stable form a reviewer can diff.
public struct Recorder: Sendable {
    /// Which steps get new expectations, as in snapshot testing.
    public enum Mode: String, Sendable, CaseIterable {
        /// Steps without an `expect`.
        case missing
        /// Every step.
        case all
        /// Steps whose expectation no longer holds.
        case failed
        /// Nothing: check only.
        case never
    }

    public struct Recording: Sendable {
        /// The new file text.
        public let text: String
        /// The step numbers that got a new expectation.
        public let recordedSteps: [Int]
        public let original: String
        /// The credentials the recording runs used: whatever shows the recording (a diff) masks them.
        public var secrets = Secrets()
        public var changed: Bool { text != original }
    }

    /// Why a script was not recorded: a problem of the script itself, or an answer that makes the fixture
    /// meaningless (a capture that finds nothing).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public enum Kind: Sendable { case script, answer }
        public let kind: Kind
        public let description: String

        public init(kind: Kind, description: String) {
            self.kind = kind
            self.description = description
        }
    }

    public let target: any Target
    public let actors: ActorSpec
    /// The fields that hold ids in answers: `id`, and any api.json's resources name (`idField`).
    public var idKeys: Set<String> = ["id"]

    public init(target: any Target, actors: ActorSpec) {
        self.target = target
        self.actors = actors
    }

    public func record(_ bytes: [UInt8], file: String, mode: Mode) async throws(Failure) -> Recording {
        let original = String(decoding: bytes, as: UTF8.self)
        guard case .object(var document)? = try? JSONParser.parse(bytes: bytes, options: .strict) else {
            throw Failure(kind: .script, description: "\(file): not a JSON object (run contract lint for details)")
        }
        let unchanged = Recording(text: original, recordedSteps: [], original: original)
        guard mode != .never else { return unchanged }
        var fixture = try load(document, file: file)
        // A complete fixture is left exactly as written: recording only ever touches the steps it records.
        if mode == .missing && !fixture.requestSteps.contains(where: { $0.expectation == nil }) { return unchanged }

        // Pass 0: as written, to find literal ids that later requests repeat.
        let detection = await run(fixture)
        let rewrite = CaptureRewriter(document: document, fixture: fixture, log: detection, idKeys: idKeys)
        document = rewrite.document
        fixture = try load(document, file: file)

        // Passes A and B on fresh actors: what stays the same is contract, what changes is volatile.
        let first = await run(fixture)
        await provisionSpareActor()
        let second = await run(fixture)
        let chosen = stepsToRecord(fixture, document: document, log: first, mode: mode)
        if chosen.isEmpty { return unchanged }
        try Self.requireCaptures(first, fixture: fixture, file: file)
        try Self.requireCaptures(second, fixture: fixture, file: file)
        guard case .array(var steps)? = document["steps"] else { throw Failure(kind: .script, description: "\(file): no steps") }
        var resources: [String: Set<String>] = [:]
        for (offset, step) in fixture.steps.enumerated() where offset < steps.count {
            guard case .request(let single) = step, let a = first.exchange(step: single.number) else { continue }
            let b = second.exchange(step: single.number)
            let captured = Set(
                single.captures.compactMap { capture -> String? in
                    if case .json(let path) = capture.source { return path.description }
                    return nil
                })
            if chosen.contains(single.number), case .object(var object) = steps[offset] {
                let pathVariables = Set(Template.expressions(in: single.request.path).flatMap(\.references))
                let context = Generalizer.Context(runs: (first.runID, second.runID), resources: resources)
                object = Self.ordered(object, expect: expectation(a, b, capturedPaths: captured, pathVariables: pathVariables, context: context))
                steps[offset] = .object(object)
            }
            // An id captured from an answer names that resource: later answers that list it show it by name.
            if case .object(let answer)? = try? JSONParser.parse(bytes: a.response.body, options: .python) {
                for capture in single.captures {
                    if case .json(let path) = capture.source, idKeys.contains(where: { path.description == "$.\($0)" }) {
                        resources[capture.name] = Set(answer.keys)
                    }
                }
            }
        }
        document["steps"] = .array(steps)
        let text = JSONWriter.pretty(.object(document)) + "\n"
        // Never write what lint would reject.
        if case .failure(let problems) = FixtureLoader.load(bytes: Array(text.utf8), file: file) {
            throw Failure(
                kind: .script,
                description: "the recording of \(file) would not pass lint, so it was not written:\n"
                    + problems.issues.map(\.description).joined(separator: "\n"))
        }
        var recording = Recording(text: text, recordedSteps: chosen.sorted(), original: original)
        recording.secrets = first.secrets
        recording.secrets.add(second.secrets)
        return recording
    }

    /// A capture that finds nothing makes every later step meaningless: the recording stops, naming the step
    /// and showing what came back.
    static func requireCaptures(_ log: ExchangeLog, fixture: Fixture, file: String) throws(Failure) {
        for exchange in log.exchanges {
            for mismatch in exchange.mismatches where mismatch.isCapture {
                let name = fixture.requestSteps.first { $0.number == exchange.step }?.name.map { " (\($0))" } ?? ""
                let body = String(decoding: exchange.response.body.prefix(500), as: UTF8.self)
                throw Failure(
                    kind: .answer,
                    description: "\(file) step \(exchange.step)\(name): \(mismatch.explanation); the answer was \(exchange.response.status) \(body)")
            }
        }
    }

    private func load(_ document: JSONObject, file: String) throws(Failure) -> Fixture {
        switch FixtureLoader.load(bytes: Array(JSONWriter.compact(.object(document)).utf8), file: file) {
        case .success(let fixture): return fixture
        case .failure(let failure): throw Failure(kind: .script, description: failure.issues.map(\.description).joined(separator: "\n"))
        }
    }

    /// Registers one unused actor between the two passes. Without it, user and resource ids advance in step
    /// (a fresh user's first agent is often both id 7), and a user id could be recorded as `{{agent}}`.
    private func provisionSpareActor() async {
        let script = #"{"description": "spare", "actors": ["spare"], "steps": [{"as": "spare", "request": {"method": "GET", "path": "/"}}]}"#
        guard case .success(let spare) = FixtureLoader.load(bytes: Array(script.utf8), file: "spare.json") else { return }
        _ = await run(spare)
    }

    private func run(_ fixture: Fixture) async -> ExchangeLog {
        let runID = Runner.makeRunID()
        let log = ExchangeLog(runID: runID)
        var execution = FixtureExecution(fixture: fixture, target: target, actorSpec: actors, runID: runID, counter: UniqueCounter())
        execution.log = log
        execution.keepGoing = true
        log.note(await execution.run().secrets)
        return log
    }

    private func stepsToRecord(_ fixture: Fixture, document: JSONObject, log: ExchangeLog, mode: Mode) -> Set<Int> {
        var chosen = Set<Int>()
        for step in fixture.steps {
            guard case .request(let single) = step else { continue }
            switch mode {
            case .all: chosen.insert(single.number)
            case .missing: if single.expectation == nil { chosen.insert(single.number) }
            case .failed:
                let failing = log.exchange(step: single.number).map { $0.mismatches.contains { !$0.isCapture } } ?? false
                if single.expectation == nil || failing { chosen.insert(single.number) }
            case .never: break
            }
        }
        return chosen
    }

    /// The expectation of one step from its two passes.
    func expectation(
        _ a: Exchange, _ b: Exchange?, capturedPaths: Set<String>, pathVariables: Set<String> = [], context: Generalizer.Context = .init()
    ) -> JSONValue {
        var expect = JSONObject()
        let statusB = b?.response.status ?? a.response.status
        expect["status"] =
            a.response.status == statusB
            ? .integer(a.response.status)
            : .array([.integer(min(a.response.status, statusB)), .integer(max(a.response.status, statusB))])
        var headers = JSONObject()
        for name in ["www-authenticate", "allow"] {
            if let value = a.response.headers[name] { headers[name] = .string(value) }
        }
        if let location = a.response.headers["location"] {
            let path = location.replacingOccurrences(of: #"^[a-z]+://[^/]*"#, with: "", options: .regularExpression)
            headers["location"] = .object(JSONObject([("$regex", .string(NSRegularExpression.escapedPattern(for: path) + "$"))]))
        }
        if !headers.isEmpty { expect["headers"] = .object(headers) }
        var firstVariables = a.variables, secondVariables = b?.variables ?? a.variables
        if !context.runs.0.isEmpty && !context.runs.1.isEmpty {
            firstVariables["$run"] = .string(context.runs.0)
            secondVariables["$run"] = .string(context.runs.1)
        }
        let generalizer = Generalizer(
            first: firstVariables, second: secondVariables, capturedPaths: capturedPaths, pathVariables: pathVariables, resources: context.resources)
        if a.response.body.isEmpty {
            expect["body"] = ""
        } else if let json = try? JSONParser.parse(bytes: a.response.body, options: .python) {
            let other = b.flatMap { try? JSONParser.parse(bytes: $0.response.body, options: .python) }
            expect["json"] = generalizer.generalize(json, other)
        } else if let b, a.response.body == b.response.body {
            expect["body"] = .string(String(decoding: a.response.body, as: UTF8.self))
        }
        return .object(expect)
    }

    /// A step object with keys in the fixture format's order: name, as, request, expect, capture, then the rest.
    static func ordered(_ object: JSONObject, expect: JSONValue) -> JSONObject {
        var result = JSONObject()
        for key in ["name", "as", "request"] { if let value = object[key] { result[key] = value } }
        result["expect"] = expect
        if let capture = object["capture"] { result["capture"] = capture }
        for (key, value) in object where result[key] == nil { result[key] = value }
        return result
    }
}

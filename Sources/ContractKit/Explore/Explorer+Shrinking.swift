import Foundation
import JSONCore

/// Shrinking a finding to the shortest sequence that still shows it, and proving the fixture written from it.
extension Explorer {
    /// Replays `sequence` from fresh state; the differences of its last step, when it still shows `signature`.
    func reproduces(_ sequence: [(Int, ExploreStep)], signature: String, runToken: String) async -> [Mismatch]? {
        guard let exchanges = await replayed(sequence, runToken: runToken), let last = exchanges.last, !last.differences.isEmpty else { return nil }
        return Self.signature(last.step.route, last.differences) == signature ? last.differences : nil
    }

    /// Plays `sequence` in a fresh session with its own unique text; the last step's exchange must happen.
    func replayed(_ sequence: [(Int, ExploreStep)], runToken: String) async -> [ExploreSession.Exchange]? {
        let fresh = Self.makeToken()
        guard var session = try? await newSession(runToken: fresh) else { return nil }
        let sequence = sequence.map { ($0.0, $0.1.replacingText(runToken, with: fresh)) }
        guard let last = sequence.last else { return nil }
        var exchanges: [ExploreSession.Exchange] = []
        for (number, step) in sequence.dropLast() {
            if let exchange = try? await session.play(step, number: number) { exchanges.append(exchange) }
        }
        guard let exchange = try? await session.play(last.1, number: last.0) else { return nil }
        return exchanges + [exchange]
    }

    /// Delta debugging over the steps before the failing one (the failing one stays), then over the fields
    /// of its body, within the replay budget.
    func shrink(_ finding: Finding, sequence: [(Int, ExploreStep)], runToken: String) async -> Finding {
        var budget = options.shrinkBudget
        guard var last = sequence.last else { return finding }
        var prefix = Array(sequence.dropLast())
        // Steps the failing one does not depend on, and that nothing it depends on depends on, go first.
        var granularity = 2
        while !prefix.isEmpty && budget > 0 {
            let chunk = max(1, (prefix.count + granularity - 1) / granularity)
            var reduced = false
            for start in stride(from: 0, to: prefix.count, by: chunk) where budget > 0 {
                let candidate = Array(prefix[..<start]) + Array(prefix[min(prefix.count, start + chunk)...])
                budget -= 1
                if await reproduces(candidate + [last], signature: finding.signature, runToken: runToken) != nil {
                    prefix = candidate
                    granularity = max(granularity - 1, 2)
                    reduced = true
                    break
                }
            }
            if !reduced {
                if granularity >= prefix.count { break }
                granularity = min(granularity * 2, prefix.count)
            }
        }
        // The failing step's body: drop what the difference does not need.
        if case .object(let object)? = last.1.body {
            for key in object.keys where budget > 0 {
                guard case .object(var current)? = last.1.body, current[key] != nil else { continue }
                current[key] = nil
                var candidate = last.1
                candidate.body = .object(current)
                candidate.bodyReferences = candidate.bodyReferences.filter { !$0.path.hasPrefix("$.\(key)") }
                // The intent no longer names what the body no longer holds (`parent_id: another user's`).
                let parts = candidate.intent.components(separatedBy: "; ").filter { !$0.hasPrefix(key + ":") && !$0.hasPrefix(key + " ") }
                candidate.intent = parts.isEmpty ? "valid" : parts.joined(separator: "; ")
                budget -= 1
                if await reproduces(prefix + [(last.0, candidate)], signature: finding.signature, runToken: runToken) != nil {
                    last = (last.0, candidate)
                }
            }
        }
        var shrunk = finding
        let steps = prefix + [last]
        shrunk = Finding(
            seed: finding.seed, stepsBefore: finding.stepsBefore, route: finding.route, intent: last.1.intent, differences: finding.differences,
            targetStatus: finding.targetStatus, oracleStatus: finding.oracleStatus, steps: steps.map(\.1))
        // The steps whose oracle answer is a resource with an id: the fixture captures each, so a later answer
        // that lists it names it (and its place in the order) rather than any integer. A timestamp a later
        // answer repeats is captured too, so the fixture states that equality (an empty change keeps it).
        let idFields = ["id"] + contract.resources.map(\.idField).filter { $0 != "id" }
        var captured: [Int: [String]] = [:]
        let exchanges = await replayed(steps, runToken: runToken) ?? []
        for (position, exchange) in exchanges.enumerated() where (200..<300).contains(exchange.oracleResponse.status) {
            guard case .object(let object)? = try? JSONParser.parse(bytes: exchange.oracleResponse.body) else { continue }
            // Only a POST makes a resource; other methods answer with the one their path names.
            if exchange.step.method == "POST",
                let field = idFields.first(where: { if case .number(let id)? = object[$0] { return id.isInteger } else { return false } })
            {
                captured[exchange.number, default: []].append("$.\(field)")
            }
            let later = exchanges[(position + 1)...].map { String(decoding: $0.oracleResponse.body, as: UTF8.self) }
            for (key, value) in object where key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) {
                guard case .string(let text) = value, JSONMatching.isRFC3339(text), later.contains(where: { $0.contains("\"\(text)\"") }) else {
                    continue
                }
                captured[exchange.number, default: []].append("$.\(key)")
            }
        }
        let script = FindingScript(steps: steps, actorSpec: actorSpec, finding: shrunk, runToken: runToken, captured: captured)
        switch script.document() {
        case .success(let document):
            do {
                var recorder = Recorder(target: try makeOracle(), actors: actorSpec)
                recorder.idKeys = Set(idFields)
                let recording = try await recorder.record(Array(JSONWriter.pretty(document).utf8), file: "found.json", mode: .all)
                shrunk.fixture = recording.text
                shrunk.replay = await replay(recording.text)
                if let replay = shrunk.replay, !(replay.passesOnOracle && replay.failsOnTarget) {
                    shrunk.note =
                        "the written fixture "
                        + (replay.passesOnOracle ? "passes on the target too" : "fails on the oracle")
                        + " when replayed from fresh state: the difference depends on more than the steps it holds"
                }
            } catch {
                shrunk.note = "the shrunk sequence could not be recorded from the oracle: \(error)"
            }
        case .failure(let reason):
            shrunk.note = reason.message
        }
        return shrunk
    }

    /// Runs the written fixture alone, without derived checks, on a fresh oracle and a fresh target.
    func replay(_ text: String) async -> (passesOnOracle: Bool, failsOnTarget: Bool)? {
        guard case .success(let fixture) = FixtureLoader.load(bytes: Array(text.utf8), file: "found.json") else { return nil }
        var runOptions = Runner.Options()
        runOptions.derive = []
        let suite = Suite(fixtures: [fixture], actors: actorSpec)
        guard let oracle = try? makeOracle(), let target = try? makeTarget() else { return nil }
        let onOracle = await Runner(suite: suite, target: oracle, options: runOptions).run()
        let onTarget = await Runner(suite: suite, target: target, options: runOptions).run()
        return (onOracle.passed == 1, onTarget.failed == 1)
    }
}

import HTTPCore
import JSONCore

/// The machine-readable report: schema `agent-contract/run-report` version 1 (docs/run-report.schema.json).
/// Fixtures and derived checks are listed alike; expected and actual values are JSON values, whole and
/// masked, where the human report shortens them.
enum JSONReport {
    static let schema = "agent-contract/run-report"
    static let version = 1

    static func render(_ result: RunResult, failures: FailureReport) -> String {
        JSONWriter.pretty(document(result, failures: failures)) + "\n"
    }

    static func document(_ result: RunResult, failures: FailureReport) -> JSONValue {
        var root = JSONObject()
        root["schema"] = .string(schema)
        root["version"] = .integer(version)
        root["target"] = .string(result.fixtures.first?.targetURL ?? result.derived.first?.targetURL ?? "")
        root["seconds"] = .float(rounded(result.seconds))
        root["exit_code"] = .integer(Int(result.exitCode))
        root["summary"] = summary(result)
        root["unreachable"] = result.unreachable.map(JSONValue.string) ?? .null
        root["not_run"] = .array(result.notRun.map(JSONValue.string))
        root["flaky"] = .array(result.flaky.map { ["file": .string($0.file), "passed": .integer($0.passed), "runs": .integer($0.runs)] })
        root["allow_list_problems"] = .array(result.allowListProblems.map(JSONValue.string))
        root["notes"] = .array(result.notes.map(JSONValue.string))
        root["provisioning"] = provisioning(result.provisioning)
        root["shard"] = ["index": .integer(result.shard.index), "count": .integer(result.shard.count)]
        root["checks"] = .array(result.checks.map { check(for: $0, failures: failures, contract: result.contract) })
        return .object(root)
    }

    static func provisioning(_ summary: ProvisioningSummary) -> JSONValue {
        ["accounts": .integer(summary.accounts), "failures": .integer(summary.failures), "seconds": .float(rounded(summary.seconds))]
    }

    private static func summary(_ result: RunResult) -> JSONValue {
        func count(_ checks: [ReportedCheck], _ verdict: String) -> JSONValue { .integer(checks.filter { $0.verdict.name == verdict }.count) }
        let fixtures = result.fixtures.map(ReportedCheck.init), derived = result.derived.map(ReportedCheck.init)
        var fixtureCounts = JSONObject([("total", .integer(fixtures.count))])
        var derivedCounts = JSONObject([("total", .integer(derived.count))])
        for verdict in ["passed", "failed", "skipped", "blocked", "allowed"] {
            fixtureCounts[verdict] = count(fixtures, verdict)
            derivedCounts[verdict] = count(derived, verdict)
        }
        fixtureCounts["not_run"] = .integer(result.notRun.count)
        fixtureCounts["flaky"] = .integer(result.flaky.count)
        derivedCounts["by_kind"] = .object(JSONObject(result.derivedCounts.map { ($0.kind.rawValue, .integer($0.count)) }))
        return ["fixtures": .object(fixtureCounts), "steps": .integer(result.stepCount), "derived": .object(derivedCounts)]
    }

    static func check(for check: ReportedCheck, failures: FailureReport, contract: APIContract? = nil) -> JSONValue {
        var object = JSONObject()
        object["kind"] = .string(check.kind.rawValue)
        object["name"] = .string(check.name)
        object["file"] = .string(check.file)
        object["description"] = .string(failures.redact(check.description, check.fixture))
        object["tags"] = .array(check.tags.map(JSONValue.string))
        if let kind = check.derivedKind { object["derived_kind"] = .string(kind.rawValue) }
        if let step = check.originStep { object["origin_step"] = .integer(step) }
        object["verdict"] = .string(check.verdict.name)
        object["reason"] = check.verdict.reason.map { .string(failures.redact($0, check.fixture)) } ?? .null
        object["seconds"] = .float(rounded(check.seconds))
        object["steps"] = .integer(check.stepCount)
        if let route = check.route { object["route"] = .string(route) }
        object["timeline"] = .array(
            check.fixture.steps.map { timelineEntry($0, route: check.route, check: check, failures: failures, contract: contract) })
        if let step = check.decidingStep {
            object["step"] = stepObject(step, check: check, failures: failures)
            object["report"] = .string(failures.text(for: check) ?? "")
        }
        return .object(object)
    }

    /// One step as the timeline shows it: who sent what to which route, the status, the time, the verdict.
    private static func timelineEntry(
        _ step: StepOutcome, route: String?, check: ReportedCheck, failures: FailureReport, contract: APIContract?
    ) -> JSONValue {
        var object = JSONObject()
        object["number"] = .integer(step.number)
        object["name"] = step.name.map { .string(failures.redact($0, check.fixture)) } ?? .null
        object["actor"] = step.actor.map(JSONValue.string) ?? .null
        object["method"] = step.request.map { .string($0.method.rawValue) } ?? .null
        object["target"] = step.request.map { .string(failures.redact($0.target, check.fixture)) } ?? .null
        let named =
            route
            ?? step.request.flatMap { request in
                contract?.route(method: request.method.rawValue, path: PercentDecoding.unquote(request.rawPath))?.name
            }
        object["route"] = named.map(JSONValue.string) ?? .null
        object["status"] = step.response.map { .integer($0.status) } ?? .null
        object["expected_statuses"] = step.expectedStatuses.map { .array($0.map(JSONValue.integer)) } ?? .null
        object["seconds"] = .float(rounded(step.seconds))
        object["passed"] = .bool(step.passed)
        return .object(object)
    }

    private static func stepObject(_ step: StepOutcome, check: ReportedCheck, failures: FailureReport) -> JSONValue {
        var object = JSONObject()
        object["number"] = .integer(step.number)
        object["name"] = step.name.map(JSONValue.string) ?? .null
        if let request = step.request {
            object["request"] = [
                "method": .string(request.method.rawValue), "target": .string(failures.redact(request.target, check.fixture)),
                "curl": .string(failures.redact(Curl.line(for: request, baseURL: check.fixture.targetURL), check.fixture)),
            ]
        }
        object["expected_statuses"] = step.expectedStatuses.map { .array($0.map(JSONValue.integer)) } ?? .null
        object["status"] = step.response.map { .integer($0.status) } ?? .null
        object["error"] = step.error.map { .string(failures.redact($0.description, check.fixture)) } ?? .null
        object["mismatches"] = .array(step.mismatches.map { mismatch(for: $0, check: check, failures: failures) })
        object["body"] = step.response.map { answerBody($0.body, check: check, failures: failures) } ?? .null
        return .object(object)
    }

    /// The deciding answer's body, masked: JSON as JSON, anything else as text; over 16 KB, the first 16 KB
    /// as text (a report is for reading, and a megabyte body would drown it).
    static func answerBody(_ body: [UInt8], check: ReportedCheck, failures: FailureReport) -> JSONValue {
        let limit = 16_384
        if body.count <= limit, let json = try? JSONParser.parse(bytes: body) { return failures.redact(json, check.fixture) }
        let text = String(decoding: body.prefix(limit), as: UTF8.self) + (body.count > limit ? "… (\(body.count) bytes)" : "")
        return .string(failures.redact(text, check.fixture))
    }

    static func mismatch(for mismatch: Mismatch, check: ReportedCheck, failures: FailureReport) -> JSONValue {
        var object = JSONObject()
        object["place"] = .string(failures.redact(mismatch.place, check.fixture))
        object["kind"] = .string(kindName(mismatch.kind))
        object["explanation"] = .string(failures.redact(mismatch.explanation, check.fixture))
        switch mismatch.expected {
        case .value(let value)?: object["expected"] = ["value": failures.redact(value, check.fixture)]
        case .matcher(let matcher, let summary)?:
            object["expected"] = ["matcher": failures.redact(matcher, check.fixture), "summary": .string(failures.redact(summary, check.fixture))]
        case .statuses(let statuses)?: object["expected"] = ["statuses": .array(statuses.map(JSONValue.integer))]
        case .absent?: object["expected"] = ["absent": true]
        case nil: object["expected"] = .null
        }
        object["actual"] = mismatch.actual.map { ["value": failures.redact($0, check.fixture)] } ?? .null
        return .object(object)
    }

    /// The kind as a stable snake_case name (its parameters are in the explanation).
    static func kindName(_ kind: Mismatch.Kind) -> String {
        let label = String(describing: kind)
        let name = label.prefix { $0 != "(" }
        var snake = ""
        for character in name {
            if character.isUppercase { snake += "_" + character.lowercased() } else { snake.append(character) }
        }
        return snake
    }

    static func rounded(_ seconds: Double) -> Double { (seconds * 1000).rounded() / 1000 }
}

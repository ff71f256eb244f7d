import JSONCore

/// The JSON run report read back: every other report (JUnit, TAP, HTML) is rendered from it, so a report
/// merged from the shards of a run (`contract report merge`) renders exactly as a single run's would.
public struct RunReportDocument: Sendable {
    /// A fixture or derived check as the JSON report lists it; `raw` is written back unchanged.
    public struct Check: Sendable {
        public let raw: JSONObject
        public var kind: String { raw["kind"]?.stringValue ?? "fixture" }
        public var name: String { raw["name"]?.stringValue ?? "" }
        public var file: String { raw["file"]?.stringValue ?? "" }
        public var description: String { raw["description"]?.stringValue ?? "" }
        public var tags: [String] { raw["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        public var verdict: String { raw["verdict"]?.stringValue ?? "failed" }
        public var reason: String? { raw["reason"]?.stringValue }
        public var seconds: Double { raw["seconds"]?.numberValue?.double ?? 0 }
        public var derivedKind: String? { raw["derived_kind"]?.stringValue }
        public var route: String? { raw["route"]?.stringValue }
        /// The human failure report of the deciding step.
        public var report: String? { raw["report"]?.stringValue }
        public var timeline: [JSONObject] { raw["timeline"]?.arrayValue?.compactMap(\.objectValue) ?? [] }
        public var isFailure: Bool { verdict == "failed" }
        public var isSkipped: Bool { ["skipped", "blocked", "allowed"].contains(verdict) }
    }

    public struct Flaky: Sendable {
        public let file: String
        public let passed: Int
        public let runs: Int
    }

    public var target: String
    public var seconds: Double
    public var unreachable: String?
    public var notRun: [String]
    public var flaky: [Flaky]
    public var allowListProblems: [String]
    public var notes: [String]
    public var checks: [Check]
    /// The accounts the run created (summed over merged shards).
    public var provisioning: ProvisioningSummary
    /// The part of the run the report covers (`--shard k/n`); nil in a report that does not say.
    public var shard: (index: Int, count: Int)?

    public var fixtures: [Check] { checks.filter { $0.kind == "fixture" } }
    public var derived: [Check] { checks.filter { $0.kind == "derived" } }

    /// 3 unreachable, 1 anything failed (a check, a flaky fixture, the allow list), else 0: as `contract run`.
    public var exitCode: Int32 {
        if unreachable != nil { return 3 }
        return checks.contains(where: \.isFailure) || !flaky.isEmpty || !allowListProblems.isEmpty || !notRun.isEmpty ? 1 : 0
    }

    /// What fails the run beyond its checks: an unreachable target, fixtures that never ran, flaky ones, the allow list.
    public var problems: [String] {
        var problems: [String] = []
        if let unreachable { problems.append(unreachable) }
        if !notRun.isEmpty {
            problems.append("\(counted(notRun.count, "fixture")) did not run: " + notRun.joined(separator: ", "))
        }
        for flaky in flaky { problems.append("flaky: \(flaky.file) passed \(flaky.passed) of \(flaky.runs) runs") }
        return problems + allowListProblems
    }

    public struct Unreadable: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Reads a report `contract run --report json=…` wrote; `file` names it in errors.
    public init(json value: JSONValue, file: String) throws(Unreadable) {
        guard case .object(let root) = value else { throw Unreadable(description: "\(file): not a JSON object") }
        guard root["schema"]?.stringValue == JSONReport.schema else {
            throw Unreadable(description: "\(file): not a run report (its \"schema\" is not \"\(JSONReport.schema)\")")
        }
        guard let version = root["version"]?.numberValue?.int64, version == Int64(JSONReport.version) else {
            throw Unreadable(
                description: "\(file): report version \(root["version"].map(JSONWriter.compact) ?? "missing"), this build reads \(JSONReport.version)"
            )
        }
        guard let checks = root["checks"]?.arrayValue else { throw Unreadable(description: "\(file): no \"checks\" array") }
        var read: [Check] = []
        for (index, check) in checks.enumerated() {
            guard case .object(let object) = check, object["name"]?.stringValue != nil, object["verdict"]?.stringValue != nil else {
                throw Unreadable(description: "\(file): $.checks[\(index)] has no name or verdict")
            }
            read.append(Check(raw: object))
        }
        self.checks = read
        target = root["target"]?.stringValue ?? ""
        seconds = root["seconds"]?.numberValue?.double ?? 0
        unreachable = root["unreachable"]?.stringValue
        notRun = root["not_run"]?.arrayValue?.compactMap(\.stringValue) ?? []
        flaky = (root["flaky"]?.arrayValue ?? []).compactMap { item in
            guard let file = item["file"]?.stringValue, let passed = item["passed"]?.numberValue?.int64, let runs = item["runs"]?.numberValue?.int64
            else { return nil }
            return Flaky(file: file, passed: Int(passed), runs: Int(runs))
        }
        allowListProblems = root["allow_list_problems"]?.arrayValue?.compactMap(\.stringValue) ?? []
        notes = root["notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        if let index = root["shard"]?["index"]?.numberValue?.int64, let count = root["shard"]?["count"]?.numberValue?.int64 {
            shard = (Int(index), Int(count))
        }
        let accounts = root["provisioning"]
        provisioning = ProvisioningSummary(
            accounts: Int(accounts?["accounts"]?.numberValue?.int64 ?? 0), failures: Int(accounts?["failures"]?.numberValue?.int64 ?? 0),
            seconds: accounts?["seconds"]?.numberValue?.double ?? 0)
    }

    /// The report as JSON, with its summary and exit code worked out from its checks.
    public var json: JSONValue {
        var root = JSONObject()
        root["schema"] = .string(JSONReport.schema)
        root["version"] = .integer(JSONReport.version)
        root["target"] = .string(target)
        root["seconds"] = .float(JSONReport.rounded(seconds))
        root["exit_code"] = .integer(Int(exitCode))
        root["summary"] = summary
        root["unreachable"] = unreachable.map(JSONValue.string) ?? .null
        root["not_run"] = .array(notRun.map(JSONValue.string))
        root["flaky"] = .array(flaky.map { ["file": .string($0.file), "passed": .integer($0.passed), "runs": .integer($0.runs)] })
        root["allow_list_problems"] = .array(allowListProblems.map(JSONValue.string))
        root["notes"] = .array(notes.map(JSONValue.string))
        root["provisioning"] = JSONReport.provisioning(provisioning)
        if let shard { root["shard"] = ["index": .integer(shard.index), "count": .integer(shard.count)] }
        root["checks"] = .array(checks.map { .object($0.raw) })
        return .object(root)
    }

    var summary: JSONValue {
        func counts(_ checks: [Check]) -> JSONObject {
            var object = JSONObject([("total", .integer(checks.count))])
            for verdict in ["passed", "failed", "skipped", "blocked", "allowed"] {
                object[verdict] = .integer(checks.filter { $0.verdict == verdict }.count)
            }
            return object
        }
        var fixtureCounts = counts(fixtures)
        fixtureCounts["not_run"] = .integer(notRun.count)
        fixtureCounts["flaky"] = .integer(flaky.count)
        var derivedCounts = counts(derived)
        var byKind = JSONObject()
        for kind in DerivedKind.allCases {
            let count = derived.filter { $0.derivedKind == kind.rawValue }.count
            if count > 0 { byKind[kind.rawValue] = .integer(count) }
        }
        derivedCounts["by_kind"] = .object(byKind)
        let steps = fixtures.reduce(0) { $0 + Int($1.raw["steps"]?.numberValue?.int64 ?? 0) }
        return ["fixtures": .object(fixtureCounts), "steps": .integer(steps), "derived": .object(derivedCounts)]
    }

    /// The reports of several shards of one run as one: checks in order (fixtures, then derived checks),
    /// the longest shard's time (shards run side by side). A check in two reports is an error: the same
    /// shard given twice, or reports of different runs.
    public static func merging(_ reports: [(file: String, report: RunReportDocument)]) throws(Unreadable) -> RunReportDocument {
        guard var merged = reports.first?.report else { throw Unreadable(description: "no report to merge") }
        try checkShards(reports)
        var seen: [String: String] = [:]
        for (file, report) in reports {
            for check in report.checks {
                if let other = seen[check.name] {
                    throw Unreadable(description: "\(check.name) is in both \(other) and \(file): the same shard twice, or reports of two runs?")
                }
                seen[check.name] = file
            }
        }
        let all = reports.map(\.report)
        merged.checks = all.flatMap(\.fixtures) + all.flatMap(\.derived)
        merged.seconds = all.map(\.seconds).max() ?? 0
        merged.shard = all.allSatisfy { $0.shard != nil } ? (1, 1) : nil
        merged.provisioning = ProvisioningSummary(
            accounts: all.reduce(0) { $0 + $1.provisioning.accounts }, failures: all.reduce(0) { $0 + $1.provisioning.failures },
            seconds: all.reduce(0) { $0 + $1.provisioning.seconds })
        merged.unreachable = all.compactMap(\.unreachable).first
        merged.notRun = all.flatMap(\.notRun)
        merged.flaky = all.flatMap(\.flaky)
        merged.allowListProblems = Array(Set(all.flatMap(\.allowListProblems))).sorted()
        merged.notes = all.flatMap(\.notes).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
        let targets = Set(all.map(\.target))
        if targets.count > 1 {
            merged.notes.append("the merged reports ran against \(targets.count) targets: \(targets.sorted().joined(separator: ", "))")
        }
        return merged
    }

    /// Reports that say which shard they are must be every shard of one split, each once: a merged report
    /// that passes while a shard is missing would be a pass without evidence.
    static func checkShards(_ reports: [(file: String, report: RunReportDocument)]) throws(Unreadable) {
        let sharded = reports.compactMap { entry in entry.report.shard.map { (file: entry.file, index: $0.index, count: $0.count) } }
        guard sharded.count == reports.count, let count = sharded.first?.count else { return }
        if let other = sharded.first(where: { $0.count != count }) {
            throw Unreadable(
                description: "\(other.file) is shard \(other.index)/\(other.count), \(sharded[0].file) one of \(count): reports of two splits")
        }
        var files: [Int: String] = [:]
        for entry in sharded {
            if let first = files[entry.index] {
                throw Unreadable(description: "\(first) and \(entry.file) are both shard \(entry.index)/\(count): the same shard twice")
            }
            files[entry.index] = entry.file
        }
        let missing = (1...max(1, count)).filter { files[$0] == nil }
        if !missing.isEmpty {
            throw Unreadable(
                description:
                    "shard\(missing.count == 1 ? "" : "s") \(missing.map { "\($0)/\(count)" }.joined(separator: ", ")) missing: give the report of every shard"
            )
        }
    }
}

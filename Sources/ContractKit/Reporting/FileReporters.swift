import Foundation
import JSONCore

/// Writes a report file when the run ends; `render` builds its text.
public struct FileReporter: Reporter {
    public enum Kind: String, Sendable, CaseIterable {
        case junit, json, tap
    }

    public let kind: Kind
    public let path: String
    public let showSecrets: Bool

    public init(kind: Kind, path: String, showSecrets: Bool = false) {
        self.kind = kind
        self.path = path
        self.showSecrets = showSecrets
    }

    public func runStarted(fixtureCount: Int, target: String) {}
    public func fixtureFinished(_ result: FixtureResult) {}

    public func runFinished(_ result: RunResult) {
        let text = render(result)
        if path == "-" {
            FileHandle.standardOutput.write(Data(text.utf8))
        } else if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
            FileHandle.standardError.write(Data("Error: cannot write the \(kind.rawValue) report to \(path)\n".utf8))
        }
    }

    public func render(_ result: RunResult) -> String {
        switch kind {
        case .junit: return JUnitReport.render(result, failures: FailureReport(showSecrets: showSecrets))
        case .json: return JSONReport.render(result, failures: FailureReport(showSecrets: showSecrets))
        case .tap: return TAPReport.render(result, failures: FailureReport(showSecrets: showSecrets))
        }
    }
}

/// JUnit XML as CI systems render it: one testsuite, one testcase per fixture.
enum JUnitReport {
    static func render(_ result: RunResult, failures: FailureReport) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml +=
            "<testsuites tests=\"\(result.fixtures.count + result.derived.count)\" failures=\"\(result.failed + result.derivedFailed)\" skipped=\"\(result.allowed)\""
            + " time=\"\(seconds(result.seconds))\">\n"
        xml +=
            "  <testsuite name=\"contract\" tests=\"\(result.fixtures.count)\" failures=\"\(result.failed)\""
            + " skipped=\"\(result.allowed)\" time=\"\(seconds(result.seconds))\">\n"
        for fixture in result.fixtures {
            xml +=
                "    <testcase classname=\"\(escape(classname(fixture.file)))\" name=\"\(escape(fixture.file))\""
                + " time=\"\(seconds(fixture.seconds))\">\n"
            switch fixture.verdict {
            case .passed: break
            case .allowed(let reason):
                xml += "      <skipped message=\"\(escape("allowed failure: " + reason))\"/>\n"
            case .skipped(let reason):
                xml += "      <skipped message=\"\(escape("skipped: " + reason))\"/>\n"
            case .blocked(let by):
                xml += "      <skipped message=\"\(escape("blocked: " + by))\"/>\n"
            case .failed:
                let text = failures.text(for: fixture) ?? "failed"
                let first = text.split(separator: "\n").first.map(String.init) ?? "failed"
                xml += "      <failure message=\"\(escape(first))\">\(escape(text))</failure>\n"
            }
            xml += "    </testcase>\n"
        }
        if !result.allowListProblems.isEmpty || result.unreachable != nil {
            xml += "    <testcase classname=\"contract\" name=\"run\">\n"
            let text = ([result.unreachable].compactMap { $0 } + result.allowListProblems).joined(separator: "\n")
            xml += "      <failure message=\"\(escape(text.split(separator: "\n").first.map(String.init) ?? ""))\">\(escape(text))</failure>\n"
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n"
        if !result.derived.isEmpty {
            xml += "  <testsuite name=\"derived\" tests=\"\(result.derived.count)\" failures=\"\(result.derivedFailed)\">\n"
            for derived in result.derived {
                xml += "    <testcase classname=\"derived.\(derived.kind.rawValue)\" name=\"\(escape(derived.name))\">\n"
                if let text = failures.text(for: derived) {
                    xml += "      <failure message=\"\(escape(derived.name))\">\(escape(text))</failure>\n"
                }
                xml += "    </testcase>\n"
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    static func classname(_ file: String) -> String {
        let folder = file.split(separator: "/").dropLast().joined(separator: ".")
        return folder.isEmpty ? "fixtures" : "fixtures." + folder
    }

    static func seconds(_ value: Double) -> String { String(format: "%.3f", value) }

    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t", "\r": out.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}": out += "?"  // not allowed in XML 1.0
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

/// A machine-readable report with stable key order.
enum JSONReport {
    static func render(_ result: RunResult, failures: FailureReport) -> String {
        var root = JSONObject()
        var summary = JSONObject()
        summary["fixtures"] = .integer(result.fixtures.count)
        summary["passed"] = .integer(result.passed)
        summary["failed"] = .integer(result.failed)
        summary["allowed"] = .integer(result.allowed)
        summary["steps"] = .integer(result.stepCount)
        summary["seconds"] = .float((result.seconds * 1000).rounded() / 1000)
        summary["derived_checks"] = .integer(result.derived.count)
        summary["derived_failed"] = .integer(result.derivedFailed)
        for (kind, count) in result.derivedCounts { summary["derived_\(kind.rawValue)"] = .integer(count) }
        summary["exit_code"] = .integer(Int(result.exitCode))
        root["summary"] = .object(summary)
        if let unreachable = result.unreachable { root["unreachable"] = .string(unreachable) }
        root["allow_list_problems"] = .array(result.allowListProblems.map(JSONValue.string))
        root["fixtures"] = .array(
            result.fixtures.map { fixture in
                var object = JSONObject()
                object["file"] = .string(fixture.file)
                object["description"] = .string(fixture.description)
                switch fixture.verdict {
                case .passed: object["status"] = "passed"
                case .failed: object["status"] = fixture.isError ? "error" : "failed"
                case .skipped(let reason):
                    object["status"] = "skipped"
                    object["reason"] = .string(reason)
                case .blocked(let by):
                    object["status"] = "blocked"
                    object["reason"] = .string(by)
                case .allowed(let reason):
                    object["status"] = "allowed"
                    object["reason"] = .string(reason)
                }
                object["steps"] = .integer(fixture.steps.count)
                object["seconds"] = .float((fixture.seconds * 1000).rounded() / 1000)
                if let step = fixture.failure, fixture.verdict != .passed {
                    var failure = JSONObject()
                    failure["step"] = .integer(step.number)
                    if let name = step.name { failure["name"] = .string(name) }
                    if let response = step.response { failure["status"] = .integer(response.status) }
                    if let error = step.error { failure["error"] = .string(failures.redact(error.description, fixture)) }
                    failure["mismatches"] = .array(
                        step.mismatches.map { mismatch in
                            var item = JSONObject([("path", .string(mismatch.place)), ("note", .string(mismatch.explanation))])
                            switch mismatch.expected {
                            case .value(let value)?: item["expected"] = failures.redact(value, fixture)
                            case .matcher(let matcher, _)?: item["expected_matcher"] = failures.redact(matcher, fixture)
                            case .statuses(let statuses)?: item["expected"] = .array(statuses.map(JSONValue.integer))
                            case .absent?: item["expected_absent"] = true
                            case nil: break
                            }
                            item["actual"] = mismatch.actual.map { failures.redact($0, fixture) } ?? .null
                            return .object(item)
                        })
                    failure["report"] = .string(failures.text(for: fixture) ?? "")
                    object["failure"] = .object(failure)
                }
                return .object(object)
            })
        root["derived"] = .array(
            result.derived.filter { !$0.passed }.map { derived in
                .object(
                    JSONObject([
                        ("name", .string(derived.name)), ("kind", .string(derived.kind.rawValue)),
                        ("report", .string(failures.text(for: derived) ?? "")),
                    ]))
            })
        return JSONWriter.pretty(.object(root)) + "\n"
    }
}

/// TAP version 13: one test point per fixture, the failure report as a YAML block.
enum TAPReport {
    static func render(_ result: RunResult, failures: FailureReport) -> String {
        var lines = ["TAP version 13", "1..\(result.fixtures.count + result.derived.count)"]
        for (index, fixture) in result.fixtures.enumerated() {
            let number = index + 1
            switch fixture.verdict {
            case .passed: lines.append("ok \(number) - \(fixture.file)")
            case .allowed(let reason): lines.append("not ok \(number) - \(fixture.file) # TODO allowed: \(reason)")
            case .skipped(let reason): lines.append("ok \(number) - \(fixture.file) # SKIP \(reason)")
            case .blocked(let by): lines.append("ok \(number) - \(fixture.file) # SKIP blocked: \(by)")
            case .failed:
                lines.append("not ok \(number) - \(fixture.file)")
                lines.append("  ---")
                lines.append("  message: |")
                for line in (failures.text(for: fixture) ?? "failed").split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append("    " + line)
                }
                lines.append("  ...")
            }
        }
        for (offset, derived) in result.derived.enumerated() {
            let number = result.fixtures.count + offset + 1
            if let text = failures.text(for: derived) {
                lines.append("not ok \(number) - \(derived.name)")
                lines.append("  ---")
                lines.append("  message: |")
                for line in text.split(separator: "\n", omittingEmptySubsequences: false) { lines.append("    " + line) }
                lines.append("  ...")
            } else {
                lines.append("ok \(number) - \(derived.name)")
            }
        }
        if let unreachable = result.unreachable { lines.append("Bail out! \(unreachable)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

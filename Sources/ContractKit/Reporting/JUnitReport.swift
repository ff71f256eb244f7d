import Foundation

/// JUnit XML as CI systems render it: a suite of fixtures and a suite of derived checks, every suite and
/// case with its time; skipped, blocked and allowed checks are `<skipped>` with their reason.
enum JUnitReport {
    static func render(_ result: RunResult, failures: FailureReport) -> String {
        let fixtures = result.fixtures.map(ReportedCheck.init), derived = result.derived.map(ReportedCheck.init)
        let all = fixtures + derived
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"contract\" tests=\"\(all.count + (problems(result).isEmpty ? 0 : 1))\""
        xml += " failures=\"\(all.filter { $0.verdict.isFailure }.count + (problems(result).isEmpty ? 0 : 1))\""
        xml += " skipped=\"\(all.filter(isSkipped).count)\" time=\"\(seconds(result.seconds))\">\n"
        xml += suite("contract", fixtures, result: result, failures: failures, extra: problems(result))
        if !derived.isEmpty { xml += suite("derived", derived, result: result, failures: failures, extra: []) }
        xml += "</testsuites>\n"
        return xml
    }

    private static func suite(_ name: String, _ checks: [ReportedCheck], result: RunResult, failures: FailureReport, extra: [String]) -> String {
        let time = checks.reduce(0) { $0 + $1.seconds }
        var xml = "  <testsuite name=\"\(name)\" tests=\"\(checks.count + (extra.isEmpty ? 0 : 1))\""
        xml += " failures=\"\(checks.filter { $0.verdict.isFailure }.count + (extra.isEmpty ? 0 : 1))\""
        xml += " skipped=\"\(checks.filter(isSkipped).count)\" time=\"\(seconds(name == "contract" ? result.seconds : time))\">\n"
        for check in checks {
            let classname = check.kind == .fixture ? classname(check.file) : "derived.\(check.derivedKind?.rawValue ?? "check")"
            xml += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(check.name))\" time=\"\(seconds(check.seconds))\">\n"
            switch check.verdict {
            case .passed: break
            case .failed:
                let text = failures.text(for: check) ?? "failed"
                let first = text.split(separator: "\n").first.map(String.init) ?? "failed"
                xml += "      <failure message=\"\(escape(first))\">\(escape(text))</failure>\n"
            case .skipped(let reason), .blocked(let reason), .allowed(let reason):
                xml += "      <skipped message=\"\(escape(check.verdict.name + ": " + failures.redact(reason, check.fixture)))\"/>\n"
            }
            xml += "    </testcase>\n"
        }
        if !extra.isEmpty {
            let text = extra.joined(separator: "\n")
            xml += "    <testcase classname=\"contract\" name=\"run\" time=\"0.000\">\n"
            xml += "      <failure message=\"\(escape(extra[0]))\">\(escape(text))</failure>\n"
            xml += "    </testcase>\n"
        }
        xml += "  </testsuite>\n"
        return xml
    }

    /// What fails the run beyond its checks: an unreachable target, fixtures that never ran, flaky ones, the allow list.
    static func problems(_ result: RunResult) -> [String] {
        var problems: [String] = []
        if let unreachable = result.unreachable { problems.append(unreachable) }
        if !result.notRun.isEmpty {
            problems.append("\(counted(result.notRun.count, "fixture")) did not run: " + result.notRun.joined(separator: ", "))
        }
        for flaky in result.flaky { problems.append("flaky: \(flaky.file) passed \(flaky.passed) of \(flaky.runs) runs") }
        return problems + result.allowListProblems
    }

    private static func isSkipped(_ check: ReportedCheck) -> Bool {
        switch check.verdict {
        case .skipped, .blocked, .allowed: return true
        case .passed, .failed: return false
        }
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
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": out += "?"  // not allowed in XML 1.0
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}

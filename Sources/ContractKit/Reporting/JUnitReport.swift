import Foundation

/// JUnit XML as CI systems render it: a suite of fixtures and a suite of derived checks, every suite and
/// case with its time; skipped, blocked and allowed checks are `<skipped>` with their reason. Rendered from
/// the JSON report, so a merged report renders as a single run's would.
enum JUnitReport {
    static func render(_ report: RunReportDocument) -> String {
        let fixtures = report.fixtures, derived = report.derived
        let all = fixtures + derived
        let problems = report.problems
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"contract\" tests=\"\(all.count + (problems.isEmpty ? 0 : 1))\""
        xml += " failures=\"\(all.filter(\.isFailure).count + (problems.isEmpty ? 0 : 1))\""
        xml += " skipped=\"\(all.filter(\.isSkipped).count)\" time=\"\(seconds(report.seconds))\">\n"
        xml += suite("contract", fixtures, time: report.seconds, extra: problems)
        if !derived.isEmpty { xml += suite("derived", derived, time: derived.reduce(0) { $0 + $1.seconds }, extra: []) }
        xml += "</testsuites>\n"
        return xml
    }

    private static func suite(_ name: String, _ checks: [RunReportDocument.Check], time: Double, extra: [String]) -> String {
        var xml = "  <testsuite name=\"\(name)\" tests=\"\(checks.count + (extra.isEmpty ? 0 : 1))\""
        xml += " failures=\"\(checks.filter(\.isFailure).count + (extra.isEmpty ? 0 : 1))\""
        xml += " skipped=\"\(checks.filter(\.isSkipped).count)\" time=\"\(seconds(time))\">\n"
        for check in checks {
            let classname = check.kind == "fixture" ? classname(check.file) : "derived.\(check.derivedKind ?? "check")"
            xml += "    <testcase classname=\"\(escape(classname))\" name=\"\(escape(check.name))\" time=\"\(seconds(check.seconds))\">\n"
            if check.isFailure {
                let text = check.report.flatMap { $0.isEmpty ? nil : $0 } ?? "failed"
                let first = text.split(separator: "\n").first.map(String.init) ?? "failed"
                xml += "      <failure message=\"\(escape(first))\">\(escape(text))</failure>\n"
            } else if check.isSkipped {
                xml += "      <skipped message=\"\(escape(check.verdict + ": " + (check.reason ?? "")))\"/>\n"
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

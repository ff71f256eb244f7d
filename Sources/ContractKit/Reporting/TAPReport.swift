/// TAP version 13: one test point per fixture and per derived check, the failure report as a YAML block;
/// skipped, blocked and allowed checks carry `# SKIP` (allowed: `# TODO`) with their reason.
enum TAPReport {
    static func render(_ report: RunReportDocument) -> String {
        let checks = report.checks
        var lines = ["TAP version 13", "1..\(checks.count)"]
        for (index, check) in checks.enumerated() {
            let number = index + 1
            switch check.verdict {
            case "passed": lines.append("ok \(number) - \(check.name)")
            case "skipped", "blocked": lines.append("ok \(number) - \(check.name) # SKIP \(check.verdict): \(check.reason ?? "")")
            case "allowed": lines.append("not ok \(number) - \(check.name) # TODO allowed: \(check.reason ?? "")")
            default:
                lines.append("not ok \(number) - \(check.name)")
                lines.append("  ---")
                lines.append("  message: |")
                for line in (check.report.flatMap { $0.isEmpty ? nil : $0 } ?? "failed").split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append("    " + line)
                }
                lines.append("  ...")
            }
        }
        for problem in report.problems where problem != report.unreachable { lines.append("# \(problem)") }
        if let unreachable = report.unreachable { lines.append("Bail out! \(unreachable)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// TAP version 13: one test point per fixture and per derived check, the failure report as a YAML block;
/// skipped, blocked and allowed checks carry `# SKIP` (allowed: `# TODO`) with their reason.
enum TAPReport {
    static func render(_ result: RunResult, failures: FailureReport) -> String {
        let checks = result.checks
        var lines = ["TAP version 13", "1..\(checks.count)"]
        for (index, check) in checks.enumerated() {
            let number = index + 1
            switch check.verdict {
            case .passed: lines.append("ok \(number) - \(check.name)")
            case .skipped(let reason), .blocked(let reason):
                lines.append("ok \(number) - \(check.name) # SKIP \(check.verdict.name): \(failures.redact(reason, check.fixture))")
            case .allowed(let reason): lines.append("not ok \(number) - \(check.name) # TODO allowed: \(reason)")
            case .failed:
                lines.append("not ok \(number) - \(check.name)")
                lines.append("  ---")
                lines.append("  message: |")
                for line in (failures.text(for: check) ?? "failed").split(separator: "\n", omittingEmptySubsequences: false) {
                    lines.append("    " + line)
                }
                lines.append("  ...")
            }
        }
        for problem in JUnitReport.problems(result) where problem != result.unreachable { lines.append("# \(problem)") }
        if let unreachable = result.unreachable { lines.append("Bail out! \(unreachable)") }
        return lines.joined(separator: "\n") + "\n"
    }
}

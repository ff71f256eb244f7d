import Foundation
import Locking

/// The terminal report: a live progress line on a TTY, each failure in full, and a summary.
/// Colour only on a TTY and never when `NO_COLOR` is set.
public final class HumanReporter: Reporter {
    /// How much it says: failures and the summary only, or also each fixture and its steps.
    public enum Verbosity: Sendable {
        case quiet, normal, verbose
    }

    /// How far the run is, as the progress line shows it.
    private struct Progress {
        var total = 0
        var done = 0
        var failed = 0
        var derivedTotal = 0
        var derivedDone = 0
        var derivedFailed = 0
        var shown = false
    }

    /// A file to write to, or nil for the console's stream.
    private let output: FileHandle?
    private let stream: Console.Stream
    private let colour: Bool
    private let progress: Bool
    private let failures: FailureReport
    private let verbosity: Verbosity
    /// Held while writing, so lines from concurrent fixtures never interleave.
    private let state = Locked(Progress())

    /// Writes to the console (standard output or error, or what a test captures).
    public init(
        stream: Console.Stream = .output, showSecrets: Bool = false, verbosity: Verbosity = .normal,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.verbosity = verbosity
        self.output = nil
        self.stream = stream
        let tty = Console.capture == nil && isatty(stream == .output ? STDOUT_FILENO : STDERR_FILENO) != 0
        colour = tty && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        progress = tty && environment["CI"] == nil
        failures = FailureReport(showSecrets: showSecrets)
    }

    public init(output: FileHandle, showSecrets: Bool = false, environment: [String: String] = ProcessInfo.processInfo.environment) {
        verbosity = .normal
        self.output = output
        stream = .output
        let tty = isatty(output.fileDescriptor) != 0
        colour = tty && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        progress = tty && environment["CI"] == nil
        failures = FailureReport(showSecrets: showSecrets)
    }

    /// A line of its own before the run (what the run will do differently).
    public func note(_ line: String) {
        guard verbosity != .quiet else { return }
        state.withLock { _ in write(line + "\n") }
    }

    public func runStarted(fixtureCount: Int, target: String) {
        state.withLock { state in
            state.total = fixtureCount
            if verbosity != .quiet { write("Running \(fixtureCount) fixture\(fixtureCount == 1 ? "" : "s") against \(target)\n") }
        }
    }

    public func fixtureFinished(_ result: FixtureResult) {
        state.withLock { state in
            state.done += 1
            if let text = failures.text(for: result), result.verdict.isFailure {
                state.failed += 1
                clearProgress(&state)
                write(paint("✘ FAIL ", 31) + text + "\n\n")
            } else if case .allowed(let reason) = result.verdict {
                clearProgress(&state)
                write(paint("~ ALLOWED ", 33) + "\(result.file): \(reason)\n")
            }
            if verbosity == .verbose {
                clearProgress(&state)
                write(stepLines(result))
            }
            showProgress(&state)
        }
    }

    public func derivedStarted(count: Int) {
        state.withLock { state in
            state.derivedTotal = count
            showProgress(&state)
        }
    }

    public func derivedFinished(_ results: [DerivedResult]) {
        state.withLock { state in
            state.derivedDone += results.count
            state.derivedFailed += results.filter { $0.verdict.isFailure }.count
            if verbosity == .verbose {
                clearProgress(&state)
                for result in results {
                    let mark = result.verdict == .passed ? paint("✔", 32) : result.verdict.isFailure ? paint("✘", 31) : paint("-", 33)
                    write("\(mark) \(result.name): \(result.verdict.name)\n")
                }
            }
            showProgress(&state)
        }
    }

    /// `✔ agents/create.json: 3 steps in 0.02 s`, then one line per step with its request, status and time.
    private func stepLines(_ result: FixtureResult) -> String {
        let mark = result.verdict == .passed ? paint("✔", 32) : result.verdict.isFailure ? paint("✘", 31) : paint("-", 33)
        var text = "\(mark) \(result.file): \(counted(result.steps.count, "step")) in \(String(format: "%.2f s", result.seconds))\n"
        for step in result.steps {
            let request = step.request.map { "\($0.method.rawValue) \(failures.redact($0.target, result))" } ?? "(no request)"
            let status = step.response.map { "\($0.status)" } ?? step.error.map { failures.redact($0.description, result) } ?? "no answer"
            let name = step.name.map { " \($0)" } ?? ""
            text += "    \(step.passed ? " " : paint("✘", 31)) \(step.number)\(name): \(request) → \(status)"
            text += String(format: " (%.0f ms)\n", step.seconds * 1000)
        }
        return text
    }

    /// `[129/129] all passing · derived [50/204]` on a terminal.
    private func showProgress(_ state: inout Progress) {
        guard progress else { return }
        let failed = state.failed + state.derivedFailed
        var line = "[\(state.done)/\(state.total)] " + (failed > 0 ? paint("\(failed) failed", 31) : paint("all passing", 32))
        if state.derivedTotal > 0 { line += " · derived [\(state.derivedDone)/\(state.derivedTotal)]" }
        write("\r\u{1B}[2K" + line)
        state.shown = true
    }

    public func runFinished(_ result: RunResult) {
        state.withLock { clearProgress(&$0) }
        for derived in result.derived {
            if let text = failures.text(for: derived) { write(paint("✘ FAIL ", 31) + text + "\n\n") }
        }
        for (reason, group) in Self.grouped(result.derivedSkipped, by: { $0.verdict.reason ?? "" }) where verbosity != .quiet {
            write(
                paint("- SKIPPED ", 33) + "\(counted(group.count, "derived check")): \(failures.redact(reason, ReportedCheck(group[0]).fixture))"
                    + " (" + Self.kindCounts(group) + ")\n")
        }
        for (origin, group) in Self.grouped(result.derivedBlocked, by: \.origin) where verbosity != .quiet {
            write(paint("- BLOCKED ", 33) + "\(counted(group.count, "derived check")) of \(origin): \(group[0].verdict.reason ?? "")\n")
        }
        for flaky in result.flaky { write(paint("✘ FLAKY ", 31) + "\(flaky.file) passed \(flaky.passed) of \(flaky.runs) runs\n") }
        for note in result.notes where verbosity != .quiet { write(paint("· NOTE ", 2) + note + "\n") }
        for problem in result.allowListProblems { write(paint("✘ ", 31) + problem + "\n") }
        if let unreachable = result.unreachable { write(paint("Error: ", 31) + unreachable + "\n") }
        if !result.notRun.isEmpty {
            let why = result.unreachable != nil ? "the target went away" : "--fail-fast stopped the run"
            write(
                paint("✘ ", 31) + "\(counted(result.notRun.count, "fixture")) did not run (\(why)): " + result.notRun.joined(separator: ", ") + "\n")
        }
        var parts = ["\(result.passed) passed"]
        if result.failed > 0 { parts.append(paint("\(result.failed) failed", 31)) }
        if result.allowed > 0 { parts.append(paint("\(result.allowed) allowed", 33)) }
        if !result.notRun.isEmpty { parts.append(paint("\(result.notRun.count) not run", 31)) }
        if !result.flaky.isEmpty { parts.append(paint("\(result.flaky.count) flaky", 31)) }
        let verdict = result.exitCode == 0 ? paint("✔ ", 32) : paint("✘ ", 31)
        var line = parts.joined(separator: ", ") + " — " + counted(result.fixtures.count, "fixture") + ", " + counted(result.stepCount, "step")
        if !result.derived.isEmpty {
            line += "; derived checks: \(result.derivedPassed) passed"
            if result.derivedFailed > 0 { line += ", " + paint("\(result.derivedFailed) failed", 31) }
            if !result.derivedSkipped.isEmpty { line += ", " + paint("\(result.derivedSkipped.count) skipped", 33) }
            if !result.derivedBlocked.isEmpty { line += ", " + paint("\(result.derivedBlocked.count) blocked", 33) }
            line += " (" + Self.kindCounts(result.derived) + ")"
        }
        if result.provisioning.accounts + result.provisioning.failures > 0 && verbosity != .quiet {
            write(Self.provisioningLine(result.provisioning) + "\n")
        }
        write(verdict + line + " in " + String(format: "%.2f s", result.seconds) + "\n")
    }

    /// `Accounts: 212 provisioned, their requests 38.1 s in all`: on a target that hashes slowly, the run's cost.
    static func provisioningLine(_ summary: ProvisioningSummary) -> String {
        var line = "Accounts: \(summary.accounts) provisioned"
        if summary.failures > 0 { line += ", \(summary.failures) failed to provision" }
        return line + String(format: ", their requests %.1f s in all", summary.seconds)
    }

    /// `auth 84, ownership 8, validation 112`.
    static func kindCounts(_ results: [DerivedResult]) -> String {
        DerivedKind.allCases.compactMap { kind in
            let count = results.filter { $0.kind == kind }.count
            return count > 0 ? "\(kind.rawValue) \(count)" : nil
        }.joined(separator: ", ")
    }

    /// Results grouped by a key, groups in order of first appearance.
    static func grouped(_ results: [DerivedResult], by key: (DerivedResult) -> String) -> [(String, [DerivedResult])] {
        var order: [String] = []
        var groups: [String: [DerivedResult]] = [:]
        for result in results {
            let value = key(result)
            if groups[value] == nil { order.append(value) }
            groups[value, default: []].append(result)
        }
        return order.map { ($0, groups[$0] ?? []) }
    }

    private func clearProgress(_ state: inout Progress) {
        if state.shown {
            write("\r\u{1B}[2K")
            state.shown = false
        }
    }

    private func paint(_ text: String, _ code: Int) -> String {
        colour ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    private func write(_ text: String) {
        if let output { output.write(Data(text.utf8)) } else { Console.write(text, to: stream) }
    }
}

/// "1 fixture", "2 fixtures".
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)" + (count == 1 ? "" : "s") }

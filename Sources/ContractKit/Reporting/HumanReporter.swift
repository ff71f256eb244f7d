import Foundation
import Locking

/// The terminal report: a live progress line on a TTY, each failure in full, and a summary.
/// Colour only on a TTY and never when `NO_COLOR` is set.
public final class HumanReporter: Reporter {
    /// How far the run is, as the progress line shows it.
    private struct Progress {
        var total = 0
        var done = 0
        var failed = 0
        var shown = false
    }

    private let output: FileHandle
    private let colour: Bool
    private let progress: Bool
    private let failures: FailureReport
    /// Held while writing, so lines from concurrent fixtures never interleave.
    private let state = Locked(Progress())

    public init(
        output: FileHandle = .standardOutput, showSecrets: Bool = false,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.output = output
        let tty = isatty(output.fileDescriptor) != 0
        colour = tty && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb"
        progress = tty && environment["CI"] == nil
        failures = FailureReport(showSecrets: showSecrets)
    }

    public func runStarted(fixtureCount: Int, target: String) {
        state.withLock { state in
            state.total = fixtureCount
            write("Running \(fixtureCount) fixture\(fixtureCount == 1 ? "" : "s") against \(target)\n")
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
            if progress {
                let line = "[\(state.done)/\(state.total)] " + (state.failed > 0 ? paint("\(state.failed) failed", 31) : paint("all passing", 32))
                write("\r\u{1B}[2K" + line)
                state.shown = true
            }
        }
    }

    public func runFinished(_ result: RunResult) {
        state.withLock { clearProgress(&$0) }
        if let unreachable = result.unreachable {
            write(paint("Error: ", 31) + unreachable + "\n")
            return
        }
        for derived in result.derived {
            if let text = failures.text(for: derived) { write(paint("✘ FAIL ", 31) + text + "\n\n") }
        }
        for problem in result.allowListProblems { write(paint("✘ ", 31) + problem + "\n") }
        var parts = ["\(result.passed) passed"]
        if result.failed > 0 { parts.append(paint("\(result.failed) failed", 31)) }
        if result.allowed > 0 { parts.append(paint("\(result.allowed) allowed", 33)) }
        let verdict = result.exitCode == 0 ? paint("✔ ", 32) : paint("✘ ", 31)
        var line = parts.joined(separator: ", ") + " — " + counted(result.fixtures.count, "fixture") + ", " + counted(result.stepCount, "step")
        if !result.derived.isEmpty {
            let counts = result.derivedCounts.map { "\($0.kind.rawValue) \($0.count)" }.joined(separator: ", ")
            line +=
                "; derived checks: \(result.derived.count - result.derivedFailed) passed"
                + (result.derivedFailed > 0 ? ", " + paint("\(result.derivedFailed) failed", 31) : "") + " (\(counts))"
        }
        write(verdict + line + " in " + String(format: "%.2f s", result.seconds) + "\n")
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

    private func write(_ text: String) { output.write(Data(text.utf8)) }
}

/// "1 fixture", "2 fixtures".
func counted(_ count: Int, _ noun: String) -> String { "\(count) \(noun)" + (count == 1 ? "" : "s") }

import Foundation

/// Writes a report file (or standard output, for path `-`) when the run ends; `render` builds its text.
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

    /// Whether the report goes to standard output (then the human report moves to standard error).
    public var toStandardOutput: Bool { path == "-" }

    /// Why the report could not be written where asked, checked before the run so a long run never ends
    /// without its report; nil when the place is writable.
    public func problemWithPath() -> String? {
        guard !toStandardOutput else { return nil }
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            return "the \(kind.rawValue) report path \(path) is a folder"
        }
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            return "no folder \(folder) for the \(kind.rawValue) report"
        }
        guard FileManager.default.isWritableFile(atPath: folder) else { return "cannot write the \(kind.rawValue) report into \(folder)" }
        return nil
    }

    public func runStarted(fixtureCount: Int, target: String) {}
    public func fixtureFinished(_ result: FixtureResult) {}

    public func runFinished(_ result: RunResult) {
        let text = render(result)
        if toStandardOutput {
            Console.write(text)
        } else if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
            Console.printError("Error: cannot write the \(kind.rawValue) report to \(path)")
        }
    }

    public func render(_ result: RunResult) -> String {
        let failures = FailureReport(showSecrets: showSecrets)
        switch kind {
        case .junit: return JUnitReport.render(result, failures: failures)
        case .json: return JSONReport.render(result, failures: failures)
        case .tap: return TAPReport.render(result, failures: failures)
        }
    }
}

import Foundation
import JSONCore

/// Writes a report file (or standard output, for path `-`) when the run ends; `render` builds its text.
public struct FileReporter: Reporter {
    public enum Kind: String, Sendable, CaseIterable {
        case junit, json, tap, html
    }

    public let kind: Kind
    public let path: String
    public let showSecrets: Bool
    /// The suite's coverage, for the HTML report's heat map (nil: no heat map).
    public var coverage: CoverageReport?

    public init(kind: Kind, path: String, showSecrets: Bool = false, coverage: CoverageReport? = nil) {
        self.kind = kind
        self.path = path
        self.showSecrets = showSecrets
        self.coverage = coverage
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

    public func runFinished(_ result: RunResult) { write(render(result)) }

    /// Writes the rendered report to its path (or standard output).
    public func write(_ text: String) {
        if toStandardOutput {
            Console.write(text)
        } else if !FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) {
            Console.printError("Error: cannot write the \(kind.rawValue) report to \(path)")
        }
    }

    public func render(_ result: RunResult) -> String {
        let json = JSONReport.document(result, failures: FailureReport(showSecrets: showSecrets))
        guard kind != .json else { return JSONWriter.pretty(json) + "\n" }
        // Every other kind renders from the JSON report, as `contract report merge` does.
        guard let document = try? RunReportDocument(json: json, file: "report") else { return "" }
        return render(document)
    }

    /// The report of an already written (or merged) JSON report; `coverage` adds the heat map to HTML.
    public func render(_ document: RunReportDocument, coverage: CoverageReport? = nil) -> String {
        switch kind {
        case .junit: return JUnitReport.render(document)
        case .json: return JSONWriter.pretty(document.json) + "\n"
        case .tap: return TAPReport.render(document)
        case .html: return HTMLReport.render(document, coverage: coverage ?? self.coverage)
        }
    }
}

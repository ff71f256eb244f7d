import HTTPCore
import JSONCore

/// The text that explains a failed fixture: file and step, the request as curl, status, and each
/// differing JSON path with both values. Shared by every report format and by the test helpers.
public struct FailureReport: Sendable {
    public let showSecrets: Bool

    public init(showSecrets: Bool = false) { self.showSecrets = showSecrets }

    public func text(for result: FixtureResult) -> String? {
        guard let step = result.failure else {
            if case .allowed = result.verdict { return nil }
            return result.verdict == .passed ? nil : "\(result.file): failed"
        }
        var lines: [String] = []
        let stepName = step.name.map { " (\($0))" } ?? ""
        lines.append("\(result.file) step \(step.number)\(stepName)")
        lines.append("  \(result.description)")
        if let request = step.request {
            if step.transcript.isEmpty {
                lines.append("  " + redact(Curl.line(for: request, baseURL: result.targetURL), result))
            } else {
                let base = result.targetURL.hasPrefix("http") ? result.targetURL.replacingOccurrences(of: "http", with: "ws") : "ws://localhost"
                lines.append("  " + redact("websocket \(base)\(request.target)", result))
                for line in step.transcript { lines.append("    " + shortened(redact(line, result))) }
            }
        }
        if let error = step.error {
            lines.append("  error: " + redact(error.description, result))
        }
        let statusDiffers = step.mismatches.contains { $0.isStatus }
        if let response = step.response {
            if statusDiffers {
                let expected = step.expectedStatuses.map { $0.map(String.init).joined(separator: " or ") } ?? "any"
                lines.append("  status: expected \(expected), got \(response.status)")
            } else {
                lines.append("  status: \(response.status), as expected")
            }
        }
        // With another status the body is another kind of answer: its field-by-field differences would only bury the point.
        let hidden = statusDiffers ? step.mismatches.filter(\.isInBody) : []
        for mismatch in step.mismatches where !mismatch.isStatus && !(statusDiffers && mismatch.isInBody) {
            lines.append("  \(mismatch.place): \(mismatch.explanation)")
            if let expected = mismatch.expectedText { lines.append("    - expected: " + shortened(redact(expected, result))) }
            lines.append("    + actual:   " + shortened(redact(mismatch.actualText, result)))
        }
        if !hidden.isEmpty {
            lines.append("  (\(counted(hidden.count, "difference")) in the body not listed: with another status the body is another answer)")
        }
        if let response = step.response, statusDiffers || step.mismatches.isEmpty {
            let body = String(decoding: response.body, as: UTF8.self)
            if !body.isEmpty { lines.append("  body: " + shortened(redact(body, result), limit: 600)) }
        }
        return lines.joined(separator: "\n")
    }

    /// A long value cut for reading, with its full length; the JSON report keeps it whole.
    func shortened(_ text: String, limit: Int = 300) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "… (\(text.count) characters in all)"
    }

    /// The report of a failed derived check, named after its origin step.
    public func text(for derived: DerivedResult) -> String? {
        guard derived.verdict.isFailure else { return nil }
        return text(for: ReportedCheck(derived))
    }

    /// The report of any check that failed: a fixture's, or a derived check's under its own name.
    public func text(for check: ReportedCheck) -> String? {
        guard check.verdict.isFailure, let text = text(for: check.fixture) else { return nil }
        guard check.kind == .derived else { return text }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !lines.isEmpty { lines[0] = check.name }
        return lines.joined(separator: "\n")
    }

    /// `redact` for every string of a JSON value.
    public func redact(_ value: JSONValue, _ result: FixtureResult) -> JSONValue {
        showSecrets ? value : result.secrets.masked(value)
    }

    /// Masks every secret of the fixture out of `text`.
    public func redact(_ text: String, _ result: FixtureResult) -> String {
        showSecrets ? text : result.secrets.masked(text)
    }
}

/// A request as a copy-pasteable curl command.
public enum Curl {
    public static func line(for request: HTTPRequest, baseURL: String) -> String {
        var base = baseURL.hasPrefix("http") ? baseURL : "http://localhost"
        while base.hasSuffix("/") { base.removeLast() }
        var parts = ["curl -sS -i -X \(request.method.rawValue)", quote(base + request.target)]
        for (name, value) in request.headers { parts.append("-H " + quote("\(name): \(value)")) }
        if !request.body.isEmpty {
            if let text = String(validating: request.body, as: UTF8.self), !text.contains("\0") {
                parts.append("--data-raw " + quote(text))
            } else {
                parts.append("--data-binary @- <<< " + quote("(\(request.body.count) bytes)"))
            }
        }
        return parts.joined(separator: " ")
    }

    /// Single-quoted for POSIX shells.
    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}

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
        for mismatch in step.mismatches where !mismatch.isStatus {
            lines.append("  \(mismatch.place): \(mismatch.explanation)")
            if let expected = mismatch.expectedText { lines.append("    - expected: " + shortened(redact(expected, result))) }
            lines.append("    + actual:   " + shortened(redact(mismatch.actualText, result)))
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
        let pseudo = FixtureResult(
            file: derived.origin, description: "derived from step \(derived.originStep): \(derived.kind.rawValue) — \(derived.title)",
            tags: [], verdict: .failed, steps: [derived.outcome], secrets: derived.secrets, seconds: 0,
            targetURL: derived.targetURL)
        guard let text = self.text(for: pseudo) else { return nil }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if !lines.isEmpty { lines[0] = derived.name + (derived.originStepName.map { " (origin: \($0))" } ?? "") }
        return lines.joined(separator: "\n")
    }

    /// `redact` for every string of a JSON value.
    public func redact(_ value: JSONValue, _ result: FixtureResult) -> JSONValue {
        switch value {
        case .string(let text): return .string(redact(text, result))
        case .array(let items): return .array(items.map { redact($0, result) })
        case .object(let object): return .object(JSONObject(object.map { (redact($0.key, result), redact($0.value, result)) }))
        default: return value
        }
    }

    /// Blanks every password and token of the fixture's actors out of `text`.
    public func redact(_ text: String, _ result: FixtureResult) -> String {
        guard !showSecrets else { return text }
        var redacted = text
        for secret in result.secrets.sorted(by: { $0.count > $1.count }) where secret.count >= 4 {
            redacted = redacted.replacingOccurrences(of: secret, with: "***")
        }
        return redacted
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

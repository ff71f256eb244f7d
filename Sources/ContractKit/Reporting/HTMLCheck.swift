import JSONCore

/// One fixture or derived check in the HTML report: a summary line, its steps as a timeline, and for a
/// failure the request as curl with the expected and the actual answer side by side, differing paths marked.
struct HTMLCheck {
    let check: RunReportDocument.Check

    func html() -> String {
        let escape = HTMLReport.escape
        var html = "<details class=\"check\" data-verdict=\"\(escape(check.verdict))\" data-folder=\"\(escape(HTMLReport.folder(check.file)))\""
        html += " data-tags=\"\(escape(check.tags.joined(separator: " ")))\" data-name=\"\(escape(check.name))\"\(check.isFailure ? " open" : "")>\n"
        let steps = check.timeline.count
        html +=
            "<summary><span class=\"badge \(escape(check.verdict))\">\(escape(check.verdict))</span><span class=\"name\">\(escape(check.name))</span>"
        html += "<span class=\"secs\">\(steps) step\(steps == 1 ? "" : "s") · \(Int((check.seconds * 1000).rounded())) ms</span></summary>\n"
        html += "<div class=\"body\">\n<p>\(escape(check.description))</p>\n"
        if let reason = check.reason { html += "<p class=\"\(escape(check.verdict))\">\(escape(check.verdict)): \(escape(reason))</p>\n" }
        html += timeline()
        if check.isFailure, case .object(let step)? = check.raw["step"] { html += failure(step) }
        return html + "</div>\n</details>\n"
    }

    /// Each step: number, actor, request, status against the expected ones, and its time as a bar.
    func timeline() -> String {
        let entries = check.timeline
        guard !entries.isEmpty else { return "" }
        let escape = HTMLReport.escape
        let longest = max(0.001, entries.compactMap { $0["seconds"]?.numberValue?.double }.max() ?? 0.001)
        var html = "<table class=\"timeline\"><tr><th>#</th><th>as</th><th>request</th><th>status</th><th>expected</th><th>time</th></tr>\n"
        for entry in entries {
            let passed = entry["passed"]?.boolValue ?? false
            let seconds = entry["seconds"]?.numberValue?.double ?? 0
            let request = [entry["method"]?.stringValue, entry["target"]?.stringValue].compactMap { $0 }.joined(separator: " ")
            let status = entry["status"]?.numberValue?.int64.map(String.init) ?? "none"
            let expected =
                entry["expected_statuses"]?.arrayValue?.compactMap { $0.numberValue?.int64.map(String.init) }.joined(separator: " or ") ?? ""
            html += "<tr><td>\(entry["number"]?.numberValue?.int64 ?? 0)</td><td>\(escape(entry["actor"]?.stringValue ?? "—"))</td>"
            html += "<td><code>\(escape(request))</code>"
            if let name = entry["name"]?.stringValue { html += "<br><span class=\"secs\">\(escape(name))</span>" }
            html += "</td><td><span class=\"status \(passed ? "passed" : "failed")\">\(escape(status))</span></td><td>\(escape(expected))</td>"
            let width = max(1, Int((seconds / longest * 120).rounded()))
            html +=
                "<td><div class=\"bar\" style=\"width:\(width)px\"></div><span class=\"secs\">\(Int((seconds * 1000).rounded())) ms</span></td></tr>\n"
        }
        return html + "</table>\n"
    }

    /// The deciding step: curl, then what was expected at each differing place beside the actual answer.
    func failure(_ step: JSONObject) -> String {
        let escape = HTMLReport.escape
        var html = ""
        if let curl = step["request"]?["curl"]?.stringValue { html += "<pre>\(escape(curl))</pre>\n" }
        if let error = step["error"]?.stringValue { html += "<p class=\"failed\">\(escape(error))</p>\n" }
        let all = step["mismatches"]?.arrayValue?.compactMap(\.objectValue) ?? []
        // With another status the body is another answer: its key-by-key differences would bury the point
        // (the terminal report says the same).
        let statusDiffers = all.contains { $0["place"]?.stringValue == "status" }
        let inBody: (JSONObject) -> Bool = { ($0["place"]?.stringValue).map { $0.hasPrefix("$") || $0 == "body" } ?? false }
        let mismatches = statusDiffers ? all.filter { !inBody($0) } : all
        html += "<div class=\"sides\"><div><h4>Expected</h4><table class=\"diff\">\n"
        for mismatch in mismatches {
            html += "<tr><td class=\"place\">\(escape(mismatch["place"]?.stringValue ?? ""))</td>"
            html += "<td>\(escape(Self.expectedText(mismatch["expected"])))</td></tr>\n"
            html += "<tr><td></td><td class=\"secs\">\(escape(mismatch["explanation"]?.stringValue ?? ""))</td></tr>\n"
        }
        let hidden = all.count - mismatches.count
        if hidden > 0 {
            let count = hidden == 1 ? "1 difference" : "\(hidden) differences"
            html += "<tr><td></td><td class=\"secs\">(\(count) in the body not listed: with another status the body is another answer)</td></tr>\n"
        }
        html += "</table></div><div><h4>Actual: \(step["status"]?.numberValue?.int64.map(String.init) ?? "no answer")</h4>"
        let marked = Set(mismatches.compactMap { $0["place"]?.stringValue })
        if let body = step["body"], body != .null {
            html += "<pre>" + (body.stringValue.map(escape) ?? Self.pretty(body, path: .root, marked: marked, indent: 0)) + "</pre>"
        }
        html += "</div></div>\n"
        if let report = check.report, !report.isEmpty {
            html += "<details><summary>as the terminal printed it</summary><pre>\(escape(report))</pre></details>\n"
        }
        return html
    }

    static func expectedText(_ expected: JSONValue?) -> String {
        guard let expected, case .object(let object) = expected else { return "—" }
        if let value = object["value"] { return JSONWriter.compact(value) }
        if let summary = object["summary"]?.stringValue { return summary }
        if let statuses = object["statuses"]?.arrayValue { return statuses.map(JSONWriter.compact).joined(separator: " or ") }
        if object["absent"] != nil { return "(absent)" }
        return JSONWriter.compact(expected)
    }

    /// JSON indented two spaces per level, escaped for HTML, with every member or item whose path is in
    /// `marked` wrapped in `<mark>`.
    static func pretty(_ value: JSONValue, path: JSONPath, marked: Set<String>, indent: Int) -> String {
        let pad = String(repeating: "  ", count: indent + 1), close = String(repeating: "  ", count: indent)
        switch value {
        case .object(let object) where !object.isEmpty:
            let members = object.map { key, member -> String in
                let inner = path.appending(key)
                let text =
                    pad + HTMLReport.escape(JSONWriter.compact(.string(key))) + ": " + pretty(member, path: inner, marked: marked, indent: indent + 1)
                return marked.contains(inner.description) ? "<mark>\(text)</mark>" : text
            }
            return "{\n" + members.joined(separator: ",\n") + "\n" + close + "}"
        case .array(let items) where !items.isEmpty:
            let lines = items.enumerated().map { index, item -> String in
                let inner = path.appending(index)
                let text = pad + pretty(item, path: inner, marked: marked, indent: indent + 1)
                return marked.contains(inner.description) ? "<mark>\(text)</mark>" : text
            }
            return "[\n" + lines.joined(separator: ",\n") + "\n" + close + "]"
        default:
            return HTMLReport.escape(JSONWriter.compact(value))
        }
    }
}

import JSONCore

/// The ownership matrix of the HTML report: for each route the derived checks touched, who sent the
/// request (the owner, another user, no one, a forged token) and what was expected and answered, one
/// coloured cell each, so a broken rule shows as a red cell in a green grid.
struct HTMLOwnershipMatrix {
    let report: RunReportDocument

    /// The columns: who asks, and which checks answer for it.
    enum Column: String, CaseIterable {
        case owner = "the owner"
        case anotherUser = "another user"
        case noCredentials = "no credentials"
        case forgedToken = "a forged token"
    }

    /// What one cell sums up: verdicts, expected and actual statuses, and how many checks.
    struct Cell {
        var verdicts: [String] = []
        var expected = Set<Int>()
        var actual = Set<Int>()

        var verdict: String {
            if verdicts.contains("failed") { return "failed" }
            if !verdicts.isEmpty && verdicts.allSatisfy({ $0 == "passed" }) { return "passed" }
            return verdicts.isEmpty ? "empty" : "skipped"
        }

        mutating func add(_ verdict: String, _ entry: JSONObject?) {
            verdicts.append(verdict)
            for status in entry?["expected_statuses"]?.arrayValue ?? [] { if let value = status.numberValue?.int64 { expected.insert(Int(value)) } }
            if let status = entry?["status"]?.numberValue?.int64 { actual.insert(Int(status)) }
        }
    }

    func cells() -> [(route: String, cells: [Column: Cell])] {
        var rows: [String: [Column: Cell]] = [:]
        let fixtures = Dictionary(report.fixtures.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        var origins = Set<String>()
        for check in report.derived {
            guard let route = check.route, let kind = check.derivedKind, kind != "validation" else { continue }
            // A credential the contract accepts (a token without exp) acts as the owner; other forgeries are refused.
            let accepted =
                check.timeline.first?["expected_statuses"]?.arrayValue?.contains { ($0.numberValue?.int64).map { (200..<300).contains($0) } ?? false }
                ?? false
            let column: Column =
                kind == "ownership" ? .anotherUser : check.name.hasSuffix("— no credentials") ? .noCredentials : accepted ? .owner : .forgedToken
            rows[route, default: [:]][column, default: Cell()].add(check.verdict, check.timeline.first)
            // The owner's column: the fixture step the checks were derived from, as the fixture ran it.
            guard let step = check.raw["origin_step"]?.numberValue?.int64, origins.insert("\(check.file) \(step)").inserted,
                let fixture = fixtures[check.file], let entry = fixture.timeline.first(where: { $0["number"]?.numberValue?.int64 == step })
            else { continue }
            rows[route, default: [:]][.owner, default: Cell()].add((entry["passed"]?.boolValue ?? false) ? "passed" : "failed", entry)
        }
        return rows.sorted { lhs, rhs in
            let (a, b) = (Self.split(lhs.key), Self.split(rhs.key))
            return (a.path, a.method) < (b.path, b.method)
        }.map { ($0.key, $0.value) }
    }

    static func split(_ route: String) -> (method: String, path: String) {
        (String(route.prefix { $0 != " " }), String(route.drop { $0 != " " }.dropFirst()))
    }

    func section() -> String {
        let rows = cells()
        guard !rows.isEmpty else { return "" }
        let escape = HTMLReport.escape
        var html = "<section id=\"ownership\">\n<h2>Ownership matrix</h2>\n"
        html += "<p class=\"legend\">Each cell: the statuses expected and answered when that requester calls the route. "
        html += "<span class=\"passed\">held</span><span class=\"failed\">broken</span><span class=\"skipped\">skipped</span>"
        html += "<span class=\"none\">not checked</span></p>\n<table class=\"matrix\"><tr><th>route</th>"
        for column in Column.allCases { html += "<th>\(column.rawValue)</th>" }
        html += "</tr>\n"
        for (route, cells) in rows {
            html += "<tr><td class=\"route\">\(escape(route))</td>"
            for column in Column.allCases {
                guard let cell = cells[column] else {
                    html += "<td class=\"empty\">—</td>"
                    continue
                }
                let expected = cell.expected.sorted().map(String.init).joined(separator: "/")
                let actual = cell.actual.sorted().map(String.init).joined(separator: "/")
                html += "<td class=\"\(cell.verdict)\" title=\"\(cell.verdicts.count) check\(cell.verdicts.count == 1 ? "" : "s")\">"
                html += "expected \(expected.isEmpty ? "—" : expected) · got \(actual.isEmpty ? "none" : actual)"
                html += "<br><span class=\"secs\">\(cell.verdicts.count) check\(cell.verdicts.count == 1 ? "" : "s")"
                let failed = cell.verdicts.filter { $0 == "failed" }.count
                if failed > 0 { html += ", \(failed) broken" }
                html += "</span></td>"
            }
            html += "</tr>\n"
        }
        return html + "</table>\n</section>\n"
    }
}

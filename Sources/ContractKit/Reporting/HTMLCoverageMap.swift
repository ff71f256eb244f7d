/// The coverage table of `contract coverage` as a heat map: a row per rule, a column per fixture folder
/// (and one for derived checks), each cell shaded by how many fixtures of that folder cover the rule;
/// a rule nobody covers is red, one no test can observe grey.
struct HTMLCoverageMap {
    let coverage: CoverageReport

    func section() -> String {
        let escape = HTMLReport.escape
        let folders = Set(coverage.rows.flatMap { $0.fixtures.map(HTMLReport.folder) }).sorted()
        let covered = coverage.rows.filter(\.isCovered).count
        var html = "<section id=\"coverage\">\n<h2>Coverage: \(covered) of \(coverage.rows.count) rules covered, \(coverage.gaps.count) gaps</h2>\n"
        html += "<p class=\"legend\">Rows: the contract's rules; columns: fixture folders. Darker: more fixtures of that folder cover the rule. "
        html += "<span class=\"failed\">a gap</span><span style=\"background:#d0d7de\">not observable</span></p>\n"
        // At a glance: one square per rule, shaded by the number of fixtures covering it.
        html += "<table class=\"glance\">\n"
        for section in CoverageReport.sections {
            let rows = coverage.rows.filter { $0.section == section }
            guard !rows.isEmpty else { continue }
            html += "<tr><th>\(escape(section))</th><td>"
            for row in rows {
                let colour =
                    row.isGap
                    ? "#cf222e" : row.fixtures.isEmpty ? (row.notObservable != nil ? "#d0d7de" : Self.shade(1)) : Self.shade(row.fixtures.count)
                let what =
                    row.isGap
                    ? "no fixture"
                    : row.fixtures.isEmpty
                        ? (row.notObservable ?? row.derivedBy ?? "") : "\(row.fixtures.count) fixture\(row.fixtures.count == 1 ? "" : "s")"
                html += "<i style=\"background:\(colour)\" title=\"\(escape(row.rule)): \(escape(what))\"></i>"
            }
            html += "</td></tr>\n"
        }
        html += "</table>\n"
        for section in CoverageReport.sections {
            let rows = coverage.rows.filter { $0.section == section }
            guard !rows.isEmpty else { continue }
            let gaps = rows.filter(\.isGap).count
            html +=
                "<details\(gaps > 0 ? " open" : "")><summary>rules × folders, \(escape(section)): \(rows.filter(\.isCovered).count) of \(rows.count) covered"
            html += gaps > 0 ? ", <span class=\"failed\">\(gaps) gap\(gaps == 1 ? "" : "s")</span>" : ""
            html += "</summary>\n<table class=\"heat\"><tr><th></th>"
            for folder in folders { html += "<th class=\"col\">\(escape(folder))</th>" }
            html += "<th class=\"col\">derived</th></tr>\n"
            for row in rows {
                html += "<tr><th class=\"rule\">\(escape(row.rule))</th>"
                if row.isGap {
                    html += "<td class=\"gap\" colspan=\"\(folders.count + 1)\" title=\"no fixture covers it\"></td></tr>\n"
                    continue
                }
                if let reason = row.notObservable, row.fixtures.isEmpty {
                    html += "<td class=\"na\" colspan=\"\(folders.count + 1)\" title=\"\(escape(reason))\"></td></tr>\n"
                    continue
                }
                for folder in folders {
                    let files = row.fixtures.filter { HTMLReport.folder($0) == folder }
                    html +=
                        files.isEmpty
                        ? "<td></td>" : "<td style=\"background:\(Self.shade(files.count))\" title=\"\(escape(files.joined(separator: "\n")))\"></td>"
                }
                html += row.derivedBy.map { "<td style=\"background:\(Self.shade(1))\" title=\"\(escape($0))\"></td>" } ?? "<td></td>"
                html += "</tr>\n"
            }
            html += "</table>\n</details>\n"
        }
        return html + "</section>\n"
    }

    /// Greens from light (one fixture) to dark (five or more).
    static func shade(_ count: Int) -> String {
        ["#aceebb", "#6fdd8b", "#4ac26b", "#2da44e", "#116329"][min(max(count, 1), 5) - 1]
    }
}

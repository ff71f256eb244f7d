/// What the fixtures exercise: every route × status and every rule of the contract, with the
/// fixtures that exercise it; anything without a fixture is a gap.
public struct CoverageReport: Sendable {
    public struct Row: Sendable {
        public let section: String
        public let rule: String
        public let fixtures: [String]
        /// Set when a derived check covers the rule instead of a fixture.
        public let derivedBy: String?
        /// Why no request can check the rule (it is about storage, not answers); such a row is neither covered nor a gap.
        public var notObservable: String? = nil
        public var isCovered: Bool { !fixtures.isEmpty || derivedBy != nil }
        public var isGap: Bool { !isCovered && notObservable == nil }
    }

    public var rows: [Row]

    public var gaps: [Row] { rows.filter(\.isGap) }

    public static let sections = ["statements", "routes", "validation", "ownership", "auth", "routing", "behaviour"]

    /// A plain-text table grouped by section; `verbose` lists the fixtures of every row.
    public func text(verbose: Bool) -> String {
        var lines: [String] = []
        for section in Self.sections {
            let sectionRows = rows.filter { $0.section == section }
            guard !sectionRows.isEmpty else { continue }
            let covered = sectionRows.filter(\.isCovered).count
            let unobservable = sectionRows.filter { $0.notObservable != nil }.count
            lines.append("")
            lines.append("\(section) (\(covered)/\(sectionRows.count) covered" + (unobservable > 0 ? ", \(unobservable) not observable)" : ")"))
            let width = min(70, sectionRows.map(\.rule.count).max() ?? 0)
            for row in sectionRows {
                let mark = row.isCovered ? "✔" : row.isGap ? "✘" : "–"
                let padded = row.rule.count < width ? row.rule + String(repeating: " ", count: width - row.rule.count) : row.rule
                var line = "  \(mark) \(padded)  "
                if row.fixtures.isEmpty {
                    line += row.derivedBy.map { "derived: \($0)" } ?? row.notObservable.map { "not observable: \($0)" } ?? "GAP: no fixture"
                } else {
                    line +=
                        verbose
                        ? row.fixtures.joined(separator: ", ")
                        : row.fixtures[0] + (row.fixtures.count > 1 ? " (+\(row.fixtures.count - 1))" : "")
                }
                lines.append(line)
            }
        }
        let total = rows.count
        let unobservable = rows.filter { $0.notObservable != nil }.count
        let aside = unobservable > 0 ? " (\(unobservable) not observable from outside)" : ""
        lines.append("")
        lines.append(gaps.isEmpty ? "✔ no gaps in \(total) rows\(aside)" : "✘ \(gaps.count) of \(total) rows have no fixture\(aside)")
        return lines.joined(separator: "\n").trimmingLeadingNewlines() + "\n"
    }

    /// A Markdown table per section, for README.
    public func markdown() -> String {
        var out = ""
        for section in Self.sections {
            let sectionRows = rows.filter { $0.section == section }
            guard !sectionRows.isEmpty else { continue }
            out += "| \(section) | covered by |\n| --- | --- |\n"
            for row in sectionRows {
                let by =
                    row.fixtures.isEmpty
                    ? (row.derivedBy.map { "derived: \($0)" } ?? row.notObservable.map { "not observable: \($0)" } ?? "**gap**")
                    : "`\(row.fixtures[0])`" + (row.fixtures.count > 1 ? " +\(row.fixtures.count - 1)" : "")
                out += "| \(row.rule.replacingOccurrences(of: "|", with: "\\|")) | \(by) |\n"
            }
            out += "\n"
        }
        return out
    }
}

extension String {
    fileprivate func trimmingLeadingNewlines() -> String {
        var copy = self
        while copy.hasPrefix("\n") { copy.removeFirst() }
        return copy
    }
}

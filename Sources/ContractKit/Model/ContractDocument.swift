import Foundation

/// The contract in words: a Markdown document whose every normative statement is a bullet that opens with
/// a backticked id (`- \`agents.list.own-only\` Only the caller's …`). Fixtures name the ids they check
/// (`covers`), and coverage lists every id with the fixtures that check it.
public struct ContractDocument: Sendable {
    /// One normative statement.
    public struct Statement: Sendable, Equatable {
        public let id: String
        public let text: String
        /// 1-based line in the document.
        public let line: Int
    }

    public let file: String
    public let statements: [Statement]

    public func statement(_ id: String) -> Statement? { statements.first { $0.id == id } }

    /// Why `id` names no statement here (with the nearest id, when one is close), or nil when it does.
    func unknownStatement(_ id: String) -> String? {
        guard statement(id) == nil else { return nil }
        var message = "no statement \(id) in \(file)"
        if let nearest = statements.map(\.id).min(by: { TextDistance.edits($0, id) < TextDistance.edits($1, id) }),
            TextDistance.edits(nearest, id) <= 3
        {
            message += " (did you mean \(nearest)?)"
        }
        return message
    }

    /// Reads the statements; an id given twice is reported at its second place.
    public static func load(_ text: String, file: String) -> Result<ContractDocument, FixtureLoader.Failure> {
        var statements: [Statement] = []
        var issues: [FixtureIssue] = []
        var seen: [String: Int] = [:]
        for (offset, part) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = String(part)
            guard let regex = RegexCache.regex(#"^\s*- `([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)+)` (.*)$"#),
                let match = regex.firstMatch(in: line, range: NSRange(line.startIndex..., in: line)),
                let idRange = Range(match.range(at: 1), in: line), let textRange = Range(match.range(at: 2), in: line)
            else { continue }
            let id = String(line[idRange])
            if let first = seen[id] {
                issues.append(FixtureIssue(file: file, line: offset + 1, column: 1, message: "statement id \(id) is already used at line \(first)"))
                continue
            }
            seen[id] = offset + 1
            statements.append(Statement(id: id, text: String(line[textRange]), line: offset + 1))
        }
        if statements.isEmpty {
            issues.append(
                FixtureIssue(file: file, line: 1, column: 1, message: "no statements: a statement is a bullet that opens with a backticked id"))
        }
        return issues.isEmpty ? .success(ContractDocument(file: file, statements: statements)) : .failure(.init(issues: issues))
    }
}

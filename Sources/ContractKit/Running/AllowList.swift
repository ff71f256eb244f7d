import Foundation
import JSONCore

/// Known deviations (`--allow-failures FILE`): fixtures or steps expected to fail on a target, each
/// with a reason and an expiry date. They are reported as allowed, never as passed; an expired entry,
/// or one whose fixture now passes, fails the run, so the list cannot rot.
public struct AllowList: Sendable {
    public struct Entry: Sendable, Equatable {
        /// A fixture path or glob.
        public let fixture: String
        /// The step expected to fail; nil for any step.
        public let step: Int?
        public let reason: String
        /// The last day (UTC) the entry counts, as `YYYY-MM-DD`.
        public let expires: String

        public init(fixture: String, step: Int?, reason: String, expires: String) {
            self.fixture = fixture
            self.step = step
            self.reason = reason
            self.expires = expires
        }
    }

    public let entries: [Entry]

    public init(entries: [Entry]) { self.entries = entries }

    /// Reads the file; problems come back with file:line:column.
    public static func load(bytes: [UInt8], file: String) -> Result<AllowList, FixtureLoader.Failure> {
        let value: JSONValue
        var reader: DocumentReader
        do {
            (value, reader) = try DocumentReader.open(bytes, file: file)
        } catch {
            return .failure(error)
        }
        var entries: [Entry] = []
        if let root = reader.object(value, at: [], allowed: ["allowed"], what: "an allow list") {
            if case .array(let items)? = root["allowed"] {
                for (offset, item) in items.enumerated() {
                    let path = ["allowed", String(offset)]
                    guard let entry = reader.object(item, at: path, allowed: ["fixture", "step", "reason", "expires"], what: "an entry")
                    else { continue }
                    let fixture = reader.string(entry, "fixture", at: path, required: true) ?? ""
                    let reason = reader.string(entry, "reason", at: path, required: true) ?? ""
                    let expires = reader.string(entry, "expires", at: path, required: true) ?? ""
                    if !expires.isEmpty && !RegexCache.matches(#"^\d{4}-\d{2}-\d{2}$"#, expires) {
                        reader.report("expires is a date: YYYY-MM-DD", at: path + ["expires"])
                    }
                    if reason.trimmingCharacters(in: .whitespaces).isEmpty { reader.report("give a reason", at: path + ["reason"]) }
                    var step: Int?
                    if let number = entry["step"] {
                        if let value = number.numberValue?.int64, value >= 1 {
                            step = Int(value)
                        } else {
                            reader.report("step is a step number from 1", at: path + ["step"])
                        }
                    }
                    entries.append(Entry(fixture: fixture, step: step, reason: reason, expires: expires))
                }
            } else {
                reader.report("\"allowed\" must be an array of entries", at: ["allowed"])
            }
        }
        return reader.issues.isEmpty ? .success(AllowList(entries: entries)) : .failure(.init(issues: reader.issues))
    }

    /// Marks allowed failures and lists the problems with the list itself.
    public func apply(to run: inout RunResult, today: String = AllowList.today()) {
        var used = Set<Int>()
        for index in run.fixtures.indices {
            let fixture = run.fixtures[index]
            guard fixture.verdict.isFailure else { continue }
            let failedStep = fixture.failure?.number
            if let position = entries.indices.first(where: { position in
                let entry = entries[position]
                return entry.expires >= today && Glob.matches(entry.fixture, fixture.file)
                    && (entry.step == nil || entry.step == failedStep)
            }) {
                used.insert(position)
                run.fixtures[index].verdict = .allowed(reason: entries[position].reason)
            }
        }
        // What an allowed failure blocks is allowed with it, for the same reason.
        for index in run.derived.indices {
            guard case .blocked = run.derived[index].verdict,
                case .allowed(let reason)? = run.fixtures.first(where: { $0.file == run.derived[index].origin })?.verdict
            else { continue }
            run.derived[index].verdict = .allowed(reason: reason)
        }
        for (position, entry) in entries.enumerated() {
            if entry.expires < today {
                run.allowListProblems.append("allowed failure for \(entry.fixture) expired on \(entry.expires): fix it or renew the entry")
            } else if !used.contains(position) {
                let ran = run.fixtures.filter { Glob.matches(entry.fixture, $0.file) }
                if !ran.isEmpty && ran.allSatisfy({ $0.verdict == .passed || (entry.step != nil && $0.failure?.number != entry.step) }) {
                    run.allowListProblems.append(
                        "\(entry.fixture) is listed as an allowed failure but "
                            + (entry.step.map { "step \($0) " } ?? "") + "now passes: remove the entry")
                }
            }
        }
    }

    /// Today's date in UTC as `YYYY-MM-DD`.
    public static func today(_ date: Date = Date()) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd"
        return formatter.string(from: date)
    }
}

/// A line diff of two texts in unified style (`-` removed, `+` added, two lines of context), so a
/// person sees what recording changed.
public enum TextDiff {
    public static func unified(_ old: String, _ new: String, oldName: String = "a", newName: String = "b", context: Int = 2) -> String {
        let a = old.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let b = new.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard a != b else { return "" }
        // Longest common subsequence table (files here are a few hundred lines).
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in stride(from: a.count - 1, through: 0, by: -1) {
            for j in stride(from: b.count - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        enum Line { case same(String), removed(String), added(String) }
        var lines: [Line] = []
        var i = 0, j = 0
        while i < a.count || j < b.count {
            if i < a.count, j < b.count, a[i] == b[j] {
                lines.append(.same(a[i]))
                i += 1
                j += 1
            } else if j < b.count && (i == a.count || table[i][j + 1] >= table[i + 1][j]) {
                lines.append(.added(b[j]))
                j += 1
            } else {
                lines.append(.removed(a[i]))
                i += 1
            }
        }
        var output = ["--- \(oldName)", "+++ \(newName)"]
        var index = 0
        while index < lines.count {
            guard case .same = lines[index] else {
                var end = index
                var sameRun = 0
                while end < lines.count {
                    if case .same = lines[end] {
                        sameRun += 1
                        if sameRun > context * 2 { break }
                    } else {
                        sameRun = 0
                    }
                    end += 1
                }
                let start = max(0, index - context)
                let stop = min(lines.count, end - max(0, sameRun - context))
                output.append("@@")
                for line in lines[start..<stop] {
                    switch line {
                    case .same(let text): output.append("  " + text)
                    case .removed(let text): output.append("- " + text)
                    case .added(let text): output.append("+ " + text)
                    }
                }
                index = stop
                continue
            }
            index += 1
        }
        return output.joined(separator: "\n") + "\n"
    }
}

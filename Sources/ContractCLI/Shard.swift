/// `--shard k/n`, as `run` and `explore` take it: part k (1-based) of n.
enum Shard {
    static func parse(_ text: String) throws(UsageError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.count == 2, let index = parts[0], let count = parts[1], count >= 1, count <= 10_000, (1...count).contains(index) else {
            throw UsageError("--shard takes k/n with 1 ≤ k ≤ n, not '\(text)'")
        }
        return (index, count)
    }
}

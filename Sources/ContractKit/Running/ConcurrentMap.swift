/// Runs `body` on every element with at most `limit` in flight, and returns the results in the
/// elements' order. `receive` sees each result as it lands; once it answers false, no further element
/// starts (those come back nil). The runner, the derived checks and `contract diff` all pace work with it.
func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, _ body: @escaping @Sendable (Element) async -> Result,
    receive: (Int, Result) -> Bool
) async -> [Result?] {
    var results = [Result?](repeating: nil, count: elements.count)
    await withTaskGroup(of: (Int, Result).self) { group in
        var next = 0
        var starting = true
        func startNext() {
            guard starting, next < elements.count else { return }
            let index = next
            let element = elements[index]
            next += 1
            group.addTask { (index, await body(element)) }
        }
        for _ in 0..<max(1, limit) { startNext() }
        for await (index, result) in group {
            results[index] = result
            if !receive(index, result) { starting = false }
            startNext()
        }
    }
    return results
}

/// `concurrentMap` for work that always runs to the end.
func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, _ body: @escaping @Sendable (Element) async -> Result
) async -> [Result] {
    await concurrentMap(elements, limit: limit, body, receive: { _, _ in true }).compactMap { $0 }
}

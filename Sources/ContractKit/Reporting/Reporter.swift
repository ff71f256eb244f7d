/// Receives a run's progress and verdict; the human, JUnit, JSON and TAP reports are reporters.
public protocol Reporter: Sendable {
    func runStarted(fixtureCount: Int, target: String)
    func fixtureFinished(_ result: FixtureResult)
    func runFinished(_ result: RunResult)
    /// The derived checks start once the fixtures are done: how many there are.
    func derivedStarted(count: Int)
    /// The checks derived from one origin step, as they finish.
    func derivedFinished(_ results: [DerivedResult])
}

extension Reporter {
    public func derivedStarted(count: Int) {}
    public func derivedFinished(_ results: [DerivedResult]) {}
}

/// Several reporters as one.
public struct ReporterGroup: Reporter {
    public let reporters: [any Reporter]
    public init(_ reporters: [any Reporter]) { self.reporters = reporters }
    public func runStarted(fixtureCount: Int, target: String) { reporters.forEach { $0.runStarted(fixtureCount: fixtureCount, target: target) } }
    public func fixtureFinished(_ result: FixtureResult) { reporters.forEach { $0.fixtureFinished(result) } }
    public func runFinished(_ result: RunResult) { reporters.forEach { $0.runFinished(result) } }
    public func derivedStarted(count: Int) { reporters.forEach { $0.derivedStarted(count: count) } }
    public func derivedFinished(_ results: [DerivedResult]) { reporters.forEach { $0.derivedFinished(results) } }
}

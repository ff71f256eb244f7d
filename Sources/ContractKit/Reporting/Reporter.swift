/// Receives a run's progress and verdict; the human, JUnit, JSON and TAP reports are reporters.
public protocol Reporter: Sendable {
    func runStarted(fixtureCount: Int, target: String)
    func fixtureFinished(_ result: FixtureResult)
    func runFinished(_ result: RunResult)
}

/// Several reporters as one.
public struct ReporterGroup: Reporter {
    public let reporters: [any Reporter]
    public init(_ reporters: [any Reporter]) { self.reporters = reporters }
    public func runStarted(fixtureCount: Int, target: String) { reporters.forEach { $0.runStarted(fixtureCount: fixtureCount, target: target) } }
    public func fixtureFinished(_ result: FixtureResult) { reporters.forEach { $0.fixtureFinished(result) } }
    public func runFinished(_ result: RunResult) { reporters.forEach { $0.runFinished(result) } }
}

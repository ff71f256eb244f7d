import Foundation
import HTTPCore
import JSONCore
import Testing

@testable import ContractKit

/// `--repeat N`: every fixture runs N times in a shuffled order; a fixture whose verdict varies is reported
/// as flaky, and each repetition is a run of its own (its own `{{$run}}`).
struct RepeatedRunTests {
    /// A server that refuses a name it has seen (as a unique email or tool name is refused).
    static func uniqueNames() -> StubTarget {
        let seen = NameSet()
        return StubTarget.withAccounts { request in
            let name = (try? JSONParser.parse(bytes: request.body))?["name"]?.stringValue ?? ""
            let fresh = seen.insert(name)
            return fresh ? StubTarget.json(201, #"{"name":"ok"}"#) : StubTarget.json(409, #"{"detail":"taken"}"#)
        }
    }

    @Test func eachRepetitionHasItsOwnRunToken() async throws {
        let registers = try #require(
            fixture(
                #"{"description": "d", "steps": [{"request": {"method": "POST", "path": "/things", "json": {"name": "thing-{{$run}}"}}, "expect": {"status": 201}}]}"#
            ))
        var options = Runner.Options()
        options.repeats = 5
        options.shuffleSeed = 1
        let result = await Runner(suite: Suite(fixtures: [registers], actors: testActors), target: Self.uniqueNames(), options: options).run()
        #expect(result.fixtures.map(\.verdict) == [.passed], "\(failureText(result))")
        #expect(result.flaky.isEmpty)
    }

    @Test func aFixtureThatPassesOnlySometimesIsFlaky() async throws {
        let flip = try #require(
            fixture(#"{"description": "d", "steps": [{"request": {"method": "GET", "path": "/coin"}, "expect": {"status": 200}}]}"#))
        let calls = Counter()
        let coin = StubTarget { _ in StubTarget.json(calls.next() % 2 == 0 ? 200 : 500, "{}") }
        var options = Runner.Options()
        options.repeats = 6
        options.shuffleSeed = 9
        let result = await Runner(suite: Suite(fixtures: [flip], actors: testActors), target: coin, options: options).run()
        #expect(result.flaky.map(\.file) == ["test.json"])
        #expect(result.flaky.first.map { ($0.passed, $0.runs) }.map { $0 == (3, 6) } == true)
        #expect(result.fixtures.first?.verdict != .passed, "the reported run of a flaky fixture is a failing one")
    }

    @Test func theShuffleIsReplayedBySeed() {
        func order(_ seed: UInt64) -> [String] { Runner.schedule(10, repeats: 3, seed: seed).map { "\($0.fixture).\($0.repetition)" } }
        #expect(order(42) == order(42))
        #expect(order(42) != order(43))
        #expect(order(42).sorted() == (0..<3).flatMap { repetition in (0..<10).map { "\($0).\(repetition)" } }.sorted())
    }
}

final class NameSet: @unchecked Sendable {
    private let lock = NSLock()
    private var names: Set<String> = []
    func insert(_ name: String) -> Bool { lock.withLock { names.insert(name).inserted } }
}

import ContractKit
import HTTPCore
import JSONCore
import Testing

/// The fixture features that let a fixture accept every answer the contract allows and demand no more:
/// alternative status multisets for races, whole paginated lists, alternative close codes, relations.
struct FixtureFeatureTests {
    static let race = """
        {"description": "two deletes", "steps": [{"parallel": [
          {"request": {"method": "DELETE", "path": "/a/1"}, "expect": {"status": [204, 404]}},
          {"request": {"method": "DELETE", "path": "/a/1"}, "expect": {"status": [204, 404]}}],
          "expect": {"statuses": STATUSES}}]}
        """

    @Test(arguments: [
        ("[[204, 404], [204, 204]]", 204, 0),
        ("[[204, 404], [204, 204]]", 404, 0),
        ("[[204, 204]]", 404, 1),
        ("[204, 404]", 204, 1),
        ("[204, 404]", 404, 0),
    ])
    func aRaceMayEndAnyOfTheWaysItNames(statuses: String, second: Int, exitCode: Int32) async throws {
        let counter = Counter()
        let target = StubTarget { _ in StubTarget.json(counter.next() == 1 ? 204 : second, "{}") }
        let test = try #require(fixture(Self.race.replacingOccurrences(of: "STATUSES", with: statuses)))
        #expect(await run([test], against: target).exitCode == exitCode)
    }

    @Test func aGroupsStatusesNameOneStatusPerRequest() {
        let broken = Self.race.replacingOccurrences(of: "STATUSES", with: "[[204], [204, 204]]")
        guard case .failure(let failure) = FixtureLoader.load(bytes: Array(broken.utf8), file: "f.json") else {
            Issue.record("a multiset of the wrong size loaded")
            return
        }
        #expect(failure.issues.contains { $0.message == "a group's statuses name one status per request (2), not 1" })
    }

    /// A list of 250 items, windowed by skip and limit (limit at most `maximum`).
    static func list(maximum: Int) -> StubTarget {
        StubTarget { request in
            let query = Dictionary(PercentDecoding.parseQuery(request.rawQuery).map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            let skip = Int(query["skip"] ?? "0") ?? 0, limit = Int(query["limit"] ?? "100") ?? 100
            guard limit <= maximum else { return StubTarget.json(422, #"{"detail":"limit too large"}"#) }
            let items = (0..<250).dropFirst(skip).prefix(limit).map { #"{"id":\#($0)}"# }
            return StubTarget.json(200, "[" + items.joined(separator: ",") + "]")
        }
    }

    static let wholeList = """
        {"description": "all items", "steps": [{"request": {"method": "GET", "path": "/items", "allPages": {"size": 100}},
          "expect": {"status": 200, "json": {"$eachLike": {"id": "$integer"}, "min": 250, "max": 250}}}]}
        """

    @Test func aWholeListIsReadPageByPage() async throws {
        let result = await run([try #require(fixture(Self.wholeList))], against: Self.list(maximum: 100))
        #expect(result.exitCode == 0, "\(failureText(result))")
    }

    @Test func aPageThatIsNotAListIsTheAnswerAndFailsTheStep() async throws {
        let result = await run([try #require(fixture(Self.wholeList))], against: Self.list(maximum: 50))
        #expect(result.exitCode == 1)
        #expect(result.fixtures.first?.failure?.response?.status == 422)
    }

    @Test func aCloseMayBeAnyOfTheCodesNamed() throws {
        let json = """
            {"description": "ws", "steps": [{"websocket": {"path": "/ws"}, "messages": [{"closed": [null, 1011]}, {"close": 1000}]}]}
            """
        let test = try #require(fixture(json))
        guard case .webSocket(let step) = test.steps[0], case .closed(let codes, _) = step.actions[0] else {
            Issue.record("not a close with codes")
            return
        }
        #expect(codes == [nil, 1011])
    }

    @Test func relationsReadCapturedValues() async throws {
        let json = """
            {"description": "timestamps", "steps": [
              {"request": {"method": "POST", "path": "/things"}, "capture": {"created": "$.updated_at", "thing": "$.id"}},
              {"request": {"method": "PATCH", "path": "/things/{{thing}}"},
               "expect": {"json": {"id": {"$ref": "thing"}, "updated_at": {"$after": "{{created}}"}}}}]}
            """
        let moving = Counter()
        let target = StubTarget { _ in
            StubTarget.json(200, #"{"id":1,"updated_at":"2026-11-24T18:00:0\#(moving.next()).000001Z"}"#)
        }
        #expect(await run([try #require(fixture(json))], against: target).exitCode == 0)
        let frozen = StubTarget { _ in StubTarget.json(200, #"{"id":1,"updated_at":"2026-11-24T18:00:00Z"}"#) }
        let result = await run([try #require(fixture(json))], against: frozen)
        #expect(result.fixtures.first?.failure?.mismatches.map(\.kind) == [.relationFails])
    }
}

import ContractKit
import JSONCore
import Testing

/// Every matcher, on values it must accept and values it must refuse.
struct MatcherTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let expected: String
        let passes: [String]
        let fails: [String]
        var testDescription: String { expected }
    }

    static let cases: [Case] = [
        Case(expected: #""$integer""#, passes: ["1", "-5", "99999999999999999999"], fails: ["1.0", "\"1\"", "null"]),
        Case(expected: #""$number""#, passes: ["1", "1.5", "-0.0"], fails: ["\"1\"", "true"]),
        Case(expected: #""$string""#, passes: ["\"\"", "\"x\""], fails: ["1", "null"]),
        Case(expected: #""$boolean""#, passes: ["true", "false"], fails: ["0", "\"true\""]),
        Case(
            expected: #""$datetime""#, passes: ["\"2026-11-24T18:00:00Z\"", "\"2026-11-24T18:00:00.123456Z\"", "\"2026-11-24T18:00:00+05:30\""],
            fails: ["\"2026-11-24T18:00:00\"", "\"2026-13-24T18:00:00Z\"", "\"yesterday\"", "1"]),
        Case(expected: #""$jwt""#, passes: ["\"eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2ln\""], fails: ["\"a.b.c\"", "\"eyJhbGciOiJIUzI1NiJ9.x\""]),
        Case(
            expected:
                #"{"$jwt": {"header": {"alg": "HS256", "typ": "JWT"}, "payload": {"sub": {"$regex": "^[0-9]+$"}, "$strict": false}, "lifetime": 1800}}"#,
            passes: [#""eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiaWF0IjoxMDAwLCJleHAiOjI4MDB9.c2ln""#],
            fails: [
                #""eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiaWF0IjoxMDAwLCJleHAiOjIwMDB9.c2ln""#,  // 1000 s lifetime
                #""eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOjUsImlhdCI6MTAwMCwiZXhwIjoyODAwfQ.c2ln""#,  // integer sub
                #""eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiZXhwIjoyODAwfQ.c2ln""#,  // no iat
                #""eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI1IiwiaWF0IjoxMDAwLCJleHAiOjI4MDB9.c2ln""#,  // HS384
                #""a.b.c""#, "5",
            ]),
        Case(expected: #""$uuid""#, passes: ["\"123e4567-e89b-12d3-a456-426614174000\""], fails: ["\"123e4567\"", "5"]),
        Case(expected: #""$any""#, passes: ["null", "1", "{}"], fails: []),
        Case(expected: #"{"$regex": "^Agent \\d+ not found$"}"#, passes: ["\"Agent 12 not found\""], fails: ["\"Agent x not found\"", "12"]),
        Case(expected: #"{"$type": 0.5}"#, passes: ["1", "2.5"], fails: ["\"1\"", "null"]),
        Case(expected: #"{"$nullable": "$datetime"}"#, passes: ["null", "\"2026-11-24T18:00:00Z\""], fails: ["\"x\"", "0"]),
        Case(
            expected: #"{"$eachLike": {"id": "$integer"}, "min": 1}"#, passes: ["[{\"id\":1},{\"id\":2}]"],
            fails: ["[]", "[{\"id\":\"1\"}]", "[{\"id\":1,\"x\":2}]"]),
        Case(expected: #"{"$anyOrder": [1, 2, 3]}"#, passes: ["[3,1,2]", "[1,2,3]"], fails: ["[1,2]", "[1,2,2]", "[1,2,3,4]"]),
        Case(expected: #"{"$contains": [2, {"id": 5, "$strict": false}]}"#, passes: ["[1,2,{\"id\":5,\"n\":1}]"], fails: ["[1,3]", "[2]"]),
        Case(expected: #"{"$oneOf": [201, 409]}"#, passes: ["201", "409"], fails: ["500"]),
        Case(expected: #"{"$literal": "$integer"}"#, passes: ["\"$integer\""], fails: ["1"]),
        Case(expected: #"{"id": 1, "$strict": false}"#, passes: ["{\"id\":1,\"extra\":true}"], fails: ["{\"extra\":true}"]),
        Case(expected: #"{"id": 1}"#, passes: ["{\"id\":1}"], fails: ["{\"id\":1,\"extra\":true}", "[]"]),
        Case(expected: #"[1, "$string"]"#, passes: ["[1,\"a\"]"], fails: ["[\"a\",1]", "[1]", "[1,\"a\",2]"]),
        Case(expected: #""caf\u00e9""#, passes: ["\"café\""], fails: ["\"cafe\\u0301\""]),
        Case(
            expected: #"{"$after": "2026-11-24T18:00:00.000100Z"}"#, passes: ["\"2026-11-24T18:00:00.000101Z\"", "\"2026-11-24T13:00:01-05:00\""],
            fails: ["\"2026-11-24T18:00:00.0001Z\"", "\"2026-11-24T18:00:00Z\"", "\"2026-11-24T19:00:00+01:00\"", "1"]),
        Case(expected: #"{"$before": 10}"#, passes: ["9", "9.5", "-99999999999999999999"], fails: ["10", "10.0", "11", "\"9\""]),
        Case(expected: #"{"$atLeast": 10}"#, passes: ["10", "10.0", "11"], fails: ["9", "null"]),
        Case(expected: #"{"$atMost": "b"}"#, passes: ["\"a\"", "\"b\""], fails: ["\"c\"", "1"]),
        Case(expected: #"{"$notEqual": 7}"#, passes: ["8", "\"7\"", "7.0"], fails: ["7"]),
        Case(
            expected: #"{"$sortedBy": "-created_at,-id"}"#,
            passes: [
                #"[{"id":3,"created_at":"2026-11-24T18:00:02Z"},{"id":5,"created_at":"2026-11-24T18:00:01Z"},{"id":4,"created_at":"2026-11-24T18:00:01Z"}]"#,
                "[]",
            ],
            fails: [
                #"[{"id":4,"created_at":"2026-11-24T18:00:01Z"},{"id":5,"created_at":"2026-11-24T18:00:01Z"}]"#,
                #"[{"id":1,"created_at":"2026-11-24T18:00:01Z"},{"id":2,"created_at":"2026-11-24T18:00:02Z"}]"#, #"[{"id":2},{"id":1}]"#,
                "{}",
            ]),
    ]

    static func compile(_ json: String) throws -> Matcher {
        let document =
            #"{"description": "m", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"json": "#
            + json + "}}]}"
        guard case .success(let fixture) = FixtureLoader.load(bytes: Array(document.utf8), file: "m.json"),
            case .request(let step)? = fixture.steps.first, let matcher = step.expectation?.json
        else { throw MatcherError() }
        return matcher
    }

    struct MatcherError: Error {}

    @Test(arguments: cases)
    func matcher(_ test: Case) throws {
        let matcher = try Self.compile(test.expected)
        let matching = JSONMatching(scope: TemplateScope(runID: "r", counter: UniqueCounter()))
        for text in test.passes {
            let value = try JSONParser.parse(text)
            #expect(matching.mismatches(matcher, value).isEmpty, "\(test.expected) should accept \(text)")
        }
        for text in test.fails {
            let value = try JSONParser.parse(text)
            #expect(!matching.mismatches(matcher, value).isEmpty, "\(test.expected) should refuse \(text)")
        }
    }

    @Test func refAndTemplatesReadCapturedValues() throws {
        var scope = TemplateScope(runID: "r", counter: UniqueCounter())
        scope.variables["agent"] = .integer(12)
        let matching = JSONMatching(scope: scope)
        #expect(matching.mismatches(.ref("agent"), .integer(12)).isEmpty)
        #expect(!matching.mismatches(.ref("agent"), .string("12")).isEmpty)
        #expect(matching.mismatches(.template("Agent {{agent}} not found"), .string("Agent 12 not found")).isEmpty)
        #expect(matching.mismatches(.template("{{agent}}"), .integer(12)).isEmpty)
    }
}

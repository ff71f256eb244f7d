import ContractKit
import Crypto
import JSONCore
import Testing

struct TemplateTests {
    func scope() -> TemplateScope {
        var scope = TemplateScope(runID: "run1", counter: UniqueCounter())
        scope.variables["agent"] = .integer(42)
        scope.variables["alice.token"] = .string(
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDB9.qWOvzFiu_LHDh8MF7a_8wqRnmizEMfNQUdGl5NyzAOE"
        )
        scope.variables["bob.id"] = .integer(7)
        return scope
    }

    @Test func exactExpressionsKeepTheirTypeAndTextIsInterpolated() throws {
        let scope = scope()
        #expect(try scope.render("{{agent}}") == .integer(42))
        #expect(try scope.render("/api/v1/agents/{{agent}}/execute") == .string("/api/v1/agents/42/execute"))
        #expect(try scope.render("{{$repeat 3 ab}}") == .string("ababab"))
        #expect(try scope.render("x-{{$run}}") == .string("x-run1"))
    }

    @Test func uniqueIsFreshAtEveryUse() throws {
        let scope = scope()
        #expect(try scope.render("{{$unique}}") != scope.render("{{$unique}}"))
    }

    @Test func undefinedVariablesAndBadSyntaxAreErrors() {
        #expect(throws: TemplateScope.RenderError.self) { try scope().render("{{nope}}") }
        #expect(throws: TemplateScope.RenderError.self) { try scope().render("{{agent") }
        #expect(throws: TemplateScope.RenderError.self) { try scope().render("{{$unknownFunction x}}") }
    }

    @Test func tamperedTokensDifferInTheIntendedPart() throws {
        let scope = scope()
        let original = try #require(scope.variables["alice.token"]?.stringValue).split(separator: ".").map(String.init)
        let none = try #require(try scope.render("{{$algNone alice.token}}").stringValue).split(separator: ".", omittingEmptySubsequences: false).map(
            String.init)
        #expect(none.count == 3 && none[1] == original[1] && none[2].isEmpty)
        #expect(Base64URL.decode(none[0]).map { String(decoding: $0, as: UTF8.self) } == #"{"alg":"none","typ":"JWT"}"#)
        let flipped = try #require(try scope.render("{{$flipSignature alice.token}}").stringValue).split(separator: ".").map(String.init)
        #expect(flipped[0] == original[0] && flipped[1] == original[1] && flipped[2] != original[2])
        #expect(Base64URL.decode(flipped[2])?.count == 32)
        let swapped = try #require(try scope.render("{{$swapSubject alice.token bob.id}}").stringValue)
        #expect(TokenTampering.claims(swapped)?["sub"] == .string("7"))
        #expect(swapped.split(separator: ".")[2] == original[2])
    }

    @Test(arguments: [("$.id", "12"), ("$.items[0].name", "\"a\""), ("$.items[-1].name", "\"b\""), ("$['odd key']", "true")])
    func jsonPaths(path: String, expected: String) throws {
        let document = try JSONParser.parse(#"{"id":12,"items":[{"name":"a"},{"name":"b"}],"odd key":true}"#)
        guard case .success(let parsed) = JSONPath.parse(path) else {
            Issue.record("\(path) does not parse")
            return
        }
        #expect(parsed.evaluate(document) == (try JSONParser.parse(expected)))
    }

    @Test func invalidPathsAreRejected() {
        for path in ["id", "$.", "$[x]", "$['unterminated"] {
            if case .success = JSONPath.parse(path) { Issue.record("\(path) should not parse") }
        }
    }
}

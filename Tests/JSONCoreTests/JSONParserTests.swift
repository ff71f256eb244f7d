import JSONCore
import Testing

struct JSONParserTests {
    @Test func strictModeRefusesPythonExtensionsAndDuplicates() {
        #expect(throws: JSONParseError.self) { try JSONParser.parse("NaN", options: .strict) }
        #expect {
            try JSONParser.parse("{\"a\":1,\n \"a\":2}", options: .strict)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.kind == .duplicateKey && error.line == 2 && error.column == 2
        }
    }

    @Test func lineAndColumnCountCharactersNotBytes() {
        #expect {
            try JSONParser.parse("{\n  \"é\": 1,\n  \"b\" 2\n}", options: .strict)
        } throws: { error in
            guard let error = error as? JSONParseError else { return false }
            return error.message == "Expecting ':' delimiter" && error.line == 3 && error.column == 7
        }
    }

    @Test func depthLimitIsAnErrorNotAStackOverflow() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect {
            try JSONParser.parse(deep)
        } throws: { ($0 as? JSONParseError)?.kind == .tooDeep }
        let allowed = String(repeating: "[", count: 960) + String(repeating: "]", count: 960)
        #expect(throws: Never.self) { try JSONParser.parse(allowed) }
    }

    @Test func duplicateKeysKeepFirstPositionAndLastValue() throws {
        let value = try JSONParser.parse(#"{"a":1,"b":2,"a":3}"#)
        #expect(value.objectValue?.keys == ["a", "b"])
        #expect(value["a"] == .integer(3))
    }

    @Test func integersKeepEveryDigitAndTheirKind() throws {
        let value = try JSONParser.parse("[99999999999999999999, -0, 1.0, 007e0]".replacingOccurrences(of: ", 007e0", with: ""))
        guard case .array(let items) = value else {
            Issue.record("not an array")
            return
        }
        #expect(items[0].numberValue?.text == "99999999999999999999")
        #expect(items[0].numberValue?.int64 == nil)
        #expect(items[1].numberValue?.text == "0")
        #expect(items[2].numberValue?.isInteger == false)
        #expect(JSONWriter.compact(value) == "[99999999999999999999,0,1.0]")
    }

    @Test func numbersCompareExactlyAtAnySize() {
        let big = JSONNumber(integerText: "99999999999999999999")
        let bigger = JSONNumber(integerText: "100000000000000000000")
        let negative = JSONNumber(integerText: "-100000000000000000000")
        #expect(big?.compare(to: bigger!) == .less)
        #expect(negative?.compare(to: big!) == .less)
        #expect(JSONNumber(3).compare(to: JSONNumber(float: .nan)) == .unordered)
    }

    @Test func prettyWriterMatchesPythonIndent() throws {
        let value = try JSONParser.parse(#"{"b":[1,{"c":null}],"a":{},"d":[]}"#)
        #expect(JSONWriter.pretty(value) == "{\n  \"b\": [\n    1,\n    {\n      \"c\": null\n    }\n  ],\n  \"a\": {},\n  \"d\": []\n}")
        #expect(JSONWriter.pretty(value, sortKeys: true).hasPrefix("{\n  \"a\": {},"))
    }

    @Test func writerEscapesAsPythonDoes() {
        let text: JSONValue = .string("\"\\\n\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}é\u{2028}/")
        #expect(JSONWriter.compact(text) == "\"\\\"\\\\\\n\\r\\t\\b\\f\\u0001\\u001f\u{7F}é\u{2028}/\"")
    }

    @Test func nonFiniteNumbersAreDetected() {
        #expect(JSONValue.array([.float(.nan)]).containsNonFiniteNumber)
        #expect(!JSONValue.array([.float(1.5), .integer(3)]).containsNonFiniteNumber)
    }
}

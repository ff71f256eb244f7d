import HTTPCore
import Testing

struct PercentDecodingTests {
    @Test(arguments: [
        ("/api/v1/agents/1", "/api/v1/agents/1"),
        ("/a%20b", "/a b"),
        ("/a%2Fb", "/a/b"),
        ("/caf%C3%A9", "/café"),
        ("/bad%zz", "/bad%zz"),
        ("/trail%4", "/trail%4"),
        ("/invalid%FF", "/invalid\u{FFFD}"),
        ("a+b", "a+b"),
    ])
    func unquoteAsPythonDoes(raw: String, decoded: String) {
        #expect(PercentDecoding.unquote(raw) == decoded)
    }

    @Test func escapedRunsDecodeSeparatelyFromLiteralText() {
        // Python decodes each ASCII run on its own: a lone lead byte next to literal text is U+FFFD.
        #expect(PercentDecoding.unquote("%C3é") == "\u{FFFD}é")
    }

    @Test func queryStringsFollowParseQSL() {
        let pairs = PercentDecoding.parseQuery("skip=1&&limit=&flag&name=a+b%2Bc&skip=2")
        #expect(pairs.map(\.name) == ["skip", "limit", "flag", "name", "skip"])
        #expect(pairs.map(\.value) == ["1", "", "", "a b+c", "2"])
    }

    @Test func latin1KeepsEveryByte() {
        #expect(PercentDecoding.latin1([0x61, 0xE9, 0xFF]) == "aéÿ")
    }

    @Test func quoteKeepsUnreservedOnly() {
        #expect(PercentDecoding.quote("a b/é~") == "a%20b%2F%C3%A9~")
        #expect(PercentDecoding.quote("a/b", keeping: [UInt8(ascii: "/")]) == "a/b")
    }

    @Test func headersAreCaseInsensitiveAndKeepDuplicates() {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        headers.add("X-Tag", "a")
        headers.add("x-tag", "b")
        #expect(headers["content-type"] == "application/json")
        #expect(headers.values(for: "X-TAG") == ["a", "b"])
        headers.set("X-Tag", "c")
        #expect(headers.values(for: "x-tag") == ["c"])
        headers.remove("CONTENT-TYPE")
        #expect(headers["content-type"] == nil)
    }

    @Test func requestSplitsPathAndQuery() {
        let request = HTTPRequest(method: .get, target: "/api/v1/agents?skip=1&limit=2")
        #expect(request.rawPath == "/api/v1/agents")
        #expect(request.rawQuery == "skip=1&limit=2")
        #expect(HTTPRequest(method: .get, target: "/x").rawQuery == "")
    }
}

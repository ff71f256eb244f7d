import Crypto
import JSONCore
import Testing

@testable import AgentAPI

/// Tokens judged by PyJWT 2.15.1 (Vectors/generate_pyjwt.py): we accept exactly what it accepts.
struct PyJWTVectorTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let name: String
        let token: String
        let key: String
        let now: Double
        let accepted: Bool
        let error: String?
        var testDescription: String { name }
    }

    static let vectors = loadVectors("pyjwt-vectors", as: [Vector].self)

    @Test func vectorsAreLoaded() {
        #expect(Self.vectors.count > 140)
        #expect(Self.vectors.contains { $0.accepted } && Self.vectors.contains { !$0.accepted })
    }

    @Test(arguments: vectors)
    func agreesWithPyJWT(_ vector: Vector) {
        let codec = TokenCodec(secret: Array(vector.key.utf8))
        let result = codec.decode(vector.token, now: Timestamp(seconds: vector.now))
        switch result {
        case .success:
            #expect(vector.accepted, "accepted; PyJWT raised \(vector.error ?? "")")
        case .failure(let rejection):
            #expect(!vector.accepted, "rejected as \(rejection); PyJWT accepted it")
        }
    }

    @Test func hugeTokensAreAcceptedWhenValid() {
        let codec = TokenCodec(secret: Array("pyjwt-vector-secret-0123456789-ABCDEFGH".utf8))
        let token = codec.sign(
            header: #"{"alg":"HS256","typ":"JWT"}"#,
            payload: #"{"sub":"u","blob":""# + String(repeating: "A", count: 65_536) + "\"}")
        guard case .success(let claims) = codec.decode(token, now: Timestamp(seconds: 1_700_000_000)) else {
            Issue.record("a valid 64 KiB token was refused")
            return
        }
        #expect(claims["sub"] == "u")
    }

    @Test func issuedTokensMatchPyJWTByteForByte() {
        // jwt.encode({"sub":"1","exp":4102444800,"iat":1700000000}, K, algorithm="HS256") per python-semantics.
        let codec = TokenCodec(secret: Array("pyjwt-vector-secret-0123456789-ABCDEFGH".utf8))
        let token = codec.issue(subject: "1", now: Timestamp(seconds: 1_700_000_000), lifetime: 4_102_444_800 - 1_700_000_000)
        #expect(
            token == "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwiZXhwIjo0MTAyNDQ0ODAwLCJpYXQiOjE3MDAwMDAwMDB9"
                + ".qWOvzFiu_LHDh8MF7a_8wqRnmizEMfNQUdGl5NyzAOE")
    }

    /// A `sub` text, shown escaped on one line (some hold a newline or a control character).
    struct Subject: Sendable, CustomTestStringConvertible {
        let text: String
        var testDescription: String { text.debugDescription }
    }

    @Test(arguments: ["1", " 1\n", "+1", "1_0", "\u{0661}", "007"].map(Subject.init))
    func subjectsParseAsPythonIntDoes(_ subject: Subject) {
        #expect(PythonInt.parse(subject.text) != nil)
    }

    @Test(arguments: ["", "1.0", "1e3", "_1", "1_", "1__0", "0x10", "abc", "\u{1C}1\u{1C}x"].map(Subject.init))
    func subjectsPythonRejects(_ subject: Subject) {
        #expect(PythonInt.parse(subject.text) == nil)
    }
}

import Foundation
import HTTPCore
import JSONCore
import Testing

@testable import AgentAPI

/// Multipart login forms (Vectors/generate_multipart.py): every request answered by a running FastAPI app of this
/// API (FastAPI 0.121.3, Starlette 0.50.0, python-multipart 0.0.34), replayed against the reference in-process.
/// Same status, same body byte for byte; a 200's access_token differs per run, so it is matched as any JWT.
struct MultipartFormTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        struct Repetition: Decodable, Sendable {
            let at: Int
            let base64: String
            let count: Int
        }

        let name: String
        let contentType: String?
        let body: String
        let repetition: Repetition?
        let status: Int
        let response: String

        enum CodingKeys: String, CodingKey {
            case name, body, status, response
            case contentType = "content_type"
            case repetition = "repeat"
        }

        var testDescription: String { name }

        /// The body, with the repeated chunk inserted where the generator put it.
        var bodyBytes: [UInt8]? {
            guard let bytes = Data(base64Encoded: body).map(Array.init) else { return nil }
            guard let repetition else { return bytes }
            guard let chunk = Data(base64Encoded: repetition.base64), repetition.at <= bytes.count else { return nil }
            var built = Array(bytes[..<repetition.at])
            built.reserveCapacity(bytes.count + chunk.count * repetition.count)
            for _ in 0..<repetition.count { built += chunk }
            return built + bytes[repetition.at...]
        }
    }

    static let cases = loadVectors("multipart-vectors", as: [Case].self)

    @Test func vectorsAreLoaded() {
        #expect(Self.cases.count > 150)
        #expect(Self.cases.allSatisfy { $0.bodyBytes != nil })
    }

    @Test(arguments: cases)
    func answersAsFastAPIDoes(_ test: Case) async throws {
        let api = try AgentAPI(.testing())
        let user = await api.handle(
            HTTPRequest(
                method: .post, target: "/api/v1/users", headers: ["Content-Type": "application/json"],
                body: Array(#"{"email":"p@example.com","password":"password123"}"#.utf8)))
        try #require(user.status == 201)

        var headers = HTTPHeaders()
        if let contentType = test.contentType { headers.add("Content-Type", contentType) }
        let body = try #require(test.bodyBytes)
        let response = await api.handle(HTTPRequest(method: .post, target: "/api/v1/auth/login", headers: headers, body: body))

        #expect(response.status == test.status)
        guard test.status == 200 else {
            #expect(response.bodyText == test.response)
            return
        }
        // {"access_token":"<JWT>","token_type":"bearer"}: the same keys in the same order, and a token of three
        // base64url segments.
        let answer = try #require(try? JSONParser.parse(bytes: response.body, options: .strict).objectValue)
        let expected = try #require(try? JSONParser.parse(bytes: Array(test.response.utf8), options: .strict).objectValue)
        #expect(answer.keys == expected.keys)
        #expect(answer["token_type"] == expected["token_type"])
        let token = try #require(answer["access_token"]?.stringValue)
        #expect(token.wholeMatch(of: /[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/) != nil, "\(token)")
    }
}

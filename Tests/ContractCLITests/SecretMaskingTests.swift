import AgentAPI
import ContractKit
import ContractSuite
import Foundation
import HTTPCore
import JSONCore
import ReferenceFaults
import ReferenceTarget
import Testing

/// Reports of a run against a target that accepts every forged token show no piece of any credential:
/// no 12-character stretch of any real or forged token, signature, password or the signing key appears in
/// the human report, the JSON, JUnit or TAP report, `contract diff`'s output or the server's request log.
@Suite(.serialized)
struct SecretMaskingTests {
    /// Passes every exchange through and keeps the requests and answers, to know every credential that went by.
    struct Observing: Target {
        let inner: ReferenceTarget
        let seen: Seen
        var description: String { inner.description }
        func send(_ request: HTTPRequest) async throws -> HTTPResponse {
            let response = try await inner.send(request)
            seen.add(request, response)
            return response
        }
        func openWebSocket(target: String, headers: HTTPHeaders) async throws -> any WebSocketSession {
            seen.add(HTTPRequest(method: .get, target: target, headers: headers), nil)
            return try await inner.openWebSocket(target: target, headers: headers)
        }
    }

    final class Seen: @unchecked Sendable {
        private let lock = NSLock()
        private var exchanges: [(HTTPRequest, HTTPResponse?)] = []
        func add(_ request: HTTPRequest, _ response: HTTPResponse?) { lock.withLock { exchanges.append((request, response)) } }
        var all: [(HTTPRequest, HTTPResponse?)] { lock.withLock { exchanges } }
    }

    static let secret = "masking-test-signing-key-0123456789abcdef"

    /// Every credential the run sent or received, collected from the wire, not from the runner's own list.
    static func credentials(in exchanges: [(HTTPRequest, HTTPResponse?)]) -> Set<String> {
        var found: Set<String> = [secret]
        func fields(_ value: JSONValue?) {
            switch value {
            case .object(let object)?:
                for (key, member) in object {
                    if ["password", "access_token", "token"].contains(key), case .string(let text) = member {
                        found.insert(text)
                    } else {
                        fields(member)
                    }
                }
            case .array(let items)?: items.forEach { fields($0) }
            default: break
            }
        }
        for (request, response) in exchanges {
            if let authorization = request.headers["authorization"], let space = authorization.firstIndex(of: " ") {
                found.insert(String(authorization[authorization.index(after: space)...]))
            }
            for (name, value) in PercentDecoding.parseQuery(request.rawQuery) where name == "token" { found.insert(value) }
            for (name, value) in PercentDecoding.parseQuery(String(decoding: request.body, as: UTF8.self)) where name == "password" {
                found.insert(value)
            }
            fields(try? JSONParser.parse(bytes: request.body))
            fields(response.flatMap { try? JSONParser.parse(bytes: $0.body) })
        }
        // Passwords shorter than 12 characters (validation fixtures send "short") cannot leak 12 of them.
        return found.filter { $0.utf8.count >= 12 }
    }

    /// The 12-byte stretches of `text`, hashed, for fast membership tests.
    static func windows(_ text: String, width: Int = 12) -> Set<Int> {
        let bytes = Array(text.utf8)
        guard bytes.count >= width else { return [] }
        var hashes = Set<Int>()
        hashes.reserveCapacity(bytes.count)
        for start in 0...(bytes.count - width) { hashes.insert(bytes[start..<(start + width)].hashValue) }
        return hashes
    }

    @Test func noStretchOfAnyCredentialAppearsInAnyOutput() async throws {
        let fixtures = try #require(BuiltInSuite.fixtures), contracts = try #require(BuiltInSuite.contracts)
        guard case .success(let suite) = Suite.load(fixtures: fixtures, contracts: contracts) else {
            Issue.record("the built-in suite does not load")
            return
        }
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = 10
        configuration.secretKey = Self.secret
        let forgiving = try Mutant.reference(with: [.algNoneAccepted, .signatureNotVerified, .expiryIgnored], configuration)
        let seen = Seen()
        let target = Observing(inner: ReferenceTarget(service: forgiving, configuration: configuration), seen: seen)
        var options = Runner.Options()
        options.jwtSecret = Array(Self.secret.utf8)
        let humanFile = FileManager.default.temporaryDirectory.appendingPathComponent("masking-\(UUID().uuidString).txt")
        #expect(FileManager.default.createFile(atPath: humanFile.path, contents: nil))
        defer { try? FileManager.default.removeItem(at: humanFile) }
        let handle = try FileHandle(forWritingTo: humanFile)
        let human = HumanReporter(output: handle, environment: [:])
        let result = await Runner(suite: suite, target: target, options: options).run(reporter: human)
        human.runFinished(result)
        try handle.close()

        // The run must have something to mask: forgeries were accepted, so their checks failed and were reported.
        let forgeryFailures = result.derived.filter { $0.kind == .auth && $0.verdict == .failed }
        #expect(forgeryFailures.count >= 20, "the forgiving target should fail the forged-token checks")

        let strict = try ReferenceTarget(configuration: configuration)
        let auth = suite.fixtures.filter { $0.file.hasPrefix("auth/") || $0.file.hasPrefix("websocket/") }
        let differences = await TargetDiff(suite: suite, first: strict, second: target).run(auth)
        #expect(!differences.isEmpty, "the forgiving target answers forged tokens differently")

        var outputs: [(String, String)] = [("human", try String(contentsOf: humanFile, encoding: .utf8))]
        for kind in FileReporter.Kind.allCases { outputs.append((kind.rawValue, FileReporter(kind: kind, path: "-").render(result))) }
        outputs.append(("diff", differences.map { $0.text(firstName: "strict", secondName: "forgiving") }.joined(separator: "\n")))
        outputs.append(("request log", seen.all.map { HTTPServer.loggable($0.0) }.joined(separator: "\n")))

        let credentials = Self.credentials(in: seen.all)
        #expect(credentials.count > 100, "tokens, forged tokens and passwords went by")
        for (name, text) in outputs {
            let present = Self.windows(text)
            let bytes = Array(text.utf8)
            for credential in credentials {
                let pieces = Array(credential.utf8)
                for start in 0...(pieces.count - 12) where present.contains(pieces[start..<(start + 12)].hashValue) {
                    let piece = Array(pieces[start..<(start + 12)])
                    let leaked = bytes.indices.dropLast(11).contains { Array(bytes[$0..<($0 + 12)]) == piece }
                    #expect(!leaked, "the \(name) output shows \(String(decoding: piece, as: UTF8.self)) of a credential")
                    if leaked { break }
                }
            }
        }
    }
}

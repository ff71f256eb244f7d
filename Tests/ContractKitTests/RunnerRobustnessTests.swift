import ContractKit
import Dispatch
import Foundation
import HTTPCore
import JSONCore
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A server that misbehaves on purpose, one way per path: resets, garbage, silence, a truncated body,
/// a 10 MB body, and one proper answer. Raw sockets, so it can do what no well-behaved server does.
final class MisbehavingServer: @unchecked Sendable {
    let port: Int
    private let listener: Int32

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread {
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                DispatchQueue.global().async { Self.serve(client) }
            }
        }
    }

    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private static func serve(_ client: Int32) {
        var request: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while !request.ends(with: Array("\r\n\r\n".utf8)) {
            let count = read(client, &chunk, chunk.count)
            if count <= 0 {
                close(client)
                return
            }
            request += chunk[0..<count]
        }
        let line = String(decoding: request.prefix { $0 != 0x0D }, as: UTF8.self)
        let path = line.split(separator: " ").dropFirst().first.map(String.init) ?? "/"
        switch path {
        case "/reset":
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            setsockopt(client, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
        case "/garbage":
            send(client, "HELLO THERE\r\n\r\n")
        case "/slow":
            // Silence until the client gives up and closes (no clock here: the client's time-out decides).
            var byte: UInt8 = 0
            _ = read(client, &byte, 1)
        case "/truncated":
            send(client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ok\":")
        case "/huge":
            let body = "{\"data\":\"" + String(repeating: "x", count: 10_000_000) + "\"}"
            send(
                client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        case "/busy" where busyAnswers.next() == 1:
            send(client, "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 0\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
        case let path where path.hasPrefix("/base/"):
            // Echoes what arrived: the path under the base, and the extra header.
            let header =
                String(decoding: request, as: UTF8.self).split(separator: "\r\n")
                .first { $0.lowercased().hasPrefix("x-env:") }.map { $0.dropFirst(6).trimmingCharacters(in: .whitespaces) } ?? ""
            let body = #"{"path":"\#(path)","env":"\#(header)"}"#
            send(
                client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body)
        default:
            send(client, "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}")
        }
        close(client)
    }

    /// Counts requests to /busy: the first is answered 503 with Retry-After.
    private static let busyAnswers = Counter()

    private static func send(_ client: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let sent = bytes.withUnsafeBytes { write(client, $0.baseAddress, $0.count) }
            if sent <= 0 { return }
            bytes = bytes.dropFirst(sent)
        }
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}

/// The runner keeps going through whatever a target does: each broken answer is a clear step error in
/// its own fixture, and the next fixture still runs.
@Suite(.serialized)
struct RunnerRobustnessTests {
    static func get(_ path: String, expecting json: String = #"{"ok": true}"#) -> String {
        #"{"description": "GET \#(path)", "steps": [{"request": {"method": "GET", "path": "\#(path)"}, "expect": {"status": 200, "json": \#(json)}}]}"#
    }

    @Test func aMisbehavingTargetFailsStepByStepAndTheRunContinues() async throws {
        let server = try MisbehavingServer()
        defer { server.stop() }
        // Patient: a loaded machine reading a 10 MB body in a debug build must never hit the time-out.
        var settings = HTTPTarget.Settings()
        settings.timeout = 600
        settings.retries = 1
        let target = try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")), settings: settings)
        let files = ["reset", "garbage", "truncated", "huge", "ok"]
        let fixtures = files.compactMap { name in
            fixture(Self.get("/" + name, expecting: name == "huge" ? #"{"data": "$string"}"# : #"{"ok": true}"#), file: name + ".json")
        }
        var options = Runner.Options()
        options.concurrency = 1
        let result = await Runner(suite: Suite(fixtures: fixtures, actors: testActors), target: target, options: options).run()

        #expect(result.unreachable == nil, "a broken server is not an absent one")
        let errors = Dictionary(uniqueKeysWithValues: result.fixtures.map { ($0.file, $0.failure?.error?.description ?? "passed") })
        #expect(errors["reset.json"]?.contains("the connection was dropped before a complete response") == true, "\(errors)")
        #expect(errors["reset.json"]?.contains("2 attempts") == true, "a failed connection is retried")
        #expect(errors["garbage.json"]?.hasPrefix("invalid response") == true, "\(errors)")
        #expect(
            errors["truncated.json"]?.contains("the connection was dropped") == true
                || errors["truncated.json"]?.hasPrefix("invalid response") == true,
            "\(errors)")
        #expect(errors["huge.json"] == "passed", "a 10 MB body is read and matched")
        #expect(errors["ok.json"] == "passed", "the run went on to the last fixture")
    }

    @Test func aSilentTargetTimesOutAsConfigured() async throws {
        let server = try MisbehavingServer()
        defer { server.stop() }
        var settings = HTTPTarget.Settings()
        settings.timeout = 1
        settings.retries = 0
        let target = try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")), settings: settings)
        let result = await Runner(
            suite: Suite(fixtures: [try #require(fixture(Self.get("/slow"), file: "slow.json"))], actors: testActors), target: target
        ).run()
        #expect(result.fixtures.first?.failure?.error == .transport(.timedOut(1)))
        #expect(result.fixtures.first?.failure?.error?.description == "no response within 1 s")
    }

    @Test func aBasePathExtraHeadersAndRetryAfterAreHonoured() async throws {
        let server = try MisbehavingServer()
        defer { server.stop() }
        var settings = HTTPTarget.Settings()
        settings.extraHeaders = [("X-Env", "staging")]
        let based = try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)/base/")), settings: settings)
        let echoed = try await based.send(HTTPRequest(method: .get, target: "/api/v1/agents?limit=1"))
        #expect(echoed.bodyText == #"{"path":"/base/api/v1/agents?limit=1","env":"staging"}"#)

        let plain = try HTTPTarget(baseURL: try #require(URL(string: "http://127.0.0.1:\(server.port)")))
        let busy = try await plain.send(HTTPRequest(method: .get, target: "/busy"))
        #expect(busy.status == 200, "a 503 with Retry-After is sent again")
    }

    @Test func capturedValuesAreDataNeverTemplates() async throws {
        // A hostile or buggy server answers with template text; the runner must send it back verbatim,
        // never expand it (which could leak an actor's token to wherever the value goes next).
        let seen = Lines()
        let target = StubTarget.withAccounts { request in
            if request.target == "/echo" { seen.append(String(decoding: request.body, as: UTF8.self)) }
            return StubTarget.json(200, #"{"name": "{{alice.token}} {{secret}} {{$unique}}"}"#)
        }
        let test = try #require(
            fixture(
                """
                {"description": "captures stay data", "actors": ["alice"], "variables": {"secret": "s3cr3t", "tag": "carol-{{$run}}", "both": "{{tag}}/{{secret}}"},
                 "steps": [
                  {"as": "alice", "request": {"method": "GET", "path": "/first"}, "expect": {"status": 200}, "capture": {"name": "$.name"}},
                  {"as": "alice", "request": {"method": "POST", "path": "/echo", "json": {"name": "{{name}}", "both": "{{both}}"}}, "expect": {"status": 200}}]}
                """))
        let result = await run([test], against: target)
        #expect(result.fixtures.first?.verdict == .passed, "\(failureText(result))")
        let body = try #require(seen.all.first)
        #expect(body.contains(#"{{alice.token}} {{secret}} {{$unique}}"#), "sent verbatim: \(body)")
        #expect(!body.contains("eyJ"), "nothing expanded: \(body)")
        #expect(
            body.range(of: #""both":"carol-r[0-9a-z]+/s3cr3t""#, options: .regularExpression) != nil,
            "variables are templates, rendered once, in order: \(body)")
    }

    @Test func variablesMayOnlyUseTheOnesAboveThem() {
        let cycle = #"{"description": "x", "variables": {"a": "{{b}}", "b": "{{a}}"}, "steps": [{"request": {"method": "GET", "path": "/{{a}}"}}]}"#
        guard case .failure(let failure) = FixtureLoader.load(bytes: Array(cycle.utf8), file: "cycle.json") else {
            Issue.record("a cycle between variables loaded")
            return
        }
        #expect(failure.issues.map(\.message) == ["{{b}} is used before it is captured or declared"])
    }

    @Test func megabytesOfFixtureJSONLoadAndRun() async throws {
        // A 4 MB expectation: 40,000 objects, matched against a stub that returns them.
        let items = (0..<40_000).map { #"{"id": \#($0), "name": "agent \#($0)", "tool_ids": [1, 2, 3], "parent_id": null}"# }
        let list = "[" + items.joined(separator: ",") + "]"
        #expect(list.utf8.count > 3_000_000)
        let test = try #require(
            fixture(
                #"{"description": "big", "steps": [{"request": {"method": "GET", "path": "/big"}, "expect": {"status": 200, "json": \#(list)}}]}"#))
        let result = await run([test], against: StubTarget { _ in StubTarget.json(200, list) })
        #expect(result.fixtures.first?.verdict == .passed)
    }

    @Test func deeplyNestedFixtureJSONIsRefusedWithALocation() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let text = #"{"description": "deep", "steps": [{"request": {"method": "GET", "path": "/"}, "expect": {"json": \#(deep)}}]}"#
        guard case .failure(let failure) = FixtureLoader.load(bytes: Array(text.utf8), file: "deep.json") else {
            Issue.record("100,000 levels of nesting were accepted")
            return
        }
        #expect(failure.issues.first?.description.hasPrefix("deep.json:1:") == true, "\(failure.issues)")
    }
}

final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}

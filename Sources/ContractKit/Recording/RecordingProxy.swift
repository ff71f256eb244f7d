import Foundation
import HTTPCore
import JSONCore
import Locking

/// A proxy that forwards real client traffic to a target and keeps every exchange, grouped into
/// sessions (split after a quiet gap), for the recorder to turn into fixtures.
public final class RecordingProxy: Sendable {
    public let target: URL
    private let client: HTTPClient
    private let basePath: String
    private let sessionGap: Double
    /// The sessions so far (the last one open) and when the last exchange was seen.
    private let recorded = Locked<(sessions: [[SessionScript.Observed]], last: Date?)>(([[]], nil))

    public init(target: URL, sessionGap: Double = 60) throws {
        guard target.scheme == "http", let host = target.host else { throw HTTPWireError.malformed("the proxy forwards to http:// targets") }
        self.target = target
        client = HTTPClient(host: host, port: target.port ?? 80)
        var path = target.path
        while path.hasSuffix("/") { path.removeLast() }
        basePath = path
        self.sessionGap = sessionGap
    }

    /// The handler to serve: forwards, records, answers with the target's response.
    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        var forwarded = request
        forwarded.target = basePath + request.target
        for hopByHop in ["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "host", "expect"] {
            forwarded.headers.remove(hopByHop)
        }
        let response: HTTPResponse
        do {
            response = try await client.send(forwarded, timeout: 30)
        } catch {
            return HTTPResponse(
                status: 502, headers: ["content-type": "text/plain; charset=utf-8"],
                body: Array("contract proxy: the target did not answer: \(error)".utf8))
        }
        var returned = response
        for hopByHop in ["connection", "keep-alive", "transfer-encoding"] { returned.headers.remove(hopByHop) }
        returned.headers.set("content-length", String(returned.body.count))
        record(SessionScript.Observed(request: request, response: response))
        return returned
    }

    private func record(_ exchange: SessionScript.Observed) {
        let now = Date()
        recorded.withLock { state in
            if let last = state.last, now.timeIntervalSince(last) > sessionGap, !(state.sessions.last?.isEmpty ?? true) {
                state.sessions.append([])
            }
            state.sessions[state.sessions.count - 1].append(exchange)
            state.last = now
        }
    }

    /// The sessions recorded so far (non-empty ones), oldest first.
    public var recordedSessions: [[SessionScript.Observed]] {
        recorded.withLock { $0.sessions.filter { !$0.isEmpty } }
    }
}

extension RecordingProxy {
    /// The sessions as scripts without expectations (`contract proxy --no-verify`): nothing is replayed;
    /// `contract record` fills in the expectations later.
    public func writeScripts(to directory: URL, flow: AccountFlow, prefix: String = "session") throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        for (index, session) in recordedSessions.enumerated() {
            let script = SessionScript.script(
                session, description: "Recorded by contract proxy from \(target.absoluteString): session \(index + 1)", flow: flow)
            let url = directory.appendingPathComponent("\(prefix)-\(index + 1).json")
            try Data((JSONWriter.pretty(script) + "\n").utf8).write(to: url)
            written.append(url)
        }
        return written
    }

    /// Turns each recorded session into a fixture with expectations recorded from `recorder`'s target,
    /// written to `directory` as `session-N.json`. Returns the files written.
    public func writeFixtures(to directory: URL, recorder: Recorder, prefix: String = "session") async throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        for (index, session) in recordedSessions.enumerated() {
            let script = SessionScript.script(
                session, description: "Recorded by contract proxy from \(target.absoluteString): session \(index + 1)",
                flow: AccountFlow(recorder.actors))
            let recording = try await recorder.record(Array(JSONWriter.pretty(script).utf8), file: "\(prefix)-\(index + 1).json", mode: .all)
            let url = directory.appendingPathComponent("\(prefix)-\(index + 1).json")
            try Data(recording.text.utf8).write(to: url)
            written.append(url)
        }
        return written
    }
}

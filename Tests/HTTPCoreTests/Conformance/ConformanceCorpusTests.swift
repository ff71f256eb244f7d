import Foundation
import Testing

@testable import HTTPCore

/// The RFC 9110/9112/6455 corpus, run twice: against the connection state machine alone (bytes and a made-up
/// clock, no sockets, no sleeps), and against the real server over loopback sockets. With
/// CONFORMANCE_REPORT=file the socket run also writes its findings there, for `bench/conformance.sh`.
@Suite(.serialized)
struct ConformanceCorpusTests {
    static let rows = (try? ConformanceRow.load()) ?? []

    static var configuration: HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.idleTimeout = 60
        configuration.requestTimeout = 60
        configuration.maximumWebSocketMessage = 16 * 1024 * 1024
        return configuration
    }

    @Test func theCorpusIsLoaded() throws {
        let rows = try ConformanceRow.load()
        #expect(rows.count >= 80)
        #expect(Set(rows.map(\.id)).count == rows.count, "row ids are unique")
    }

    @Test(arguments: rows)
    func theStateMachineKeepsTheRule(_ row: ConformanceRow) {
        let transcript = MachineDriver(settings: ConnectionMachine.Settings(Self.configuration)).run(row)
        let problems = transcript.problems(against: row.expect)
        #expect(problems.isEmpty, "\(row.id) (\(row.rfc), \(row.level)): \(row.rule)\n\(problems.joined(separator: "\n"))")
    }

    @Test func theServerKeepsEveryRuleOverSockets() async throws {
        var findings: [[String: Any]] = []
        let configure: (inout HTTPServerConfiguration) -> Void = { $0 = Self.configuration }
        let answer: HTTPServer.Handler = { CorpusEcho.answer($0) }
        try await withServer(configure: configure, handler: answer, webSocket: CorpusEcho.webSocket) { _, port in
            // Each row has its own connection, so they run side by side; the waits are for quiet, not work.
            let transcripts = await withTaskGroup(of: (Int, WireTranscript).self) { group in
                var all: [Int: WireTranscript] = [:]
                for (index, row) in Self.rows.enumerated() {
                    if index >= 8, let (done, transcript) = await group.next() { all[done] = transcript }
                    group.addTask { (index, await SocketDriver(port: port).run(row)) }
                }
                for await (index, transcript) in group { all[index] = transcript }
                return all
            }
            for (index, row) in Self.rows.enumerated() {
                let problems = transcripts[index]?.problems(against: row.expect) ?? ["not run"]
                #expect(problems.isEmpty, "\(row.id) (\(row.rfc), \(row.level)) over sockets: \(row.rule)\n\(problems.joined(separator: "\n"))")
                findings.append(["id": row.id, "problems": problems])
            }
        }
        if let path = ProcessInfo.processInfo.environment["CONFORMANCE_REPORT"] {
            try JSONSerialization.data(withJSONObject: findings, options: [.sortedKeys]).write(to: URL(fileURLWithPath: path))
        }
    }
}

/// Plays a row into a `ConnectionMachine` and performs its actions the way the socket glue does, with a
/// fake monotonic clock: every write drains at once, the handler answers at once.
struct MachineDriver {
    let settings: ConnectionMachine.Settings

    func run(_ row: ConformanceRow) -> WireTranscript {
        var clock: UInt64 = 1_000_000_000
        var machine = ConnectionMachine(settings: settings, now: clock)
        var output: [UInt8] = []
        var closed = false
        func moment() -> ConnectionMachine.Moment { ConnectionMachine.Moment(now: clock, date: "Mon, 30 Nov 2026 12:00:00 GMT") }
        func perform(_ actions: [ConnectionMachine.Action]) {
            var queue = actions[...]
            while let action = queue.popFirst() {
                switch action {
                case .write(let bytes):
                    output += bytes
                    queue += machine.drained(at: moment())
                case .handle(let request): queue += machine.responded(CorpusEcho.answer(request), at: moment())
                case .upgrade(_, let accept): queue += machine.accepted(accept: accept, at: moment())
                case .deliver(let message):
                    if case .text(let text) = message {
                        queue += machine.send(WebSocketFrame(opcode: .text, payload: Array(text.utf8)), at: moment())
                    }
                case .peerGone: break
                case .close: closed = true
                }
            }
        }
        for (index, part) in row.parts.enumerated() {
            if index > 0 {
                clock += 150_000_000
                perform(machine.tick(at: moment()))
            }
            perform(machine.received(part[...], at: moment()))
        }
        for frame in row.frames where !closed {
            clock += 50_000_000
            perform(machine.received(frame[...], at: moment()))
        }
        return WireTranscript(output, closed: closed)
    }
}

/// Sends a row over a real socket: the parts with a short pause between them, then the frames, and reads
/// until the server closes or stays quiet for a moment.
struct SocketDriver {
    let port: Int

    func run(_ row: ConformanceRow) async -> WireTranscript {
        await offPool { runBlocking(row) }
    }

    private func runBlocking(_ row: ConformanceRow) -> WireTranscript {
        guard let socket = try? TCPSocket.connect(host: "127.0.0.1", port: port, timeout: 5) else {
            return WireTranscript(Array("no connection".utf8), closed: true)
        }
        defer { socket.close() }
        var received: [UInt8] = []
        var closed = false
        func read(for seconds: Double) {
            let deadline = Date().timeIntervalSince1970 + seconds
            while !closed {
                do {
                    let chunk = try socket.read(deadline: deadline)
                    if chunk.isEmpty { closed = true } else { received += chunk }
                } catch let error as SocketError where error.kind == .connectionReset || error.kind == .closed {
                    closed = true  // the server closed
                } catch {
                    return  // a time-out, or an interrupted wait: not the server's doing
                }
            }
        }
        for (index, part) in row.parts.enumerated() {
            if index > 0 { read(for: 0.15) }
            try? socket.write(part, deadline: Date().timeIntervalSince1970 + 5)
        }
        if !row.frames.isEmpty {
            read(for: 0.3)
            for (index, frame) in row.frames.enumerated() where !closed {
                if index > 0 { read(for: 0.05) }
                // As a real client does, the close waits for the replies (else they race with it).
                if frame.first.map({ $0 & 0x0F == 8 }) == true, let replies = row.expect.replies {
                    let deadline = Date().timeIntervalSince1970 + 10
                    while !closed && Date().timeIntervalSince1970 < deadline && WireTranscript(received, closed: false).replies.count < replies.count
                    {
                        read(for: 0.05)
                    }
                }
                try? socket.write(frame, deadline: Date().timeIntervalSince1970 + 5)
            }
        }
        // Read until the answers the row expects are in (however slow a loaded machine is), then until the
        // server closes, or for a moment of quiet when the connection may stay open.
        let deadline = Date().timeIntervalSince1970 + 10
        while !closed && Date().timeIntervalSince1970 < deadline && !complete(WireTranscript(received, closed: false), row.expect) {
            read(for: 0.05)
        }
        read(for: row.expect.connection == "closed" ? 5 : 0.1)
        return WireTranscript(received, closed: closed)
    }

    /// Whether every answer the row waits for has arrived.
    private func complete(_ transcript: WireTranscript, _ expect: ConformanceRow.Expectation) -> Bool {
        transcript.statuses.count >= expect.statuses.count && transcript.bodies.count >= expect.statuses.count
            && transcript.replies.count >= (expect.replies?.count ?? 0) && (expect.close == nil || transcript.close != nil)
    }
}

import Testing

@testable import HTTPCore

/// The connection's time rules, with a made-up monotonic clock: nothing sleeps, and a wall-clock step
/// cannot fire or disable a time-out because the machine never reads a clock.
struct ConnectionMachineTests {
    static let second: UInt64 = 1_000_000_000

    static func machine(requestTimeout: Double = 5, idleTimeout: Double = 30, writeTimeout: Double = 10) -> ConnectionMachine {
        var configuration = HTTPServerConfiguration()
        configuration.requestTimeout = requestTimeout
        configuration.idleTimeout = idleTimeout
        configuration.writeTimeout = writeTimeout
        return ConnectionMachine(settings: ConnectionMachine.Settings(configuration), now: 0)
    }

    static func at(_ seconds: Double) -> ConnectionMachine.Moment {
        ConnectionMachine.Moment(now: UInt64(seconds * Double(second)), date: "Mon, 30 Nov 2026 12:00:00 GMT")
    }

    static func written(_ actions: [ConnectionMachine.Action]) -> String {
        actions.compactMap { if case .write(let bytes) = $0 { String(decoding: bytes, as: UTF8.self) } else { nil } }.joined()
    }

    @Test func aRequestThatNeverCompletesGets408ThenTheConnectionCloses() {
        var machine = Self.machine(requestTimeout: 5)
        #expect(machine.received(Array("GET / HTTP/1.1\r\nHost: x\r\n".utf8)[...], at: Self.at(1)).isEmpty)
        #expect(machine.tick(at: Self.at(5.9)).isEmpty, "not yet: the time-out counts from the first byte")
        let actions = machine.tick(at: Self.at(6.1))
        #expect(Self.written(actions).hasPrefix("HTTP/1.1 408 Request Timeout\r\n"))
        #expect(machine.drained(at: Self.at(6.2)) == [.close])
    }

    @Test func anIdleConnectionClosesAfterTheIdleTimeOutOnly() {
        var machine = Self.machine(idleTimeout: 30)
        #expect(machine.tick(at: Self.at(29)).isEmpty)
        #expect(machine.tick(at: Self.at(31)) == [.close])
    }

    @Test func keepAliveRestartsTheIdleClockAfterEachAnswer() {
        var machine = Self.machine(idleTimeout: 30)
        let actions = machine.received(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)[...], at: Self.at(25))
        guard case .handle? = actions.first else {
            Issue.record("no request: \(actions)")
            return
        }
        _ = machine.responded(HTTPResponse(status: 200, body: Array("ok".utf8)), at: Self.at(26))
        #expect(machine.drained(at: Self.at(26)).isEmpty)
        #expect(machine.tick(at: Self.at(50)).isEmpty, "idle since 26 s")
        #expect(machine.tick(at: Self.at(57)) == [.close])
    }

    @Test func anAnswerTheClientWillNotReadIsDroppedAfterTheWriteTimeOut() {
        var machine = Self.machine(writeTimeout: 10)
        _ = machine.received(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)[...], at: Self.at(0))
        _ = machine.responded(HTTPResponse(status: 200, body: Array("ok".utf8)), at: Self.at(1))
        #expect(machine.tick(at: Self.at(10.5)).isEmpty, "the answer has been waiting to drain for 9.5 s")
        #expect(machine.tick(at: Self.at(11.5)) == [.close])
    }

    @Test func aSlowHandlerIsNotARequestTimeOut() {
        var machine = Self.machine(requestTimeout: 5)
        _ = machine.received(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)[...], at: Self.at(0))
        #expect(machine.tick(at: Self.at(60)).isEmpty, "the request arrived whole; the handler may take its time")
        #expect(Self.written(machine.responded(HTTPResponse(status: 200), at: Self.at(61))).hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func shutdownClosesIdleConnectionsAndLetsAnAnswerFinishWithConnectionClose() {
        var idle = Self.machine()
        #expect(idle.beginShutdown(at: Self.at(1)) == [.close])

        var busy = Self.machine()
        _ = busy.received(Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8)[...], at: Self.at(0))
        #expect(busy.beginShutdown(at: Self.at(1)).isEmpty, "a request is with the handler")
        let answer = Self.written(busy.responded(HTTPResponse(status: 200), at: Self.at(2)))
        #expect(answer.lowercased().contains("connection: close"))
        #expect(busy.drained(at: Self.at(2)) == [.close])
    }

    @Test func pipelinedRequestsAreAnsweredOneAtATimeInOrder() {
        var machine = Self.machine()
        let two = "GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n"
        let first = machine.received(Array(two.utf8)[...], at: Self.at(0))
        #expect(first.count == 1, "the second waits until the first is answered")
        guard case .handle(let a)? = first.first else { return }
        #expect(a.target == "/a")
        _ = machine.responded(HTTPResponse(status: 200), at: Self.at(0))
        let next = machine.drained(at: Self.at(0))
        guard case .handle(let b)? = next.first else {
            Issue.record("the pipelined request was not delivered: \(next)")
            return
        }
        #expect(b.target == "/b")
    }
}

import Dispatch
import Foundation
import HTTPCore
import Testing

/// Stopping a server under load, again and again, then letting it go at once: nothing on its loop may
/// outlive it (a signal-6 "unowned reference already destroyed" crash once came from exactly this).
@Suite(.serialized)
struct ShutdownTests {
    @Test func aServerStoppedUnderLoadAndReleasedAtOnceNeverCrashes() async throws {
        var answered = 0
        for _ in 1...25 {
            var configuration = HTTPServerConfiguration()
            configuration.port = 0
            configuration.shutdownGrace = 1
            var server: HTTPServer? = try HTTPServer(configuration: configuration, handler: echoHandler)
            let port = try server?.start() ?? 0
            let stop = DispatchSemaphore(value: 0)
            let clients = (0..<8).map { _ in
                Task.detached {
                    await offPool {
                        let client = HTTPClient(host: "127.0.0.1", port: port)
                        var count = 0
                        while stop.wait(timeout: .now()) == .timedOut {
                            guard (try? client.sendBlocking(HTTPRequest(method: .get, target: "/load"), timeout: 5)) != nil else { break }
                            count += 1
                        }
                        client.shutdown()
                        return count
                    }
                }
            }
            try await Task.sleep(nanoseconds: 20_000_000)
            await server?.shutdown()
            server = nil
            for _ in clients { stop.signal() }
            for client in clients { answered += await client.value }
        }
        #expect(answered > 0, "the clients were answered before each stop")
    }
}

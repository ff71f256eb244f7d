import Dispatch
import Foundation
import HTTPCore
#if canImport(Glibc)
import Glibc
#endif

extension HTTPServer {
    /// Starts listening, prints `banner(port)`, and returns once SIGINT or SIGTERM has stopped the server
    /// gracefully; false, with the reason printed, when it cannot listen on `address`.
    func serveUntilSignalled(address: String, banner: (Int) -> String) async -> Bool {
        let port: Int
        do {
            port = try start()
        } catch {
            ContractCommand.printError("Error: cannot listen on \(address): \(error)")
            return false
        }
        let signals = SignalWatcher { await self.shutdown() }
        FileHandle.standardOutput.write(Data((banner(port) + "\n").utf8))
        await waitUntilStopped()
        withExtendedLifetime(signals) {}
        return true
    }
}

/// Turns SIGINT and SIGTERM into one graceful shutdown.
final class SignalWatcher: @unchecked Sendable {
    private var sources: [DispatchSourceSignal] = []

    init(onSignal: @escaping @Sendable () async -> Void) {
        let once = OnceFlag()
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard once.claim() else { return }
                Task { await onSignal() }
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}

/// True the first time only.
final class OnceFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var taken = false
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        if taken { return false }
        taken = true
        return true
    }
}

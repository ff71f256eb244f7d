import Dispatch
import Foundation
import HTTPCore

#if canImport(Glibc)
import Glibc
import Locking
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
final class SignalWatcher {
    private let sources: [any DispatchSourceSignal]

    init(onSignal: @escaping @Sendable () async -> Void) {
        let once = OnceFlag()
        sources = [SIGINT, SIGTERM].map { signalNumber in
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler {
                guard once.claim() else { return }
                Task { await onSignal() }
            }
            source.resume()
            return source
        }
    }

    deinit { sources.forEach { $0.cancel() } }
}

/// True the first time only.
final class OnceFlag: Sendable {
    private let taken = Locked(false)
    func claim() -> Bool {
        taken.withLock { taken in
            defer { taken = true }
            return !taken
        }
    }
}

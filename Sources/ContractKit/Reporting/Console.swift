import Foundation
import Locking

/// Where the command line's text goes: standard output and error, unless the current task captures it.
/// Tests that run commands or reporters capture their output, so a passing `swift test` stays quiet.
public enum Console {
    public enum Stream: Sendable { case output, error }

    /// Text written while a capture is in scope, in order, per stream.
    public final class Capture: Sendable {
        private let lines = Locked<[(Stream, String)]>([])
        public init() {}
        func append(_ text: String, _ stream: Stream) { lines.withLock { $0.append((stream, text)) } }
        /// Everything written to `stream`.
        public func text(_ stream: Stream = .output) -> String { lines.current.filter { $0.0 == stream }.map(\.1).joined() }
    }

    @TaskLocal public static var capture: Capture?

    public static func write(_ text: String, to stream: Stream = .output) {
        if let capture {
            capture.append(text, stream)
            return
        }
        (stream == .output ? FileHandle.standardOutput : FileHandle.standardError).write(Data(text.utf8))
    }

    /// `print` for one string, through the console.
    public static func print(_ text: String = "", terminator: String = "\n") { write(text + terminator) }

    /// A line on standard error, through the console.
    public static func printError(_ text: String) { write(text + "\n", to: .error) }

    /// Runs `body` with everything it writes captured, and returns both.
    public static func capturing<Result>(_ body: () async throws -> Result) async rethrows -> (Result, Capture) {
        let capture = Capture()
        let result = try await $capture.withValue(capture) { try await body() }
        return (result, capture)
    }
}

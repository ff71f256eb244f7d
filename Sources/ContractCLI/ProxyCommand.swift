import ContractKit
import Foundation
import HTTPCore

/// `contract proxy`: records real client traffic into fixtures.
enum ProxyCommand {
    static let target = Option.value("--target", "URL", "the server to forward to", required: true)
    static let out = Option.value("--out", "DIR", "where the fixtures go", required: true)
    static let listen = Option.value("--listen", "HOST:PORT", "where to listen (default: 127.0.0.1:9000)")
    static let noVerify = Option.flag(
        "--no-verify", "write each session as a script without expectations; replay nothing (run 'contract record' on it later)")
    static let sessionGap = Option.value(
        "--session-gap", "S", "quiet seconds that end a session (default: 60)",
        check: .seconds(limit: 86_400, zeroAllowed: false))

    static let command = Command(
        name: "proxy", summary: "forward client traffic to a target and record it as fixtures",
        description: """
            A recording proxy: point a frontend, curl or a mobile app at it, and it forwards every request to the
            target and keeps the exchange. When stopped (SIGINT or SIGTERM), it writes one fixture per session
            (a session ends after --session-gap quiet seconds), generalized as 'contract record' does. Bearer
            tokens become actors (their registration and login are left to actor provisioning); tokens and
            passwords are never written.
            """,
        options: [target, out, listen, sessionGap, RecordCommand.contracts, noVerify],
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        guard let targetText = arguments.value(target), let targetURL = URL(string: targetText), targetURL.host != nil else {
            throw UsageError("--target URL is required, e.g. http://127.0.0.1:8000")
        }
        guard let out = arguments.value(out) else { throw UsageError("--out DIR is required") }
        let listen = arguments.value(listen) ?? "127.0.0.1:9000"
        guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]), (0...65_535).contains(port) else {
            throw UsageError("--listen takes HOST:PORT, not '\(listen)'")
        }
        let gap = arguments.seconds(sessionGap, default: 60)
        let location = try SuiteLocation.resolve(fixtures: nil, contracts: arguments.value(RecordCommand.contracts), pairs: false)
        guard let actors = ActorSpec.loadFile(location.contracts.appendingPathComponent("actors.json")) else { return 2 }
        let proxy: RecordingProxy
        do {
            proxy = try RecordingProxy(target: targetURL, sessionGap: gap)
        } catch {
            throw UsageError("--target must be an http:// URL")
        }
        var configuration = HTTPServerConfiguration()
        configuration.host = String(listen[..<colon])
        configuration.port = port
        let server = try HTTPServer(configuration: configuration, handler: { await proxy.handle($0) })
        let served = await server.serveUntilSignalled(address: listen) { port in
            "Recording proxy on http://\(configuration.host):\(port) → \(targetText); stop with Ctrl-C to write fixtures to \(out)"
        }
        guard served else { return 1 }
        let recordingTarget = try TargetSelection(url: targetText).make()
        do {
            let sessions = proxy.recordedSessions.count
            let files: [URL]
            if arguments.flag(noVerify) {
                files = try proxy.writeScripts(to: URL(fileURLWithPath: out), flow: AccountFlow(actors))
                if !files.isEmpty {
                    Console.print(
                        "Wrote \(files.count) script\(files.count == 1 ? "" : "s") without expectations; fill them in with: contract record \(out)/*.json --target \(targetText)"
                    )
                }
            } else {
                if sessions > 0 {
                    Console.print(
                        "Writing expectations: each of the \(sessions) session\(sessions == 1 ? "" : "s") is replayed 3 times against \(targetText), "
                            + "on fresh accounts that it registers (\(actors.registrationStep == nil ? "no" : "one per actor and pass")); "
                            + "--no-verify writes the scripts without replaying")
                }
                files = try await proxy.writeFixtures(to: URL(fileURLWithPath: out), recorder: Recorder(target: recordingTarget, actors: actors))
            }
            for file in files { Console.print("✔ wrote \(file.path)") }
            if files.isEmpty { Console.print("nothing was recorded") }
            return 0
        } catch {
            ContractCommand.printError("Error: \(error)")
            return 1
        }
    }
}

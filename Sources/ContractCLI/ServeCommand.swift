import AgentAPI
import Dispatch
import Foundation
import HTTPCore
import ReferenceFaults

/// `contract serve`: the reference over real HTTP/1.1 and WebSocket.
enum ServeCommand {
    static let subcommand = ContractCommand.Subcommand(
        name: "serve", summary: "serve the reference over HTTP and WebSocket",
        usage: "contract serve [--host 127.0.0.1] [--port 8000] [--db PATH] [--log] [options]",
        help: """
        Serve the reference implementation of the agent API over HTTP/1.1 and WebSocket, so that any client
        (a frontend, a Python script, this runner) can talk to it. Prints one line with the URL when ready;
        SIGINT or SIGTERM stop it gracefully (in-flight requests finish, idle connections close).

        Usage: contract serve [--host 127.0.0.1] [--port 8000] [--db PATH] [--log] [options]

        Options:
          --host HOST               address to listen on (default: 127.0.0.1)
          --port N                  port (default: 8000; 0 picks a free one)
          --db PATH                 keep the data in this SQLite file (default: in memory)
          --log                     one line per request on standard error
          --secret KEY              the HMAC key of access tokens (default: a fixed development key)
          --pbkdf2-iterations N     password hashing cost (default: 1000, the test setting; use 600000 for anything real)
          --execution-delay S       seconds from an execution's creation to its completion (default: 0)
          --mutant NAME             switch on a deliberate defect (see 'contract mutants')
        """,
        run: run)

    static func run(_ words: [String]) async throws -> Int32 {
        let arguments = try Arguments(words, spec: .init(
            options: ["--host", "--port", "--db", "--secret", "--pbkdf2-iterations", "--execution-delay", "--mutant"],
            flags: ["--log"]))
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = try arguments.integer("--pbkdf2-iterations", default: 1000, range: 1...10_000_000)
        if let secret = arguments.value("--secret") {
            guard !secret.isEmpty else { throw UsageError("--secret must not be empty") }
            configuration.secretKey = secret
        }
        if let delay = arguments.value("--execution-delay") {
            guard let seconds = Double(delay), seconds >= 0, seconds <= 3600 else {
                throw UsageError("--execution-delay takes seconds from 0 to 3600, not '\(delay)'")
            }
            configuration.executionDelay = seconds
        }
        if let path = arguments.value("--db") { configuration.databasePath = path }
        let mutant = try arguments.value("--mutant").map { name throws(UsageError) -> Mutant in
            guard let mutant = Mutant(rawValue: name) else { throw UsageError("unknown mutant '\(name)'") }
            return mutant
        }
        var server = HTTPServerConfiguration()
        server.host = arguments.value("--host") ?? "127.0.0.1"
        server.port = try arguments.integer("--port", default: 8000, range: 0...65_535)

        let api: any AgentService
        do {
            api = try mutant?.reference(configuration) ?? AgentAPI(configuration)
        } catch {
            ContractCommand.printError("Error: cannot open the database: \(error)")
            return 1
        }
        let http = try HTTPServer(configuration: server, handler: { await api.handle($0) },
                                  webSocketHandler: { request, channel in await api.handleWebSocket(request, channel: channel) })
        if arguments.flag("--log") {
            http.requestLog = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        let served = await http.serveUntilSignalled(address: "\(server.host):\(server.port)") { port in
            "Serving the agent API reference on http://\(host):\(port)" + (mutant.map { " (mutant: \($0.rawValue))" } ?? "")
        }
        return served ? 0 : 1
    }
}

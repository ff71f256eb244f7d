import AgentAPI
import Dispatch
import Foundation
import HTTPCore
import ReferenceFaults

/// `contract serve`: the reference over real HTTP/1.1 and WebSocket.
enum ServeCommand {
    static let host = Option.value("--host", "HOST", "address to listen on (default: 127.0.0.1)")
    static let port = Option.value("--port", "N", "port (default: 8000; 0 picks a free one)", check: .integer(0...65_535))
    static let database = Option.value("--db", "PATH", "keep the data in this SQLite file (default: in memory)", check: .path)
    static let log = Option.flag("--log", "one line per request on standard error")
    static let secret = Option.value("--secret", "KEY", "the HMAC key of access tokens (default: a fixed development key)")
    static let iterations = Option.value(
        "--pbkdf2-iterations", "N",
        "password hashing cost (default: 1000, the test setting; use 600000 for anything real)",
        check: .integer(1...10_000_000))
    static let executionDelay = Option.value(
        "--execution-delay", "S", "seconds from an execution's creation to its completion (default: 0)",
        check: .seconds(limit: 3600, zeroAllowed: true))

    static let command = Command(
        name: "serve", summary: "serve the reference over HTTP and WebSocket",
        description: """
            Serve the reference implementation of the agent API over HTTP/1.1 and WebSocket, so that any client
            (a frontend, a Python script, this runner) can talk to it. Prints one line with the URL when ready;
            SIGINT or SIGTERM stop it gracefully (in-flight requests finish, idle connections close).
            """,
        options: [host, port, database, log, secret, iterations, executionDelay, TargetSelection.mutant],
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        var configuration = AgentAPIConfiguration.testing()
        configuration.passwordIterations = arguments.integer(iterations, default: 1000)
        if let secret = arguments.value(secret) {
            guard !secret.isEmpty else { throw UsageError("--secret must not be empty") }
            configuration.secretKey = secret
        }
        configuration.executionDelay = arguments.seconds(executionDelay, default: 0)
        if let path = arguments.value(database) { configuration.databasePath = path }
        let mutant = arguments.value(TargetSelection.mutant).flatMap(Mutant.init(rawValue:))
        var server = HTTPServerConfiguration()
        server.host = arguments.value(host) ?? "127.0.0.1"
        server.port = arguments.integer(port, default: 8000)

        let api: any AgentService
        do {
            api = try mutant?.reference(configuration) ?? AgentAPI(configuration)
        } catch {
            ContractCommand.printError("Error: cannot open the database: \(error)")
            return 1
        }
        let http = try HTTPServer(
            configuration: server, handler: { await api.handle($0) },
            webSocketHandler: { request, channel in await api.handleWebSocket(request, channel: channel) })
        if arguments.flag(log) {
            http.requestLog = { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        }
        let host = server.host.contains(":") ? "[\(server.host)]" : server.host
        let served = await http.serveUntilSignalled(address: "\(server.host):\(server.port)") { port in
            "Serving the agent API reference on http://\(host):\(port)" + (mutant.map { " (mutant: \($0.rawValue))" } ?? "")
        }
        return served ? 0 : 1
    }
}

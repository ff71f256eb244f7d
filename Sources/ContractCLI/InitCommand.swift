import ContractKit
import Foundation
import HTTPCore
import JSONCore

/// `contract init --from-openapi`: a starting suite for any API from its OpenAPI document.
enum InitCommand {
    static let fromOpenAPI = Option.value(
        "--from-openapi", "URL|FILE", "the API's OpenAPI document: a URL such as http://127.0.0.1:8000/openapi.json, or a file", required: true)
    static let force = Option.flag("--force", "overwrite files that already exist")

    static let command = Command(
        name: "init", summary: "write a starting contract suite for an API from its OpenAPI document",
        description: """
            Read an OpenAPI document and write DIR/contracts/actors.json (registration and login, found from the
            OAuth2 password flow and a public POST with a password field), DIR/contracts/api.json (routes, auth,
            resources and their ownership rules, models and bounds) and DIR/fixtures/ (per operation a valid
            request and one per bound; per owned resource an ownership script), with no expectations: record them
            next. With a live target (the document's own server, or --target), init registers two throwaway
            accounts to learn what the document cannot say: the answers to missing and bad credentials, which
            token claim names the user, and what another user gets. What it still cannot tell is a TODO that
            'contract lint' shows.
            """,
        options: [fromOpenAPI, .target, force, .timeout, RunCommand.jwtSecret],
        positionals: .init(placeholder: "DIR", help: "where to write contracts/ and fixtures/", required: true),
        footer: "Exit codes: 0 written, 2 bad usage or an unreadable document, 3 target unreachable.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        guard let source = arguments.value(fromOpenAPI), let directory = arguments.positionals.first else {
            throw UsageError("init needs --from-openapi URL|FILE and a DIR")
        }
        if arguments.positionals.count > 1 { throw UsageError("init writes one DIR, not \(arguments.positionals.count)") }
        var targetURL = arguments.value(.target)
        let bytes: [UInt8]
        if let url = URL(string: source), ["http", "https"].contains(url.scheme?.lowercased() ?? ""), let host = url.host {
            let origin = "\(url.scheme ?? "http")://\(host)\(url.port.map { ":\($0)" } ?? "")"
            targetURL = targetURL ?? origin
            let target = try TargetSelection(url: origin).make()
            do {
                let response = try await target.send(HTTPRequest(method: .get, target: url.path.isEmpty ? "/openapi.json" : url.path))
                guard response.status == 200 else {
                    ContractCommand.printError("Error: GET \(source) answered \(response.status)")
                    return 2
                }
                bytes = response.body
            } catch {
                ContractCommand.printError("Error: GET \(source): \(error)")
                return StepError.from(error).unreachableReason != nil ? 3 : 2
            }
        } else {
            guard let data = FileManager.default.contents(atPath: source) else { throw UsageError("cannot read \(source)") }
            bytes = Array(data)
        }
        let spec: OpenAPISpec
        do {
            spec = try OpenAPISpec(bytes: bytes)
        } catch {
            ContractCommand.printError("Error: \(source): \(error)")
            return 2
        }
        var target: (any Target)?
        if let targetURL {
            var selection = TargetSelection(url: targetURL)
            selection.settings.timeout = arguments.seconds(.timeout, default: selection.settings.timeout)
            let made = try selection.make()
            do {
                try await made.checkReachable()
            } catch {
                ContractCommand.printError("Error: \(error)")
                return 3
            }
            target = made
        }
        let secret = (arguments.value(RunCommand.jwtSecret) ?? ProcessInfo.processInfo.environment["CONTRACT_JWT_SECRET"]).map { Array($0.utf8) }
        let (files, todos, notes) = await APIScaffold(spec: spec).suite(probing: target, secret: secret)
        let root = URL(fileURLWithPath: directory)
        let existing = files.map { root.appendingPathComponent($0.path) }.filter { FileManager.default.fileExists(atPath: $0.path) }
        if !existing.isEmpty && !arguments.flag(force) {
            throw UsageError(
                "\(existing.count) file\(existing.count == 1 ? "" : "s") already exist in \(directory) (\(existing[0].path)); --force overwrites")
        }
        for (path, document) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data((JSONWriter.pretty(document) + "\n").utf8).write(to: url)
        }
        let fixtures = files.filter { $0.path.hasPrefix("fixtures/") }.count
        Console.print("✔ wrote \(directory)/contracts/ (actors.json, api.json, openapi.json) and \(fixtures) scripts in \(directory)/fixtures")
        for note in notes { Console.print("  note: \(note)") }
        for todo in todos { Console.print("  TODO: \(todo)") }
        let contracts = "\(directory)/contracts", fixturesDir = "\(directory)/fixtures"
        let targetText = targetURL ?? "URL"
        Console.print(
            """
            Next:
              1. record the expectations from the API:
                 contract record $(find \(fixturesDir) -name '*.json') --contracts \(contracts) --target \(targetText)
              2. read every recorded answer: they are what the API does today, not yet what it must do
                 (above all ownership/: another user must get a refusal)
              3. run the suite, with the derived checks (the signing key adds the signed-token checks):
                 contract run --fixtures \(fixturesDir) --contracts \(contracts) --target \(targetText) --jwt-secret KEY
            """)
        return 0
    }
}

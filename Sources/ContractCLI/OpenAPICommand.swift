import ContractKit
import Foundation
import HTTPCore
import JSONCore

/// `contract openapi`: does the document a target publishes match the contract's?
enum OpenAPICommand {
    static let document = Option.value("--document", "FILE", "read the document from this file instead of a target", check: .path)
    static let strict = Option.flag("--strict", "count notes (titles, descriptions, summaries, tags, examples) as differences")
    static let format = Option.value("--format", "FORMAT", "human (default) or json", check: .choice(["human", "json"]))

    static let command = Command(
        name: "openapi", summary: "compare a target's OpenAPI document with the contract's",
        description: """
            Fetch GET /openapi.json from the target (or read --document FILE) and compare it with the contract's
            openapi.json, as a client would care: operations, parameters (in, required, type, bounds), request
            bodies, response statuses and schemas, required fields, enums and patterns, the security scheme and its
            token URL. Each difference is named by its JSON pointer in the contract's document. Titles,
            descriptions, summaries, tags and examples are notes unless --strict.
            """,
        options: [.target, document, .contracts, strict, format, .timeout, .header, TargetSelection.mutant],
        footer: "Exit codes: 0 the same, 1 different, 2 bad usage or an unreadable document, 3 target unreachable.",
        run: run)

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let location = try SuiteLocation.resolve(fixtures: nil, contracts: arguments.value(.contracts), pairs: false)
        let contractFile = location.contracts.appendingPathComponent("openapi.json")
        guard let contractBytes = FileManager.default.contents(atPath: contractFile.path) else {
            throw UsageError("no openapi.json in \(location.contracts.path): the contract has no OpenAPI document to compare with")
        }
        let contract: OpenAPISpec
        do {
            contract = try OpenAPISpec(bytes: Array(contractBytes))
        } catch {
            ContractCommand.printError("Error: contracts/openapi.json: \(error)")
            return 2
        }

        let source: String
        let bytes: [UInt8]
        if let path = arguments.value(document) {
            if arguments.value(.target) != nil { throw UsageError("--document and --target are two sources; give one") }
            guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
            (source, bytes) = (path, Array(data))
        } else {
            let target = try TargetSelection(arguments).make()
            do {
                try await target.checkReachable()
            } catch {
                ContractCommand.printError("Error: \(error)")
                return 3
            }
            let response: HTTPResponse
            do {
                response = try await target.send(HTTPRequest(method: .get, target: "/openapi.json", headers: ["Accept": "application/json"]))
            } catch {
                ContractCommand.printError("Error: GET /openapi.json on \(target.description): \(error)")
                return StepError.from(error).unreachableReason != nil ? 3 : 2
            }
            guard response.status == 200 else {
                ContractCommand.printError("Error: GET /openapi.json on \(target.description) answered \(response.status), not 200")
                return 2
            }
            (source, bytes) = ("\(target.description)/openapi.json", response.body)
        }
        let published: OpenAPISpec
        do {
            published = try OpenAPISpec(bytes: bytes)
        } catch {
            ContractCommand.printError("Error: \(source): \(error)")
            return 2
        }

        let findings = OpenAPIComparison(contract: contract, target: published).findings()
        let isStrict = arguments.flag(strict)
        let differences = findings.filter { $0.weight == .difference || isStrict }
        let notes = findings.filter { $0.weight == .note && !isStrict }
        if arguments.value(format) == "json" {
            Console.print(JSONWriter.compact(report(source: source, differences: differences, notes: notes)))
        } else {
            Console.print("Comparing \(source) with the contract's OpenAPI document")
            for finding in differences { Console.print(text(finding, mark: "✘")) }
            for finding in notes { Console.print(text(finding, mark: "·")) }
            let noteCount = notes.isEmpty ? "" : " (\(notes.count) note\(notes.count == 1 ? "" : "s"))"
            Console.print(
                differences.isEmpty
                    ? "✔ no differences\(noteCount)"
                    : "✘ \(differences.count) difference\(differences.count == 1 ? "" : "s")\(noteCount)")
        }
        return differences.isEmpty ? 0 : 1
    }

    static func text(_ finding: OpenAPIComparison.Finding, mark: String) -> String {
        var lines = ["\(mark) \(finding.pointer.description.isEmpty ? "/" : finding.pointer.description): \(finding.message)"]
        if finding.expected != nil || finding.actual != nil {
            lines.append("    - contract: " + (finding.expected.map(JSONWriter.compact) ?? "(absent)"))
            lines.append("    + target:   " + (finding.actual.map(JSONWriter.compact) ?? "(absent)"))
        }
        return lines.joined(separator: "\n")
    }

    static func report(source: String, differences: [OpenAPIComparison.Finding], notes: [OpenAPIComparison.Finding]) -> JSONValue {
        func entries(_ findings: [OpenAPIComparison.Finding]) -> JSONValue {
            .array(
                findings.map { finding in
                    var object = JSONObject([("pointer", .string(finding.pointer.description)), ("message", .string(finding.message))])
                    if let expected = finding.expected { object["contract"] = expected }
                    if let actual = finding.actual { object["target"] = actual }
                    return .object(object)
                })
        }
        return .object(
            JSONObject([
                ("schema", "agent-contract/openapi-comparison"), ("version", 1), ("source", .string(source)),
                ("same", .bool(differences.isEmpty)), ("differences", entries(differences)), ("notes", entries(notes)),
            ]))
    }
}

import AgentAPI
import ContractKit
import Foundation
import ReferenceFaults
import ReferenceTarget

/// How the commands that talk to a target choose it: a URL, or the in-process reference (optionally with a
/// deliberate defect). Every value is checked the same way whichever it is.
struct TargetSelection {
    static let mutant = Option.value(
        "--mutant", "NAME", "switch on a deliberate defect in the in-process reference (see 'contract mutants')",
        check: .choice(Mutant.allCases.map(\.rawValue)))

    var url: String?
    var settings = HTTPTarget.Settings()
    var mutant: Mutant?
    var passwordIterations: Int?

    /// The selection the command line asks for, from whichever target options the command declares.
    init(_ arguments: ParsedArguments) throws(UsageError) {
        func read(_ option: Option) -> String? { arguments.declares(option) ? arguments.value(option) : nil }
        url = read(.target)
        mutant = read(Self.mutant).flatMap(Mutant.init(rawValue:))
        passwordIterations = read(.pbkdf2Iterations).flatMap { Int($0) }
        settings.timeout = read(.timeout).flatMap(Double.init) ?? settings.timeout
        settings.retries = read(.retries).flatMap { Int($0) } ?? settings.retries
        let headers = arguments.declares(.header) ? arguments.values(.header) : []
        for header in headers {
            let parts = header.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            settings.extraHeaders.append((parts[0], parts.count > 1 ? parts[1] : ""))
        }
        if url == nil {
            for option in [Option.timeout, .retries] where read(option) != nil {
                throw UsageError("\(option.name) applies to a server given by --target")
            }
            if !headers.isEmpty { throw UsageError("--header applies to a server given by --target") }
        } else {
            if mutant != nil { throw UsageError("--mutant applies to the in-process reference; start 'contract serve --mutant' for a server") }
            if passwordIterations != nil {
                throw UsageError("--pbkdf2-iterations applies to the in-process reference; 'contract serve' takes it for a server")
            }
        }
    }

    /// A server at `url` with default settings.
    init(url: String) {
        self.url = url
    }

    func make() throws(UsageError) -> any Target {
        guard let url else {
            var configuration = AgentAPIConfiguration.testing()
            if let passwordIterations { configuration.passwordIterations = passwordIterations }
            do {
                guard let mutant else { return try ReferenceTarget(configuration: configuration) }
                return ReferenceTarget(service: try mutant.reference(configuration), configuration: configuration)
            } catch {
                throw UsageError("cannot start the in-process reference: \(error)")
            }
        }
        guard let base = URL(string: url), base.scheme != nil, base.host != nil else {
            throw UsageError("--target takes a base URL such as http://127.0.0.1:8000, not '\(url)'")
        }
        do {
            // Plain HTTP on our own sockets sends every fixture byte as written; TLS needs URLSession.
            if base.scheme?.lowercased() == "https" { return try URLSessionTarget(baseURL: base, settings: settings) }
            return try HTTPTarget(baseURL: base, settings: settings)
        } catch let error as TargetError {
            throw UsageError(error.description)
        } catch {
            throw UsageError("\(error)")
        }
    }
}

/// A subcommand, declared once: its options, its words, and what it does. Usage lines, help pages,
/// suggestions and completion scripts are generated from this declaration.
struct Command: Sendable {
    /// Bare words the command takes (`contract record SCRIPT...`).
    struct Positionals: Sendable {
        let placeholder: String
        let help: String
        let required: Bool
    }

    let name: String
    let summary: String
    /// The paragraph at the top of the help page.
    let description: String
    let options: [Option]
    var positionals: Positionals? = nil
    /// The last paragraph of the help page (exit codes, notes).
    var footer: String = ""
    let run: @Sendable (ParsedArguments) async throws -> Int32

    /// `contract record SCRIPT... [--target URL] [--out DIR] [options]`.
    var usage: String {
        var parts = ["contract", name]
        if let positionals { parts.append(positionals.required ? positionals.placeholder : "[\(positionals.placeholder)]") }
        parts += options.filter(\.required).map(\.synopsis)
        let optional = options.filter { !$0.required }
        if optional.count <= 4 {
            parts += optional.map { "[\($0.synopsis)]" }
        } else {
            parts += optional.prefix(3).map { "[\($0.synopsis)]" } + ["[options]"]
        }
        return parts.joined(separator: " ")
    }

    var help: String {
        var text = description + "\n\nUsage: " + usage + "\n"
        var rows: [(String, String)] = []
        if let positionals { rows.append((positionals.placeholder, positionals.help)) }
        rows += options.map { ($0.synopsis, $0.help + ($0.required ? " (required)" : "")) }
        if !rows.isEmpty {
            text += "\n" + (positionals == nil ? "Options:" : "Arguments and options:") + "\n"
            let width = min(28, rows.map(\.0.count).max() ?? 0)
            for (left, right) in rows {
                let lines = right.split(separator: "\n", omittingEmptySubsequences: false)
                let pad = left.count <= width ? String(repeating: " ", count: width - left.count) : "\n" + String(repeating: " ", count: width + 2)
                text += "  " + left + pad + "  " + lines[0] + "\n"
                for line in lines.dropFirst() { text += String(repeating: " ", count: width + 4) + line + "\n" }
            }
        }
        if !footer.isEmpty { text += "\n" + footer + "\n" }
        return text.hasSuffix("\n") ? String(text.dropLast()) : text
    }
}

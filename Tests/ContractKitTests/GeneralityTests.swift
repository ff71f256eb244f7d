import Foundation
import Testing

/// ContractKit knows no API: every path, field and message of the agent API comes from contracts/ and
/// fixtures/. A word of it in ContractKit's code (comments aside) fails here.
struct GeneralityTests {
    static let agentAPIWords = [
        "/api/v1", "agent_id", "execution_id", "parent_id", "created_by_id", "tool_ids", "model_name", "/users/me", "/auth/login",
        "Not authenticated", "Could not validate credentials", "Not authorized to access", "Agent not found", "Email already registered",
        "Tool already exists", "temperature",
    ]

    @Test func contractKitCodeNamesNoAgentAPIPathFieldOrMessage() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Sources/ContractKit")
        let files = try #require(FileManager.default.enumerator(at: folder, includingPropertiesForKeys: nil)?.allObjects as? [URL])
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 40)
        var found: [String] = []
        for file in files {
            let lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            for (number, line) in lines.enumerated() {
                let code =
                    line.trimmingCharacters(in: .whitespaces).hasPrefix("//") ? "" : String(line.split(separator: "//", maxSplits: 1).first ?? "")
                for word in Self.agentAPIWords where code.contains(word) {
                    found.append("\(file.lastPathComponent):\(number + 1): \(word)")
                }
            }
        }
        #expect(found.isEmpty, "\(found.joined(separator: "\n"))")
    }
}

import Crypto
import Foundation
import HTTPCore
import JSONCore
import SQLite
import Testing

@testable import AgentAPI

/// What no answer shows (the contract's `auth.passwords.hashed`): the store holds a salted, slow hash, never
/// the password, and the hash is the one login checks.
struct PasswordStorageTests {
    @Test func theStoreHoldsSaltedPBKDF2HashesOnly() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("passwords-\(UUID().uuidString).sqlite").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var configuration = AgentAPIConfiguration.testing()
        configuration.databasePath = path
        configuration.passwordIterations = 1000
        let api = try AgentAPI(configuration)
        for email in ["one@example.com", "two@example.com"] {
            let created = await api.handle(
                HTTPRequest(
                    method: .post, target: "/api/v1/users", headers: ["Content-Type": "application/json"],
                    body: Array(#"{"email":"\#(email)","password":"same password 1"}"#.utf8)))
            #expect(created.status == 201)
            #expect(!String(decoding: created.body, as: UTF8.self).contains("pbkdf2"))
        }

        let database = try SQLiteDatabase(path: path)
        let stored = try database.read { connection in
            try connection.query("SELECT password_hash FROM users ORDER BY id").compactMap { $0.text(0) }
        }
        #expect(stored.count == 2)
        for hash in stored {
            #expect(!hash.contains("same password 1"))
            let parts = hash.split(separator: "$", omittingEmptySubsequences: false).map(String.init)
            #expect(parts.count == 4 && parts[0] == "pbkdf2_sha256" && parts[1] == "1000", "\(hash)")
            let salt = try #require(Base64URL.decode(parts[2]))
            #expect(salt.count == 16)
            // The stored digest is PBKDF2-HMAC-SHA256 of the password with that salt and count, nothing weaker.
            let digest = PBKDF2.sha256(password: Array("same password 1".utf8), salt: salt, iterations: 1000)
            #expect(Base64URL.decode(parts[3]) == digest)
        }
        #expect(stored[0] != stored[1], "the same password must hash differently for two users (salted)")
    }
}

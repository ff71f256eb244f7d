import Foundation

/// Everything that varies between a test run, a CI run and a served reference.
public struct AgentAPIConfiguration: Sendable {
    /// HMAC key for access tokens.
    public var secretKey: String
    /// Access-token lifetime in seconds (FastAPI's customary 30 minutes by default).
    public var tokenLifetime: Int64
    /// PBKDF2 cost for new password hashes; low values make test suites fast, never use them in production.
    public var passwordIterations: Int
    /// Seconds between an execution's creation and its completion (0: complete immediately).
    public var executionDelay: Double
    /// SQLite path; ":memory:" gives a private database that vanishes with the API.
    public var databasePath: String
    public var clock: any WallClock
    /// Where unexpected failures (the ones answered with 500) are reported, one line each; standard error by default.
    public var errorLog: @Sendable (String) -> Void = AgentAPIConfiguration.standardError
    /// The decisions the handlers take from outside (ownership, field rules, token verification); the
    /// contract's by default.
    public var policies: AgentAPIPolicies = .contract

    public init(
        secretKey: String = AgentAPIConfiguration.developmentSecret,
        tokenLifetime: Int64 = 30 * 60,
        passwordIterations: Int = 600_000,
        executionDelay: Double = 0,
        databasePath: String = ":memory:",
        clock: any WallClock = SystemWallClock()
    ) {
        self.secretKey = secretKey
        self.tokenLifetime = tokenLifetime
        self.passwordIterations = passwordIterations
        self.executionDelay = executionDelay
        self.databasePath = databasePath
        self.clock = clock
    }

    /// Writes a line to standard error.
    public static let standardError: @Sendable (String) -> Void = { line in
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }

    /// A fixed key for local runs; anything served beyond loopback must set its own.
    public static let developmentSecret = "agent-contract-development-secret-key-0123456789"

    /// Fast settings for test suites: 100 PBKDF2 iterations. No contract depends on the cost, and consumers
    /// build this package in debug, where hashing dominates a suite run (`swift run contract run`: 6.4 s at 1,000, 1.2 s at 100).
    public static func testing(clock: any WallClock = SystemWallClock()) -> AgentAPIConfiguration {
        AgentAPIConfiguration(passwordIterations: 100, clock: clock)
    }
}

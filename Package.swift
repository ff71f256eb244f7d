// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "agent-contract",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "contract", targets: ["contract"]),
        .library(name: "ContractKit", targets: ["ContractKit"]),
        .library(name: "ReferenceTarget", targets: ["ReferenceTarget"]),
        // The one product a consumer needs: the XCTest/Swift Testing helpers with the runner, the built-in
        // suite and the in-process reference they drive.
        .library(name: "ContractTesting", targets: ["ContractTesting", "ContractKit", "ContractSuite", "ReferenceTarget", "AgentAPI", "HTTPCore"]),
        .library(name: "ContractSuite", targets: ["ContractSuite"]),
        .library(name: "AgentAPI", targets: ["AgentAPI"]),
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "JSONCore", targets: ["JSONCore"]),
        .library(name: "Crypto", targets: ["Crypto"]),
    ],
    targets: [
        .target(name: "Locking"),
        .target(name: "BundledResources"),
        .target(name: "JSONCore"),
        .target(name: "Crypto"),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite", "Locking"]),
        .target(name: "CEventLoop"),
        .target(name: "HTTPCore", dependencies: ["Crypto", "CEventLoop", "Locking"]),
        .target(
            name: "AgentAPI", dependencies: ["HTTPCore", "Crypto", "SQLite", "JSONCore", "Locking", "BundledResources"],
            resources: [.copy("DocsPages")]),
        .target(name: "ReferenceFaults", dependencies: ["AgentAPI", "HTTPCore", "JSONCore", "Crypto"]),
        .target(name: "ContractKit", dependencies: ["HTTPCore", "JSONCore", "Crypto", "Locking"]),
        .target(name: "ReferenceTarget", dependencies: ["ContractKit", "AgentAPI", "HTTPCore", "Locking"]),
        .target(name: "ContractSuite", dependencies: ["BundledResources"], resources: [.copy("fixtures"), .copy("contracts")]),
        .target(
            name: "ContractCLI",
            dependencies: ["ContractKit", "ReferenceTarget", "ReferenceFaults", "ContractSuite", "AgentAPI", "HTTPCore", "JSONCore", "Locking"]),
        .executableTarget(name: "contract", dependencies: ["ContractCLI"]),
        .target(name: "ContractTesting", dependencies: ["ContractKit", "ReferenceTarget", "ContractSuite", "AgentAPI", "HTTPCore"]),

        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"], resources: [.copy("Vectors")]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore", "Crypto"], resources: [.copy("Conformance/http-corpus.json")]),
        .testTarget(name: "ContractKitTests", dependencies: ["ContractKit", "HTTPCore", "JSONCore", "ContractSuite"], resources: [.copy("Vectors")]),
        .testTarget(
            name: "ContractCLITests",
            dependencies: [
                "ContractCLI", "ContractKit", "ReferenceTarget", "ReferenceFaults", "ContractSuite", "AgentAPI", "HTTPCore", "JSONCore", "Locking",
            ]),
        .testTarget(name: "AgentSuiteTests", dependencies: ["ContractKit", "ContractTesting", "ReferenceTarget", "AgentAPI"]),
        .testTarget(
            name: "ContractTestingTests",
            dependencies: ["ContractTesting", "ContractKit", "ReferenceTarget", "ContractSuite", "AgentAPI", "JSONCore"]),
        .testTarget(
            name: "AgentAPITests", dependencies: ["AgentAPI", "HTTPCore", "JSONCore", "Crypto", "SQLite", "ContractSuite"],
            resources: [.copy("Vectors")]
        ),
    ]
)

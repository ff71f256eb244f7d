// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "AgentContract",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "AgentAPI", targets: ["AgentAPI"]),
        .library(name: "HTTPCore", targets: ["HTTPCore"]),
        .library(name: "JSONCore", targets: ["JSONCore"]),
        .library(name: "Crypto", targets: ["Crypto"]),
    ],
    targets: [
        .target(name: "JSONCore"),
        .target(name: "Crypto"),
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        .target(name: "SQLite", dependencies: ["CSQLite"]),
        .target(name: "HTTPCore"),
        .target(name: "AgentAPI", dependencies: ["HTTPCore", "Crypto", "SQLite", "JSONCore"]),

        .testTarget(name: "JSONCoreTests", dependencies: ["JSONCore"], resources: [.copy("Vectors")]),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "SQLiteTests", dependencies: ["SQLite"]),
        .testTarget(name: "HTTPCoreTests", dependencies: ["HTTPCore"]),
        .testTarget(
            name: "AgentAPITests", dependencies: ["AgentAPI", "HTTPCore", "JSONCore", "Crypto"],
            resources: [.copy("Vectors")]
        ),
    ]
)

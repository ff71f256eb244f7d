// swift-tools-version:6.0
// libFuzzer targets for the parsers that read outside input. Not part of the main build:
// run `fuzz/run.sh`, which builds them with -sanitize=fuzzer,address.
import PackageDescription

let package = Package(
    name: "AgentContractFuzz",
    dependencies: [.package(name: "AgentContract", path: "..")],
    targets: [
        .target(name: "CFuzzDriver"),
        .executableTarget(name: "FuzzHTTPRequest", dependencies: ["CFuzzDriver", .product(name: "HTTPCore", package: "AgentContract")]),
        .executableTarget(name: "FuzzChunked", dependencies: ["CFuzzDriver", .product(name: "HTTPCore", package: "AgentContract")]),
        .executableTarget(name: "FuzzWebSocketFrame", dependencies: ["CFuzzDriver", .product(name: "HTTPCore", package: "AgentContract")]),
        .executableTarget(name: "FuzzJSONBody", dependencies: [
            "CFuzzDriver",
            .product(name: "AgentAPI", package: "AgentContract"), .product(name: "HTTPCore", package: "AgentContract"),
            .product(name: "JSONCore", package: "AgentContract"),
        ]),
        .executableTarget(name: "FuzzFixtureLoader", dependencies: ["CFuzzDriver", .product(name: "ContractKit", package: "AgentContract")]),
    ]
)

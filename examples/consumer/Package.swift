// swift-tools-version:6.0
// A package that uses the contract toolkit the way a consumer would: by dependency, with nothing copied.
import PackageDescription

let package = Package(
    name: "AgentClient",
    platforms: [.macOS(.v13)],
    products: [.library(name: "AgentClient", targets: ["AgentClient"])],
    dependencies: [.package(name: "agent-contract", path: "../..")],
    targets: [
        .target(name: "AgentClient"),
        .testTarget(
            name: "AgentClientTests",
            dependencies: [
                "AgentClient",
                .product(name: "ContractTesting", package: "agent-contract"),
            ],
            resources: [.copy("FailingFixtures")]
        ),
    ]
)

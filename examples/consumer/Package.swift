// swift-tools-version:6.0
// A package that uses the contract toolkit the way a consumer would: by dependency, with nothing copied.
import PackageDescription

let package = Package(
    name: "AgentClient",
    platforms: [.macOS(.v13)],
    products: [.library(name: "AgentClient", targets: ["AgentClient"])],
    dependencies: [.package(name: "AgentContract", path: "../..")],
    targets: [
        .target(name: "AgentClient"),
        .testTarget(
            name: "AgentClientTests",
            dependencies: [
                "AgentClient",
                .product(name: "ContractTesting", package: "AgentContract"),
                .product(name: "ReferenceTarget", package: "AgentContract"),
                .product(name: "AgentAPI", package: "AgentContract"),
                .product(name: "ContractKit", package: "AgentContract"),
                .product(name: "ContractSuite", package: "AgentContract"),
            ],
            resources: [.copy("FailingFixtures")]
        ),
    ]
)

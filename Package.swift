// swift-tools-version:6.0
import PackageDescription

/// Module layout (one direction of dependency, top to bottom):
/// ZooKeeperJute (wire records, no sockets) <- ZooKeeperClient (state machine + NIO connection)
/// <- ZooKeeperRecipes (locks, built on the client's public API only).
/// ZooKeeperAdmin (four-letter words, AdminServer, pure parsers) <- EnsembleCore (snapshots,
/// detectors; no I/O, no clock) <- EnsembleMonitor (pollers, tree mirror) <- ZKScopeApp (screens)
/// <- zkscope (the executable). TUIKit has no ncurses; TUINCurses is the only module that does.
let package = Package(
    name: "zkscope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zkscope", targets: ["zkscope"]),
        .library(name: "ZooKeeperClient", targets: ["ZooKeeperJute", "ZooKeeperClient", "ZooKeeperRecipes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        .target(
            name: "ZooKeeperJute",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")]
        ),
        .target(
            name: "ZooKeeperClient",
            dependencies: [
                "ZooKeeperJute",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
            ]
        ),
        .target(name: "ZooKeeperRecipes", dependencies: ["ZooKeeperClient"]),
        .target(
            name: "ZooKeeperAdmin",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "ZooKeeperLab", dependencies: ["ZooKeeperAdmin"]),
        .target(name: "EnsembleCore", dependencies: ["ZooKeeperAdmin"]),
        .target(
            name: "EnsembleMonitor",
            dependencies: ["EnsembleCore", "ZooKeeperAdmin", "ZooKeeperClient"]
        ),
        .target(name: "TUIKit"),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        .target(name: "TUINCurses", dependencies: ["CNCurses", "TUIKit"]),
        .target(
            name: "ZKScopeApp",
            dependencies: ["TUIKit", "EnsembleCore", "EnsembleMonitor", "ZooKeeperClient", "ZooKeeperRecipes"]
        ),
        .executableTarget(
            name: "zkscope",
            dependencies: [
                "ZKScopeApp", "TUINCurses", "ZooKeeperLab", "ZooKeeperClient", "ZooKeeperRecipes",
                "EnsembleMonitor", "EnsembleCore", "ZooKeeperAdmin", "TUIKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The fake servers every test target shares (ZooKeeper wire, four-letter words, AdminServer, raw TCP).
        .target(
            name: "TestSupport",
            dependencies: [
                "ZooKeeperClient", "ZooKeeperJute",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ZooKeeperClientTests",
            dependencies: [
                "ZooKeeperClient", "ZooKeeperJute", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ]
        ),
        .testTarget(name: "ZooKeeperRecipesTests", dependencies: ["ZooKeeperRecipes", "ZooKeeperClient"]),
        .testTarget(
            name: "ZooKeeperJuteTests",
            dependencies: ["ZooKeeperJute", "TestSupport", .product(name: "NIOCore", package: "swift-nio")]
        ),
        .testTarget(
            name: "ZooKeeperAdminTests",
            dependencies: [
                "ZooKeeperAdmin", "TestSupport",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EnsembleCoreTests",
            dependencies: ["EnsembleCore", "ZooKeeperAdmin"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EnsembleMonitorTests",
            dependencies: ["EnsembleMonitor", "EnsembleCore", "ZooKeeperAdmin", "ZooKeeperClient", "TestSupport"]
        ),
        .testTarget(name: "TUIKitTests", dependencies: ["TUIKit", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ZKScopeAppTests",
            dependencies: [
                "ZKScopeApp", "TUIKit", "EnsembleCore", "EnsembleMonitor", "ZooKeeperAdmin", "ZooKeeperJute",
                "ZooKeeperRecipes",
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ZooKeeperLab", "ZooKeeperClient", "ZooKeeperRecipes", "ZooKeeperAdmin",
                "EnsembleCore", "EnsembleMonitor", "ZKScopeApp", "ZooKeeperJute", "TestSupport", "TUIKit",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)

// swift-tools-version:6.0
import PackageDescription

/// Module layout (one direction of dependency, top to bottom):
/// ZooKeeperTLS (TLS settings, secrets, certificate summaries) is below both the client and the admin probes.
/// ZooKeeperJute (wire records, no sockets) <- ZooKeeperClient (state machine + NIO connection)
/// (CSASL, the Cyrus SASL system library, is below ZooKeeperClient: its SASL/ folder is the only caller)
/// <- ZooKeeperRecipes (locks, built on the client's public API only).
/// ZooKeeperAdmin (four-letter words, AdminServer, pure parsers) <- EnsembleCore (snapshots,
/// detectors; no I/O, no clock) <- EnsembleMonitor (pollers, tree mirror) <- ZKScopeApp (screens)
/// <- zkscope (the executable). TUIKit has no ncurses; TUINCurses is the only module that does.
let package = Package(
    name: "zkscope",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "zkscope", targets: ["zkscope"]),
        .executable(name: "zkscope-bench", targets: ["ZKScopeBench"]),
        .library(name: "ZooKeeperClient", targets: ["ZooKeeperJute", "ZooKeeperClient", "ZooKeeperRecipes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        // 1.16: handlers implement `log(event:)` (the older entry point is deprecated there).
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.29.0"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.10.0"),
        // `zkscope serve`: the HTTP server for /metrics and /api/v1, and graceful SIGTERM/SIGINT shutdown.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        // The persisted timeline (TimelineStore): SQLite through GRDB, linked against Debian's libsqlite3-dev.
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(
            name: "ZooKeeperJute",
            dependencies: [.product(name: "NIOCore", package: "swift-nio")]
        ),
        // TLS settings, secrets and peer-certificate summaries shared by the client, the probes and the monitor.
        .target(
            name: "ZooKeeperTLS",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
            ]
        ),
        .target(
            name: "ZooKeeperClient",
            dependencies: [
                "ZooKeeperJute", "ZooKeeperTLS", "CSASL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOTLS", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(name: "ZooKeeperRecipes", dependencies: ["ZooKeeperClient"]),
        .target(
            name: "ZooKeeperAdmin",
            dependencies: [
                "ZooKeeperTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]
        ),
        .target(
            name: "ZooKeeperLab",
            dependencies: [
                "ZooKeeperAdmin", "ZooKeeperTLS",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .target(name: "EnsembleCore", dependencies: ["ZooKeeperAdmin", "ZooKeeperTLS"]),
        .target(
            name: "EnsembleMonitor",
            dependencies: [
                "EnsembleCore", "ZooKeeperAdmin", "ZooKeeperClient", .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        // Named ensembles (the TOML configuration file) resolved into what the commands, the dashboard and serve use.
        .target(
            name: "FleetConfiguration",
            dependencies: [
                "EnsembleCore", "EnsembleMonitor", "ZooKeeperClient", "ZooKeeperTLS", "TOMLSupport",
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        // `zkscope serve`: polls every ensemble of the fleet on its own clock and serves the latest state as
        // Prometheus metrics and JSON (Hummingbird), shutting down gracefully on SIGTERM/SIGINT (ServiceLifecycle).
        .target(
            name: "FleetService",
            dependencies: [
                "FleetConfiguration", "EnsembleMonitor", "EnsembleCore", "CommandOutput", "ZooKeeperAdmin",
                "TimelineStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Line numbers, syntax messages and "did you mean" for TOML files (themes, the configuration file).
        .target(name: "TOMLSupport", dependencies: [.product(name: "TOMLKit", package: "TOMLKit")]),
        // The built-in themes are the files in themes/ (Theme/Files links there), compiled in as bytes.
        .target(
            name: "TUIKit",
            dependencies: ["TOMLSupport", .product(name: "TOMLKit", package: "TOMLKit")],
            exclude: ["Theme/Files/README.md", "Theme/Files/light.toml", "Theme/Files/high-contrast.toml"],
            resources: [.embedInCode("Theme/Files/default-dark.toml"), .embedInCode("Theme/Files/mono.toml")]
        ),
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncurses-dev"])]),
        // Cyrus SASL (DIGEST-MD5 now, GSSAPI later), as ZooKeeper's own C client uses it.
        .systemLibrary(name: "CSASL", providers: [.apt(["libsasl2-dev", "libkrb5-dev"])]),
        // glibc's mallopt (its <malloc.h> is not in Swift's Glibc module): the executable caps malloc arenas.
        .systemLibrary(name: "CMalloc"),
        .target(name: "TUINCurses", dependencies: ["CNCurses", "TUIKit"]),
        .target(
            name: "ZKScopeApp",
            dependencies: [
                "TUIKit", "EnsembleCore", "EnsembleMonitor", "ZooKeeperClient", "ZooKeeperRecipes", "ZooKeeperLab",
                "PrivateFiles", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // What the commands print (check, follow, tree) and how stdout/stderr are written: the README's contract.
        .target(
            name: "CommandOutput",
            dependencies: ["TUIKit", "EnsembleCore", "EnsembleMonitor", "ZooKeeperClient", "TimelineStore"]
        ),
        // The persisted timeline: every event of every ensemble in one SQLite file in the state directory
        // (`serve` writes it; `history` and the dashboard read it).
        .target(
            name: "TimelineStore",
            dependencies: ["EnsembleCore", "PrivateFiles", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        // The user's state directory and files in it that no other user can swap for a link (the log, the timeline).
        .target(name: "PrivateFiles"),
        // Simulated members for `zkscope-bench fleet` and tests: loopback responders replaying real captured
        // replies (Captures/, from shared/zookeeper-facts). Never linked into zkscope.
        .target(
            name: "SimulatedZooKeeper",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            resources: [.copy("Captures")]
        ),
        // Process measurements and the tmux driver shared by the benchmarks (and `tree --report-peak-rss`).
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "zkscope",
            dependencies: [
                "ZKScopeApp", "FleetConfiguration", "FleetService", "TUINCurses", "ZooKeeperLab", "ZooKeeperClient",
                "ZooKeeperRecipes",
                "EnsembleMonitor", "EnsembleCore", "ZooKeeperAdmin", "TUIKit", "CommandOutput", "BenchSupport",
                "TimelineStore", "CMalloc",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // `make bench`: benchmarks, kept out of the shipped binary; takes every module a benchmark drives.
        .executableTarget(
            name: "ZKScopeBench",
            dependencies: [
                "BenchSupport", "CMalloc", "CommandOutput", "ZKScopeApp", "TUIKit", "ZooKeeperLab",
                "ZooKeeperClient",
                "ZooKeeperJute", "ZooKeeperAdmin", "EnsembleMonitor", "EnsembleCore", "SimulatedZooKeeper",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // `fleet --exchanges-only` sends the polling's exchanges on event loops of its own.
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
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
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "ZooKeeperClientTests",
            dependencies: [
                "ZooKeeperClient", "ZooKeeperJute", "TestSupport", "CSASL",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "FleetConfigurationTests", dependencies: ["FleetConfiguration"]),
        .testTarget(name: "PrivateFilesTests", dependencies: ["PrivateFiles"]),
        .testTarget(name: "ZooKeeperTLSTests", dependencies: ["ZooKeeperTLS", "TestSupport"]),
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
            dependencies: ["EnsembleCore", "ZooKeeperAdmin", "ZooKeeperTLS"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "EnsembleMonitorTests",
            dependencies: [
                "EnsembleMonitor", "EnsembleCore", "ZooKeeperAdmin", "ZooKeeperClient", "TestSupport",
                "SimulatedZooKeeper",
            ]
        ),
        .testTarget(name: "TUIKitTests", dependencies: ["TUIKit", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ZKScopeAppTests",
            dependencies: [
                "ZKScopeApp", "TUIKit", "EnsembleCore", "EnsembleMonitor", "ZooKeeperAdmin", "ZooKeeperJute",
                "ZooKeeperRecipes", "ZooKeeperTLS", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "TimelineStoreTests", dependencies: ["TimelineStore", "EnsembleCore", "ZooKeeperAdmin"]),
        .testTarget(
            name: "CommandOutputTests",
            dependencies: [
                "CommandOutput", "EnsembleCore", "EnsembleMonitor", "ZooKeeperClient", "ZooKeeperJute", "ZooKeeperTLS",
                "TimelineStore",
            ]
        ),
        .testTarget(
            name: "FleetServiceTests",
            dependencies: ["FleetService", "FleetConfiguration", "EnsembleCore", "EnsembleMonitor", "ZooKeeperAdmin"]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "ZooKeeperLab", "ZooKeeperClient", "ZooKeeperRecipes", "ZooKeeperAdmin",
                "EnsembleCore", "EnsembleMonitor", "ZKScopeApp", "ZooKeeperJute", "TestSupport", "TUIKit",
                "TimelineStore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
    ]
)

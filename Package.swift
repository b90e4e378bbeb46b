// swift-tools-version: 6.2
import PackageDescription

/// Settings applied to every Swift target of the project (not to dependencies).
var projectSwiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]
// CI treats warnings as errors for the project's own targets.
if Context.environment["CI"] == "true" {
    projectSwiftSettings.append(.treatAllWarnings(as: .error))
}

let package = Package(
    name: "deskwatch",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "deskwatch", targets: ["deskwatch"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        // Named only for the test peers' use of types Hummingbird does not re-export.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // C libraries, each imported by exactly one Swift module.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CMalloc"),

        // Reading YAML files with positions, diagnostics, durations: shared by every file format
        // (configuration, rules, scenarios).
        .target(
            name: "ConfigSupport",
            dependencies: [.product(name: "Yams", package: "Yams")]
        ),

        // The rule language and engine. Pure: no I/O beyond the files it is handed, no clock.
        .target(
            name: "Rules",
            dependencies: ["ConfigSupport"]
        ),

        // The SQLite store: sessions, ingestion cursors, and (later) alert state and the outbox.
        .target(
            name: "Store",
            dependencies: ["Rules", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),

        // HTTP and SMTP over libcurl.
        .target(name: "Transport", dependencies: ["CCurl"]),

        // The Desk session-record API: UserSig, models, the paging and retrying client.
        .target(
            name: "DeskAPI",
            dependencies: [
                "Transport",
                "CZlib",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),

        // A Desk API look-alike for tests and the demo.
        .target(
            name: "Simulator",
            dependencies: [
                "DeskAPI",
                "ConfigSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // Notifications: what a message says, per-target escaping and payloads, signing. Pure: no
        // I/O, no clock.
        .target(
            name: "Notify",
            dependencies: [
                "Rules", "Transport", .product(name: "Crypto", package: "swift-crypto"), .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),

        // Configuration and the services that run the monitor.
        .target(
            name: "Monitor",
            dependencies: [
                "CMalloc",
                "ConfigSupport",
                "Notify",
                "Rules",
                "Store",
                "DeskAPI",
                "Transport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),

        // The command line.
        .executableTarget(
            name: "deskwatch",
            dependencies: [
                "ConfigSupport",
                "Monitor",
                "Simulator",
                "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            // The default rule pack and the demo scenario, built in (links to rules/ and
            // contrib/scenarios/demo.yaml).
            resources: [.embedInCode("Embedded")]
        ),

        // Benchmarks, run on demand in a release build (see README).
        .executableTarget(
            name: "deskwatch-bench",
            dependencies: [
                "DeskAPI", "Simulator", "Monitor", "Notify", "Store", "Rules", "Transport", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),

        // Real peers on loopback (an HTTPS server, an SMTP server) and reading what they received,
        // for the test targets that talk to them.
        .target(name: "TestPeers", path: "Tests/TestPeers"),

        .testTarget(
            name: "TransportTests",
            dependencies: [
                "Transport",
                "TestPeers",
                // The mails deskwatch composes, sent to a real SMTP server.
                "Notify",
                "Rules",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "DeskAPITests", dependencies: ["DeskAPI", "Simulator", "Transport", .product(name: "Logging", package: "swift-log")]),
        .testTarget(name: "ConfigSupportTests", dependencies: ["ConfigSupport"]),
        .testTarget(name: "NotifyTests", dependencies: ["Notify", "Rules", "Transport"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "ConfigSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Rules", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(name: "SimulatorTests", dependencies: ["Simulator", "DeskAPI", "Transport"]),
        .testTarget(
            name: "MonitorTests",
            dependencies: [
                "Monitor", "ConfigSupport", "DeskAPI", "Transport", "Simulator", "Store", "Rules", "Notify",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "CLITests", dependencies: ["DeskAPI", "Simulator", "Transport", "Store", "Rules", "Monitor", "TestPeers"]),
    ]
)

for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + projectSwiftSettings
}

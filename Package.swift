// swift-tools-version: 6.2
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "panelmail",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "panelmail", targets: ["panelmail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: [.defaults, "YAML", "Logging"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // All C lives here: typed wrappers around libcurl's variadic API.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Pure logic: MIME, RFC 5322, mail rules, references, retry policy. No sockets, database or clock.
        .target(
            name: "PanelCore",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict
        ),
        // IMAP mailbox and SMTP sender over libcurl.
        .target(
            name: "MailTransport",
            dependencies: ["CCurl", "PanelCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // SQLite through GRDB: migrations, records, the outbox.
        .target(
            name: "PanelStore",
            dependencies: ["PanelCore", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // Services (mailbox poller, outbox sender), configuration, templates and wiring.
        .target(
            name: "PanelDaemon",
            dependencies: [
                "PanelCore", "PanelStore", "MailTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "panelmail",
            dependencies: [
                "CCurl", "PanelDaemon", "PanelStore", "MailTransport",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strict
        ),
        // Intake's stages timed in process (reading, recording), without a mail server.
        .executableTarget(
            name: "IntakeBench",
            dependencies: ["PanelCore", "PanelStore", "PanelDaemon"],
            swiftSettings: strict
        ),
        .testTarget(name: "PanelCoreTests", dependencies: ["PanelCore"], resources: [.copy("Fixtures")], swiftSettings: strict),
        .testTarget(name: "MailTransportTests", dependencies: ["MailTransport", "CCurl", .product(name: "Logging", package: "swift-log")], swiftSettings: strict),
        .testTarget(name: "PanelStoreTests", dependencies: ["PanelStore"], swiftSettings: strict),
        .testTarget(name: "PanelDaemonTests", dependencies: ["PanelDaemon", "PanelStore", "PanelCore", "MailTransport", .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams")], swiftSettings: strict),
    ]
)

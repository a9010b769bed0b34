// swift-tools-version:6.1
import PackageDescription

/// Settings shared by every target, tests included.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// How the release server binary is linked on Linux (with `--static-swift-stdlib`, see
/// `build_release` in ops/common.sh): lld packs the relative relocations (DT_RELR, glibc
/// ≥ 2.36) instead of a 3 MiB table read at every start, and nothing is exported to the
/// dynamic symbol table, which the statically linked runtime would otherwise fill with
/// every symbol. Together with the static runtime they take about 11 MiB off the server's
/// resident memory (README, Benchmark, "Memory").
let releaseLinkerFlags: LinkerSetting = .unsafeFlags(
    ["-use-ld=lld", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs", "-Xlinker", "--no-export-dynamic"],
    .when(platforms: [.linux], configuration: .release)
)

/// Products several targets use.
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let lifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let httpClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioHTTP: [Target.Dependency] = [
    nioCore,
    .product(name: "NIOHTTP1", package: "swift-nio"),
    .product(name: "NIOFoundationCompat", package: "swift-nio"),
]

let package = Package(
    name: "falachefe",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "falachefe", targets: ["falachefe"]),
        .library(name: "FalachefeCore", targets: ["FalachefeCore"]),
        .library(name: "FalachefeHTTP", targets: ["FalachefeHTTP"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.12.3"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.13.2"),
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
    ],
    targets: [
        .target(
            name: "FalachefeCore",
            dependencies: [logging, .product(name: "Metrics", package: "swift-metrics"),
                           .product(name: "Prometheus", package: "swift-prometheus"),
                           .product(name: "DequeModule", package: "swift-collections"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FalachefeSQLite",
            dependencies: ["FalachefeCore", "CSQLiteTuning", logging, nioCore, .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "SQLiteNIO", package: "sqlite-nio")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FalachefePostgres",
            dependencies: ["FalachefeCore", logging, lifecycle, nioCore,
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        .target(name: "CConcurrencyHook"),
        .target(name: "CSQLiteTuning"),
        .systemLibrary(
            name: "CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "FalachefeRedis",
            dependencies: ["FalachefeCore", "CHiredis", logging, lifecycle, nioCore,
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                           .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FalachefeIntegrations",
            dependencies: ["FalachefeCore", logging, httpClient] + nioHTTP,
            swiftSettings: swiftSettings
        ),
        .target(
            name: "FalachefeHTTP",
            dependencies: ["FalachefeCore", "FalachefeSQLite", "FalachefePostgres", "FalachefeRedis", "FalachefeIntegrations",
                           "CConcurrencyHook", logging, hummingbird,
                           lifecycle,
                           httpClient] + nioHTTP,
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "falachefe",
            dependencies: ["FalachefeHTTP", "FalachefeCore", "FalachefeSQLite", "FalachefePostgres", logging, hummingbird, httpClient,
                           .product(name: "ArgumentParser", package: "swift-argument-parser")] + nioHTTP,
            swiftSettings: swiftSettings,
            linkerSettings: [releaseLinkerFlags]
        ),
        .target(
            name: "FalachefeTestSupport",
            dependencies: ["FalachefeCore", "FalachefeSQLite", "FalachefePostgres", "FalachefeRedis", logging, hummingbird, lifecycle,
                           httpClient,
                           .product(name: "PostgresNIO", package: "postgres-nio")] + nioHTTP,
            path: "Tests/FalachefeTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefeCoreTests",
            dependencies: ["FalachefeCore", "FalachefeSQLite", "FalachefeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefeSQLiteTests",
            dependencies: ["FalachefeCore", "FalachefeSQLite", "FalachefeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefePostgresTests",
            dependencies: ["FalachefeCore", "FalachefePostgres", "FalachefeTestSupport", logging,
                           .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefeRedisTests",
            dependencies: ["FalachefeCore", "FalachefeRedis", "FalachefeTestSupport", logging, nioCore,
                           .product(name: "NIOPosix", package: "swift-nio"),
                           .product(name: "NIOConcurrencyHelpers", package: "swift-nio")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefeRuntimeTests",
            dependencies: ["FalachefeCore", "FalachefeSQLite", "FalachefeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefeIntegrationsTests",
            dependencies: ["FalachefeCore", "FalachefeIntegrations", "FalachefeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FalachefeHTTPTests",
            dependencies: ["FalachefeCore", "FalachefeHTTP", "FalachefeSQLite", "FalachefePostgres", "FalachefeIntegrations",
                           "FalachefeRedis", "FalachefeTestSupport", logging, hummingbird, lifecycle, httpClient,
                           .product(name: "PostgresNIO", package: "postgres-nio")] + nioHTTP,
            swiftSettings: swiftSettings
        ),
    ]
)

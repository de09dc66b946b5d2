// swift-tools-version: 6.2
import PackageDescription

// MARK: - Settings applied to every target

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

// MARK: - Dependencies

let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let hummingbirdTesting: Target.Dependency = .product(name: "HummingbirdTesting", package: "hummingbird")
let logging: Target.Dependency = .product(name: "Logging", package: "swift-log")
let metrics: Target.Dependency = .product(name: "Metrics", package: "swift-metrics")
let prometheus: Target.Dependency = .product(name: "Prometheus", package: "swift-prometheus")
let postgres: Target.Dependency = .product(name: "PostgresNIO", package: "postgres-nio")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let argumentParser: Target.Dependency = .product(name: "ArgumentParser", package: "swift-argument-parser")
let httpClient: Target.Dependency = .product(name: "AsyncHTTPClient", package: "async-http-client")
let nioCore: Target.Dependency = .product(name: "NIOCore", package: "swift-nio")
let nioPosix: Target.Dependency = .product(name: "NIOPosix", package: "swift-nio")
let crypto: Target.Dependency = .product(name: "Crypto", package: "swift-crypto")
let jwtKit: Target.Dependency = .product(name: "JWTKit", package: "jwt-kit")
let httpTypes: Target.Dependency = .product(name: "HTTPTypes", package: "swift-http-types")

/// A service: its library (`Services/<folder>/<library folder>`) and a thin `main`
/// (`Services/<folder>/Main`) that reads configuration and runs the library's application.
func service(
    _ folder: String, library: String, in libraryFolder: String, dependencies: [Target.Dependency],
    mainDependencies: [Target.Dependency] = []
) -> [Target] {
    [
        .target(
            name: library,
            dependencies: ["ServiceKit", "Contracts", "RedisKit", hummingbird] + dependencies,
            path: "Services/\(folder)/\(libraryFolder)",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "\(folder)Main",
            dependencies: [.target(name: library), "ServiceKit", "Contracts"] + mainDependencies,
            path: "Services/\(folder)/Main",
            swiftSettings: swiftSettings
        ),
    ]
}

let serviceTargets: [Target] =
    service(
        "Gateway", library: "GatewayApp", in: "App",
        dependencies: ["InternalHTTP", "JWTVerification", "OpenAPISpec", jwtKit, crypto, httpTypes, nioCore, httpClient, .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Metrics", package: "swift-metrics")])
    + service(
        "Auth", library: "AuthApp", in: "App",
        dependencies: [
            postgres, "JWTVerification", crypto, jwtKit,
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"), .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            nioPosix, httpTypes,
        ])
    + service(
        "Conversion", library: "ConversionService", in: "Service",
        dependencies: [postgres, "ConversionEngine", "InternalHTTP", "JWTVerification", crypto, metrics, serviceLifecycle,
                       .product(name: "Tracing", package: "swift-distributed-tracing")],
        mainDependencies: ["ConversionEngine", argumentParser])
    + service(
        "AIEngine", library: "AIEngineService", in: "Service",
        dependencies: [postgres, "AIInference", "InternalHTTP", "JWTVerification", crypto, prometheus, serviceLifecycle, httpTypes])
    + service(
        "Realtime", library: "RealtimeService", in: "Service",
        dependencies: [
            "InternalHTTP", "JWTVerification", metrics, serviceLifecycle, nioCore, httpTypes,
            .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"), .product(name: "HummingbirdCore", package: "hummingbird"),
            .product(name: "NIOWebSocket", package: "swift-nio"),
        ])

// MARK: - Package

let package = Package(
    name: "ModPorter",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "gateway", targets: ["GatewayMain"]),
        .executable(name: "auth", targets: ["AuthMain"]),
        .executable(name: "conversion", targets: ["ConversionMain"]),
        .executable(name: "ai-engine", targets: ["AIEngineMain"]),
        .executable(name: "realtime", targets: ["RealtimeMain"]),
        .executable(name: "migrator", targets: ["MigratorMain"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.8.1"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/multipart-kit", from: "4.7.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-distributed-tracing", from: "1.7.3"),
        // Traces only, exported over OTLP/HTTP: the gRPC exporter's dependencies are left out.
        .package(url: "https://github.com/swift-otel/swift-otel", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: [
        // MARK: AI engine inference (oneDNN by default, OpenBLAS through its CBLAS interface kept)
        .systemLibrary(
            name: "COpenBLAS",
            path: "Services/AIEngine/COpenBLAS",
            providers: [.apt(["libopenblas-dev"])]
        ),
        // oneDNN: matrix products with the kernels the CPU has, chosen at run time.
        .systemLibrary(
            name: "CDNNL",
            path: "Services/AIEngine/CDNNL",
            providers: [.apt(["libdnnl-dev"])]
        ),
        .target(
            name: "AIInference",
            dependencies: ["COpenBLAS", "CDNNL"],
            path: "Services/AIEngine/Inference",
            // Optimised in debug builds too: the unoptimised kernels are ~20× slower and `make test`
            // (a debug build) runs the parity tests beside the rest.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .testTarget(
            name: "AIInferenceTests",
            dependencies: ["AIInference", "TestSupport"],
            path: "Tests/AIInferenceTests",
            swiftSettings: swiftSettings
        ),
        // MARK: Shared
        .systemLibrary(
            name: "CHiredis",
            path: "Shared/CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "RedisKit",
            dependencies: ["CHiredis", "Contracts", nioCore, nioPosix, logging, serviceLifecycle, .product(name: "Tracing", package: "swift-distributed-tracing")],
            path: "Shared/RedisKit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Contracts",
            path: "Shared/Contracts",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "JWTVerification",
            dependencies: [jwtKit],
            path: "Shared/JWTVerification",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "InternalHTTP",
            dependencies: ["Contracts", "JWTVerification", "RedisKit", httpClient, logging, metrics, nioCore, nioPosix, jwtKit, serviceLifecycle],
            path: "Shared/InternalHTTP",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ServiceKit",
            dependencies: [
                "Contracts", "InternalHTTP", "JWTVerification", "RedisKit", hummingbird, httpTypes, logging, metrics, prometheus, postgres, serviceLifecycle,
                nioCore, nioPosix, .product(name: "MultipartKit", package: "multipart-kit"), .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"), .product(name: "OTel", package: "swift-otel"),
            ],
            path: "Shared/ServiceKit",
            swiftSettings: swiftSettings
        ),

        // MARK: Conversion engine (a pure library: bytes in, add-on and report out)
        .target(
            name: "ConversionEngine",
            dependencies: ["Contracts", "Previews", .product(name: "ZIPFoundation", package: "ZIPFoundation"), crypto],
            path: "Services/Conversion/Engine",
            swiftSettings: swiftSettings
        ),
        // The CPU renderer of block and item previews (Java beside Bedrock); pure, no graphics stack.
        .target(
            name: "Previews",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Services/Conversion/Previews",
            // Optimised in debug builds too: rasterising is per-pixel work that `make test` runs for
            // every conversion it makes.
            swiftSettings: swiftSettings + [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .testTarget(
            name: "PreviewsTests",
            dependencies: ["Previews"],
            path: "Tests/PreviewsTests",
            swiftSettings: swiftSettings
        ),

        // MARK: Migrator
        .systemLibrary(
            name: "CLibPQ",
            path: "Services/Migrator/CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(
            name: "OpenAPISpec",
            path: "Services/Gateway/OpenAPI",
            resources: [.copy("openapi.json")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MigrationScripts",
            path: "Services/Migrator/Migrations",
            resources: [.copy("sql")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "MigratorKit",
            dependencies: ["CLibPQ", "MigrationScripts", crypto, logging],
            path: "Services/Migrator/Kit",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "MigratorMain",
            dependencies: ["MigratorKit", "Contracts", argumentParser],
            path: "Services/Migrator/Main",
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .target(
            name: "TestSupport",
            dependencies: [
                "ServiceKit", "RedisKit", "Contracts", postgres, logging, nioPosix, hummingbird, hummingbirdTesting, httpTypes, prometheus,
                serviceLifecycle,
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RedisKitTests",
            dependencies: ["RedisKit", "TestSupport", serviceLifecycle, nioCore, .product(name: "NIOEmbedded", package: "swift-nio")],
            path: "Tests/RedisKitTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ServiceKitTests",
            dependencies: [
                "ServiceKit", "TestSupport", "RedisKit", "Contracts", hummingbird, hummingbirdTesting, prometheus, logging, httpTypes, nioCore,
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/ServiceKitTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "MigratorTests",
            dependencies: ["MigratorKit", "MigrationScripts", "TestSupport", postgres],
            path: "Tests/MigratorTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "GatewayTests",
            dependencies: [
                "GatewayApp", "ServiceKit", "Contracts", "JWTVerification", "RedisKit", "TestSupport", hummingbird, hummingbirdTesting, prometheus,
                httpTypes, crypto, jwtKit, nioCore,
            ],
            path: "Tests/GatewayTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthTests",
            dependencies: [
                "AuthApp", "ServiceKit", "Contracts", "RedisKit", "TestSupport", hummingbird, hummingbirdTesting, prometheus, httpTypes, crypto,
                logging, .product(name: "HummingbirdOTP", package: "hummingbird-auth"),
            ],
            path: "Tests/AuthTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConversionTests",
            dependencies: [
                "ConversionService", "ConversionEngine", "Contracts", "EngineFixtures", "InternalHTTP", "RedisKit", "ServiceKit", "TestSupport", hummingbird,
                hummingbirdTesting, prometheus, httpTypes, nioCore,
            ],
            path: "Tests/ConversionTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AIEngineTests",
            dependencies: ["AIEngineService", "AIInference", nioCore, "ServiceKit", "TestSupport", hummingbird, hummingbirdTesting, prometheus, httpTypes],
            path: "Tests/AIEngineTests",
            swiftSettings: swiftSettings
        ),
        // The main path (upload → job → engine → events → WebSocket) on the in-memory repositories
        // and channels: no stack.
        .testTarget(
            name: "MainPathTests",
            dependencies: [
                "ConversionService", "RealtimeService", "Contracts", "EngineFixtures", "InternalHTTP", "JWTVerification", "RedisKit", "ServiceKit",
                "TestSupport", hummingbird, hummingbirdTesting, httpTypes, nioCore, jwtKit, crypto, .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            path: "Tests/MainPathTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "RealtimeTests",
            dependencies: ["RealtimeService", "ServiceKit", "TestSupport", hummingbird, hummingbirdTesting, prometheus, httpTypes],
            path: "Tests/RealtimeTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "JWTVerificationTests",
            dependencies: ["JWTVerification", jwtKit, crypto],
            path: "Tests/JWTVerificationTests",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EngineFixtures",
            dependencies: ["ConversionEngine"],
            path: "Tests/EngineFixtures",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AuthBench",
            dependencies: ["JWTVerification", jwtKit, crypto],
            path: "Tests/AuthBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "AIBench",
            dependencies: ["AIInference"],
            path: "Tests/AIBench",
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "EngineBench",
            dependencies: ["ConversionEngine", "EngineFixtures"],
            path: "Tests/EngineBench",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ConversionEngineTests",
            dependencies: ["ConversionEngine", "EngineFixtures", "TestSupport", .product(name: "ZIPFoundation", package: "ZIPFoundation")],
            path: "Tests/ConversionEngineTests",
            exclude: ["Golden"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ContractsTests",
            dependencies: ["Contracts"],
            path: "Tests/ContractsTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InternalHTTPTests",
            dependencies: ["InternalHTTP", "Contracts", "RedisKit", "TestSupport", serviceLifecycle],
            path: "Tests/InternalHTTPTests",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: ["TestSupport", "Contracts", httpClient, nioCore, .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl")],
            path: "Tests/EndToEndTests",
            swiftSettings: swiftSettings
        ),
    ] + serviceTargets
)

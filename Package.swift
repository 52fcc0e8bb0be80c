// swift-tools-version:6.1
import PackageDescription

/// Linker flags that link the Swift runtime, Foundation and its ICU into the
/// `kg` executable (Linux).
let staticSwiftRuntime = [
    "-static-stdlib",
    "-Xlinker", "--start-group",
    "-Xlinker", "-lFoundation", "-Xlinker", "-lFoundationInternationalization", "-Xlinker", "-lFoundationEssentials",
    "-Xlinker", "-l_FoundationCollections", "-Xlinker", "-l_FoundationCShims", "-Xlinker", "-l_FoundationICU",
    "-Xlinker", "-lCoreFoundation",
    "-Xlinker", "--end-group",
    "-lstdc++",
]

let package = Package(
    name: "kg",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KnowledgeGraph", targets: ["KnowledgeGraph"]),
        .library(name: "KnowledgeGraphServer", targets: ["KnowledgeGraphServer"]),
        .executable(name: "kg", targets: ["kg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // The HTTP server (kg serve --http) only; the engine library has no dependencies.
        // No traits: neither swift-configuration support nor the full-Foundation extras are used.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.0.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // The library's layers, lowest first: a target depends only on the ones
        // above it in this list (docs/architecture.md, "Targets";
        // LayeringTests checks it). `KnowledgeGraph` re-exports them all.
        // Values, diagnostics, support, the schema: no SQLite, no graph.
        .target(name: "KGModel", swiftSettings: [.swiftLanguageMode(.v6)]),
        // The storage protocols (GraphReading, GraphWriting) and their records.
        .target(name: "KGStorage", dependencies: ["KGModel"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // The SQLite wrapper and the graph file (GraphStore); the only target with SQL.
        .target(name: "KGSQLite", dependencies: ["KGModel", "KGStorage", "CSQLite"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // The query language: syntax, binder, planner, operators, executor, engine.
        .target(name: "KGEngine", dependencies: ["KGModel", "KGStorage", "KGSQLite"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // kg ask: questions in plain words translated to queries.
        .target(name: "KGAsk", dependencies: ["KGModel", "KGStorage", "KGSQLite", "KGEngine"], swiftSettings: [.swiftLanguageMode(.v6)]),
        // Graph-text and CSV import, the exporters and formatters, curation.
        .target(name: "KGImportExport", dependencies: ["KGModel", "KGStorage", "KGSQLite", "KGEngine", "KGAsk"],
                swiftSettings: [.swiftLanguageMode(.v6)]),
        // The shell, the query server (kg serve --stdio) and the re-exports.
        .target(
            name: "KnowledgeGraph",
            dependencies: ["KGModel", "KGStorage", "KGSQLite", "KGEngine", "KGAsk", "KGImportExport"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        // kg serve --http: the JSON API, the OpenAPI document and the web page over Hummingbird 2.
        .target(
            name: "KnowledgeGraphServer",
            dependencies: [
                "KnowledgeGraph",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "kg",
            dependencies: [
                "KnowledgeGraph",
                "KnowledgeGraphServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)],
            // Linux: the Swift runtime and Foundation linked into the binary, not
            // loaded as 18 shared libraries at every start (a one-shot `kg query`
            // starts about 4 ms sooner; docs/performance.md, "Cold start").
            // Foundation's static archives depend on each other in a cycle, hence
            // the group.
            linkerSettings: [.unsafeFlags(staticSwiftRuntime, .when(platforms: [.linux]))]
        ),
        // The README's "Using kg from Swift" example, built with the package
        // and run by a test (LibraryExampleTests), so it cannot go stale.
        .executableTarget(name: "LibraryExample", dependencies: ["KnowledgeGraph"], path: "Examples/LibraryExample",
                          swiftSettings: [.swiftLanguageMode(.v6)]),
        // libFuzzer targets: `Scripts/fuzz.sh TARGET SECONDS` builds them with
        // --sanitize=fuzzer (libFuzzer supplies main). A plain build compiles
        // each one-file target as a script that replays input files instead.
        .target(name: "FuzzSupport", path: "Fuzz/FuzzSupport", swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzQueryParser", dependencies: ["KnowledgeGraph", "FuzzSupport"], path: "Fuzz/FuzzQueryParser",
                          swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzGraphTextParser", dependencies: ["KnowledgeGraph", "FuzzSupport"], path: "Fuzz/FuzzGraphTextParser",
                          swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzSchemaParser", dependencies: ["KnowledgeGraph", "FuzzSupport"], path: "Fuzz/FuzzSchemaParser",
                          swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzJSONParser", dependencies: ["KnowledgeGraph", "FuzzSupport"], path: "Fuzz/FuzzJSONParser",
                          swiftSettings: [.swiftLanguageMode(.v6)]),
        .executableTarget(name: "FuzzQueryEngine", dependencies: ["KnowledgeGraph", "FuzzSupport"], path: "Fuzz/FuzzQueryEngine",
                          swiftSettings: [.swiftLanguageMode(.v6)]),
        // What the test targets share: which optional tools (Graphviz, Chromium,
        // Python's networkx) are here, and the trait that skips a test without them.
        .target(name: "KGTestTools", path: "Tests/KGTestTools", swiftSettings: [.swiftLanguageMode(.v6)]),
        .testTarget(
            name: "KnowledgeGraphTests",
            dependencies: ["KnowledgeGraph", "KGModel", "KGStorage", "KGSQLite", "KGEngine", "KGAsk", "KGImportExport",
                           "CSQLite", "KGTestTools"],
            exclude: ["Export/Golden"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .testTarget(
            name: "KnowledgeGraphServerTests",
            dependencies: ["KnowledgeGraph", "KnowledgeGraphServer", "KGTestTools"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "kg",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "KnowledgeGraph", targets: ["KnowledgeGraph"]),
        .executable(name: "kg", targets: ["kg"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"]), .brew(["sqlite"])]
        ),
        // Line editing and history for `kg shell` (Debian libedit-dev).
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"]), .brew(["libedit"])]
        ),
        .target(
            name: "KnowledgeGraph",
            dependencies: ["CSQLite"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
        .executableTarget(
            name: "kg",
            dependencies: [
                "KnowledgeGraph",
                "CLibEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
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
        .testTarget(
            name: "KnowledgeGraphTests",
            dependencies: ["KnowledgeGraph", "CSQLite"],
            exclude: ["Export/Golden"],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)

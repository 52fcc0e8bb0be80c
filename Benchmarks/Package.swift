// swift-tools-version:6.0
// kg's own benchmark: import rate, each query shape warm and cold, and how
// cost grows from small to large. A package of its own, so that CI's build of
// kg does not build it. Run from the repository root:
//
//   swift run -c release --package-path Benchmarks kg-bench --scales small,medium,large
import PackageDescription

let package = Package(
    name: "kg-bench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "kg", path: "..")],
    targets: [
        .executableTarget(
            name: "kg-bench",
            dependencies: [.product(name: "KnowledgeGraph", package: "kg")],
            swiftSettings: [.swiftLanguageMode(.v6)]
        ),
    ]
)

// swift-tools-version:6.1
// Benchmark programs, kept out of the main package so test builds do not compile them.
import PackageDescription

let package = Package(
    name: "curate-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "curate", path: ".."),
    ],
    targets: [
        .executableTarget(
            name: "dedup-bench",
            dependencies: [.product(name: "CurateKit", package: "curate")]
        ),
        .executableTarget(
            name: "decontaminate-bench",
            dependencies: [.product(name: "CurateKit", package: "curate")]
        ),
    ],
    swiftLanguageModes: [.v5]
)

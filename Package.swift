// swift-tools-version:6.1
import PackageDescription

/// `make fuzz` sets CURATE_FUZZ=1: CurateKit is then built with libFuzzer's coverage and
/// AddressSanitizer, and the `curate-fuzz` target (libFuzzer's entry points) is added. Normal
/// builds see neither.
let fuzzing = Context.environment["CURATE_FUZZ"] == "1"
let fuzzFlags: [SwiftSetting] = fuzzing ? [.unsafeFlags(["-sanitize=fuzzer,address"])] : []

let package = Package(
    name: "curate",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "CurateKit", targets: ["CurateKit"]),
        .executable(name: "curate", targets: ["curate"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .systemLibrary(
            name: "CInflate",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLapacke",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev"])]
        ),
        .target(
            name: "CurateKit",
            dependencies: [
                "CLibXML2",
                "CInflate",
                "CZstd",
                "CLapacke",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: fuzzFlags
        ),
        .executableTarget(
            name: "curate",
            dependencies: [
                "CurateKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "CurateKitTests",
            dependencies: ["CurateKit"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v5]
)

if fuzzing {
    package.products.append(.executable(name: "curate-fuzz", targets: ["curate-fuzz"]))
    package.targets.append(.executableTarget(
        name: "curate-fuzz",
        dependencies: ["CurateKit"],
        swiftSettings: fuzzFlags + [.unsafeFlags(["-parse-as-library"])],
        linkerSettings: [.unsafeFlags(["-sanitize=fuzzer,address"])]
    ))
}

// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Lectern",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "lectern", targets: ["lectern"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // System ncursesw through a shim header (see DESIGN.md: no pkgConfig, wide API needs the defines).
        .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw"),
        .target(name: "MLCore"),
        .target(name: "LessonKit"),
        .target(name: "TerminalUI"),
        .target(name: "Dashboard", dependencies: ["TerminalUI", "LessonKit", "MLCore"]),
        .target(name: "NcursesTerminal", dependencies: ["CNcursesw", "TerminalUI"]),
        .executableTarget(
            name: "lectern",
            dependencies: [
                "Dashboard", "NcursesTerminal", "LessonKit", "TerminalUI",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MLCoreTests", dependencies: ["MLCore"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "MLCore"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "MLCore"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "TerminalUI", "LessonKit"]),
    ]
)

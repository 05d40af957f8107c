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
        // OpenBLAS's CBLAS on Linux; macOS uses Accelerate (see MLCore/BLAS.swift).
        .systemLibrary(name: "CBLAS", path: "Sources/CBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Element-wise kernels that must vectorise (Adam's update); plain C, no dependencies.
        .target(name: "CKernels", cSettings: [.unsafeFlags(["-O3", "-fno-math-errno"])]),
        .target(
            name: "MLCore",
            dependencies: [
                .target(name: "CBLAS", condition: .when(platforms: [.linux])),
                "CZlib", "CKernels",
            ]
        ),
        .target(name: "LessonKit", dependencies: ["MLCore"]),
        .target(name: "TerminalUI"),
        // The labs: one folder each (schema, job, view, words) plus the runners that train them on
        // background queues. The only module besides lectern that may use Dispatch.
        .target(name: "LabKit", dependencies: ["LessonKit", "MLCore", "TerminalUI"]),
        // State, reduce and render: pure, no threads, no Dispatch.
        .target(name: "Dashboard", dependencies: ["TerminalUI", "LessonKit", "LabKit"]),
        .target(name: "NcursesTerminal", dependencies: ["CNcursesw", "TerminalUI"]),
        .executableTarget(
            name: "lectern",
            dependencies: [
                "Dashboard", "LabKit", "NcursesTerminal", "LessonKit", "TerminalUI", "MLCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "MLCoreTests", dependencies: ["MLCore"], exclude: ["Fixtures"]),
        .testTarget(name: "LessonKitTests", dependencies: ["LessonKit", "LabKit", "MLCore"]),
        .testTarget(name: "LabKitTests", dependencies: ["LabKit", "LessonKit", "MLCore", "TerminalUI"]),
        .testTarget(name: "TerminalUITests", dependencies: ["TerminalUI", "MLCore"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "LabKit", "TerminalUI", "LessonKit", "MLCore"]),
        .testTarget(name: "NcursesTerminalTests", dependencies: ["NcursesTerminal", "TerminalUI", "CNcursesw"]),
        .testTarget(name: "lecternTests", dependencies: ["lectern"]),
    ]
)

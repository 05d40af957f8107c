// GENERATED FILE: do not edit by hand.
// Regenerate with:
//   python3 Tests/MLCoreTests/Fixtures/make_gd_reference.py > Tests/MLCoreTests/GDReferenceValues.swift
// NumPy 2.4.6, float64; numbers via repr() (shortest round-trip, exact float64 values).

/// The article's NumPy gradient descent on X = [[1,2],[2,3],[3,4]], y = [3,5,7], theta0 = [0,0].
enum GDReference {
    struct Checkpoint { let iteration: Int; let theta: [Double]; let loss: Double }

    /// alpha = 0.01: theta and J after iterations 0, 1, 2, 10, 100 and 1000.
    static let alpha001: [Checkpoint] = [
        .init(iteration: 0, theta: [0.0, 0.0], loss: 27.666666666666668),
        .init(iteration: 1, theta: [0.11333333333333333, 0.16333333333333333], loss: 20.326862962962963),
        .init(iteration: 2, theta: [0.2104888888888889, 0.3033222222222222], loss: 14.934473612057614),
        .init(iteration: 10, theta: [0.6239243042872621, 0.8982602013592826], loss: 1.270238079698967),
        .init(iteration: 100, theta: [0.8020604187530739, 1.1371718808912257], loss: 0.002706308450094177),
        .init(iteration: 1000, theta: [0.8699536268348463, 1.0901221974865716], loss: 0.0011681784500336008),
    ]

    /// alpha = 0.2: every iteration until J first exceeds 1e6 * J0 (the last entry is that iteration).
    static let alpha02: [Checkpoint] = [
        .init(iteration: 0, theta: [0.0, 0.0], loss: 27.666666666666668),
        .init(iteration: 1, theta: [2.2666666666666666, 3.2666666666666666], loss: 95.43407407407408),
        .init(iteration: 2, theta: [-1.9377777777777778, -2.804444444444445], loss: 329.21071934156384),
        .init(iteration: 3, theta: [5.876740740740741, 8.46785185185185], loss: 1135.6676751860994),
        .init(iteration: 4, theta: [-8.632019753086418, -12.472316049382716], loss: 3917.6938426440515),
        .init(iteration: 5, theta: [18.32095341563786, 26.41685465020576], loss: 13514.820234961584),
        .init(iteration: 6, theta: [-31.734409305898502, -45.81700222770918], loss: 46621.92583415186),
        .init(iteration: 7, theta: [61.24037568321902, 88.34174782039325], loss: 160831.1581976225),
        .init(iteration: 8, theta: [-111.43963871497641, -160.83946554332573], loss: 554817.5399982497),
        .init(iteration: 9, theta: [209.28997814343592, 301.9696861270726], loss: 1913948.1969317067),
        .init(iteration: 10, theta: [-386.40691629320094, -557.6250112431823], loss: 6602526.858097087),
        .init(iteration: 11, theta: [720.0062205713627, 1038.9258988845718], loss: 22776667.106791556),
        .init(iteration: 12, theta: [-1334.9674504746715, -1926.4057997207506], loss: 78572427.76020952),
    ]
    static let alpha02DivergedAt = 12

    /// Eigenvalues of X^T X / m (ascending); gradient descent is stable for alpha < 2 / max.
    static let hessianEigenvalues: [Double] = [0.04666354556872365, 14.286669787764609]
}

/// The gradient-descent lab's extras: the θ path over J(θ).
public struct GDDetail: LabDetail, Equatable {
    /// θ after each iteration (θ₀ first); long paths keep their start and their latest points.
    public var path: [[Double]] = []
    /// The iteration number of each point in `path`.
    public var iterations: [Int] = []
    public var losses: [Double] = []
    /// J sampled on a grid over `bounds` (rows θ₁, columns θ₀).
    public var field: [[Double]] = []
    public var bounds: (min: [Double], max: [Double]) = ([0, 0], [1, 1])
    public var minimum: [Double] = []
    public var maxStableAlpha = 0.0
    public init() {}

    public static func == (a: GDDetail, b: GDDetail) -> Bool {
        a.path == b.path && a.iterations == b.iterations && a.losses == b.losses && a.field == b.field
            && a.bounds.min == b.bounds.min && a.bounds.max == b.bounds.max && a.minimum == b.minimum
            && a.maxStableAlpha == b.maxStableAlpha
    }
}

extension LabSnapshot {
    public var gd: GDDetail? { detail as? GDDetail }
}

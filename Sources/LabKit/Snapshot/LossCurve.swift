/// The loss per step, kept to at most `capacity` points by averaging neighbours when it fills up.
public struct LossCurve: Sendable, Equatable {
    /// values[i] is the mean loss of steps i·stride ..< (i+1)·stride.
    public private(set) var values: [Double] = []
    public private(set) var stride = 1
    /// Validation loss at the end of each epoch: (step, loss).
    public var validation: [Point] = []
    private var pending = 0.0
    private var pendingCount = 0
    public let capacity: Int

    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double
        public init(x: Double, y: Double) { self.x = x; self.y = y }
    }

    public init(capacity: Int = 2048) {
        precondition(capacity >= 2 && capacity % 2 == 0, "capacity must be even")
        self.capacity = capacity
    }

    public init(values: [Double], validation: [Point] = []) {
        self.init(capacity: max(2048, values.count + values.count % 2))
        self.values = values
        self.validation = validation
    }

    /// Steps recorded so far.
    public var steps: Int { values.count * stride + pendingCount }

    public mutating func append(_ loss: Double) {
        pending += loss
        pendingCount += 1
        guard pendingCount == stride else { return }
        values.append(pending / Double(stride))
        pending = 0
        pendingCount = 0
        if values.count == capacity {
            var merged: [Double] = []
            merged.reserveCapacity(capacity)
            for k in 0..<(capacity / 2) { merged.append((values[2 * k] + values[2 * k + 1]) / 2) }
            values = merged
            stride *= 2
        }
    }

    /// (step, loss) points of the raw curve.
    public var points: [(x: Double, y: Double)] {
        values.enumerated().map { (Double($0.offset * stride), $0.element) }
    }

    /// The exponential moving average of the raw curve, as TensorBoard smooths: debiased, so that the
    /// start is not pulled towards zero. `smoothing` 0 returns the curve itself.
    public func smoothed(_ smoothing: Double) -> [(x: Double, y: Double)] {
        guard smoothing > 0 else { return points }
        var out: [(x: Double, y: Double)] = []
        out.reserveCapacity(values.count)
        var ema = 0.0, weight = 0.0
        for (i, v) in values.enumerated() {
            guard v.isFinite else { out.append((Double(i * stride), .nan)); continue }
            ema = smoothing * ema + (1 - smoothing) * v
            weight = smoothing * weight + (1 - smoothing)
            out.append((Double(i * stride), ema / weight))
        }
        return out
    }
}


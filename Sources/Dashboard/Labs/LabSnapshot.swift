import LessonKit
import MLCore

/// Where a lab's run is, as its job sees it. (Paused is the UI's own knowledge, not a phase.)
public enum RunPhase: Sendable, Equatable {
    case loading(String)
    case running
    case finished
    case stopped
    case diverged(String)
    case failed(String)

    /// True once the job has ended and will publish nothing more.
    public var isOver: Bool {
        switch self {
        case .loading, .running: return false
        case .finished, .stopped, .diverged, .failed: return true
        }
    }
}

/// How far a run has come, in the units of its lab.
public struct RunProgress: Sendable, Equatable {
    public var epoch = 0
    public var epochs = 0
    /// Steps done (batches, word checkpoints, iterations) and planned in all.
    public var step = 0
    public var totalSteps = 0
    /// Items per second of active time (samples, words, iterations), and their name.
    public var rate = 0.0
    public var rateUnit = ""
    /// Seconds the run has been going, pauses left out.
    public var elapsed = 0.0
    public var learningRate = 0.0

    public init() {}

    public var fraction: Double { totalSteps > 0 ? min(1, Double(step) / Double(totalSteps)) : 0 }

    /// Seconds left at the pace so far, or nil before there is a pace.
    public var eta: Double? {
        guard step > 0, elapsed > 0, totalSteps > step else { return step >= totalSteps && totalSteps > 0 ? 0 : nil }
        return elapsed / Double(step) * Double(totalSteps - step)
    }
}

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

/// The MLP lab's extras: accuracy per epoch, confusion matrix, and a strip of test digits.
public struct MLPDetail: Sendable, Equatable {
    public var dataName = ""
    public var trainCount = 0
    public var batchSize = 0
    public var validationAccuracy: [Double] = []
    public var testAccuracy: [Double] = []
    /// counts[true][predicted] on the test set after the last epoch.
    public var confusion: [[Int]] = []
    public var digits = DigitStrip()
    /// For each strip image: |∂(logit of the predicted class)/∂pixel|, scaled to [0, 1].
    public var saliency: [[Float]] = []
    /// The first hidden units' incoming weights as images, each scaled to [0, 1] (0.5 = zero weight).
    public var weightImages: [[Float]] = []
    /// The epoch whose weights early stopping kept, when it stopped the run.
    public var bestEpoch: Int?
    public init() {}
}

/// A few test images with their labels and the model's current guesses.
public struct DigitStrip: Sendable, Equatable {
    public var rows = 0
    public var cols = 0
    public var images: [[Float]] = []
    public var labels: [Int] = []
    /// Empty before the first prediction.
    public var predictions: [Int] = []
    public init() {}
}

/// The gradient-descent lab's extras: the θ path over J(θ).
public struct GDDetail: Sendable, Equatable {
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

/// One watched word and its nearest neighbours now.
public struct WatchedWord: Sendable, Equatable {
    public var word: String
    /// nil when the word is not in the vocabulary.
    public var neighbours: [Neighbour]?
    public init(word: String, neighbours: [Neighbour]?) { self.word = word; self.neighbours = neighbours }
}

public struct Neighbour: Sendable, Equatable {
    public var word: String
    public var similarity: Float
    public init(word: String, similarity: Float) { self.word = word; self.similarity = similarity }
}

/// The Word2Vec lab's extras: the watch list, and the vectors to answer analogies with.
public struct Word2VecDetail: Sendable {
    public var corpusName = ""
    public var vocabularySize = 0
    public var corpusTokens = 0
    public var watch: [WatchedWord] = []
    /// The vectors as of the last refresh (shared, not copied, between snapshots).
    public var index: VectorIndex?
    /// Bumped each time `index` is refreshed.
    public var indexVersion = 0
    public init() {}
}

/// Everything one lab shows about a run, published by its job.
public struct LabSnapshot: Sendable {
    public enum Detail: Sendable {
        case mlp(MLPDetail)
        case gd(GDDetail)
        case word2vec(Word2VecDetail)
    }

    public var lab: Lab
    public var phase: RunPhase
    public var progress = RunProgress()
    public var curve = LossCurve()
    /// The step at which the run diverged.
    public var divergedAt: Double?
    public var detail: Detail

    public init(lab: Lab, phase: RunPhase, detail: Detail) {
        self.lab = lab
        self.phase = phase
        self.detail = detail
    }

    public var mlp: MLPDetail? { if case .mlp(let d) = detail { return d } else { return nil } }
    public var gd: GDDetail? { if case .gd(let d) = detail { return d } else { return nil } }
    public var word2vec: Word2VecDetail? { if case .word2vec(let d) = detail { return d } else { return nil } }
}

import LessonKit

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

/// What a lab's job adds to its snapshots (digits and accuracies, the θ path, neighbours).
public protocol LabDetail: Sendable {}

/// Everything one lab shows about a run, published by its job.
public struct LabSnapshot: Sendable {
    public var lab: Lab
    public var phase: RunPhase
    public var progress = RunProgress()
    public var curve = LossCurve()
    /// The step at which the run diverged.
    public var divergedAt: Double?
    /// The lab's own part of the snapshot (its folder's `…Detail` type).
    public var detail: any LabDetail

    public init(lab: Lab, phase: RunPhase, detail: any LabDetail) {
        self.lab = lab
        self.phase = phase
        self.detail = detail
    }

}

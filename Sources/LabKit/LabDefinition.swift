import LessonKit
import TerminalUI

/// Everything one lab is, declared in its own folder (`Labs/<Lab>/`): its settings schema, the job that
/// trains it, the view of its run beside the loss chart, and its words. The shared machinery (runner,
/// pane, chart, editor, key table) reads only this.
public protocol LabDefinition {
    /// The settings, their ranges, defaults, order, liveness and help: the one source for every check.
    static var schema: LabSchema { get }
    /// What the progress line counts.
    static var progressUnit: ProgressUnit { get }
    /// How the chart's legend and the status line name the learning rate ("lr", "α").
    static var learningRateSymbol: String { get }
    /// The speed a run starts at, as an index into the dashboard's speeds (0: full, 1: 500 steps/s, 2: 100,
    /// 3: 20, …): slow enough that a student who presses `s` watches it learn.
    static var startSpeedIndex: Int { get }

    /// Trains one run on the lab's queue: owns its model, reads the controls through `context` between
    /// steps and publishes snapshots there. Returns when the run ends.
    static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>)

    /// Draws the lab's body: the loss chart (with `chart`, into the part of `area` the lab leaves for it)
    /// and the lab's own view of the run.
    static func renderBody(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer,
                           chart: (Rect, inout ScreenBuffer) -> Void)

    /// One sentence on what to try after the run diverged.
    static func divergenceAdvice(_ language: String) -> String

    /// The run's value of one of the schema's `metrics` (for `check:` quizzes), or nil while it has none.
    static func measure(_ metric: String, in snapshot: LabSnapshot) -> Double?

    /// Other settings that change with `key` (a new corpus brings its own watch list): the new values, or nil.
    static func follow(_ key: String, from old: String?, to new: String, in values: [String: String]) -> [String: String]?
}

extension LabDefinition {
    public static var lab: Lab { schema.lab }
    public static var progressUnit: ProgressUnit { .epochs }
    public static var learningRateSymbol: String { schema.learningRateKey }
    public static var startSpeedIndex: Int { 0 }
    /// The metrics every lab has: the last loss, epochs done, iterations, the learning rate now.
    public static func measure(_ metric: String, in s: LabSnapshot) -> Double? {
        switch metric {
        case "loss": return s.curve.values.last
        case "epochs": return s.phase == .finished ? Double(s.progress.epochs) : Double(max(0, s.progress.epoch - 1))
        case "iterations": return Double(s.progress.step)
        case "alpha", "lr": return s.progress.learningRate
        default: return nil
        }
    }

    public static func follow(_ key: String, from old: String?, to new: String, in values: [String: String]) -> [String: String]? { nil }
    public static func renderBody(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer,
                                  chart: (Rect, inout ScreenBuffer) -> Void) {
        chart(area, &buffer)
    }
}

/// What a lab's progress line counts: epochs of a dataset, or single iterations.
public enum ProgressUnit: Sendable { case epochs, iterations }

/// What a lab's view of its run gets to draw with.
public struct LabViewInput {
    public var snapshot: LabSnapshot?
    /// The settings in the bar (the next run's), and the ones of the run shown.
    public var settings: LabSettings
    public var runSettings: LabSettings?
    /// What the lab's own keys chose (the explained digit, the last analogy, …).
    public var ui: LabUIState
    public var theme: Theme
    public var language: String
    public var ascii: Bool

    public init(snapshot: LabSnapshot?, settings: LabSettings, runSettings: LabSettings?, ui: LabUIState,
                theme: Theme, language: String, ascii: Bool) {
        self.snapshot = snapshot
        self.settings = settings
        self.runSettings = runSettings
        self.ui = ui
        self.theme = theme
        self.language = language
        self.ascii = ascii
    }
}

/// The state of a lab's own keys, kept by the dashboard with the lab's run.
public struct LabUIState: Sendable, Equatable {
    /// The strip image whose saliency map the MLP lab shows (nil: digits and confusion matrix instead).
    public var explainIndex: Int?
    /// The answer to the last question asked of the run (a Word2Vec analogy).
    public var answer: PromptAnswer?
    /// Neighbours worked out by the UI after the watch list changed, until the job's next refresh.
    public var watchOverride: [WatchedWord]?
    public init() {}
}

/// The answer to a question typed at a lab's prompt, against the model of that moment.
public struct PromptAnswer: Sendable, Equatable {
    public var question: String
    public var answers: [Neighbour]
    public var problem: String?
    public init(question: String, answers: [Neighbour], problem: String?) {
        self.question = question
        self.answers = answers
        self.problem = problem
    }
}

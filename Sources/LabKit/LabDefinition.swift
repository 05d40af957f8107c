import LessonKit
import TerminalUI

/// Everything one lab is, declared in its own folder (`Labs/<Lab>/`): its settings schema, the job that
/// trains it, the view of its run beside the loss chart, and its words. The shared machinery (runner,
/// pane, chart, editor, key table) reads only this.
public protocol LabDefinition: SendableMetatype {
    /// The settings, their ranges, defaults, order, liveness and help: the one source for every check.
    static var schema: LabSchema { get }
    /// What the progress line counts.
    static var progressUnit: ProgressUnit { get }
    /// How the chart's legend and the status line name the learning rate ("lr", "α").
    static var learningRateSymbol: String { get }
    /// The speed a run starts at, as an index into the dashboard's speeds (0: full, 1: 500 steps/s, 2: 100,
    /// 3: 20, …): slow enough that a student who presses `s` watches it learn.
    static var startSpeedIndex: Int { get }
    /// Whether a finished run still takes live settings (the language model keeps sampling from its trained
    /// weights for a new prompt or temperature); others end with their last step.
    static var listensWhenFinished: Bool { get }

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

    /// Keys of this lab alone, besides the shared run controls: the key table dispatches them to `press` and
    /// lists them in help.
    static var keys: [LabKey] { get }
    /// The state of those keys before any is pressed.
    static var initialUI: any LabUI { get }
    /// What the key `id` does, given the lab as it is now.
    static func press(_ id: String, _ lab: LabKeyInput) -> LabKeyOutcome
    /// What a line typed at the lab's prompt `id` (opened by `press`) does.
    static func submit(_ id: String, text: String, _ lab: LabKeyInput) -> LabKeyOutcome
    /// The keys' state once a new run starts (answers about the old model go).
    static func uiAfterStart(_ ui: any LabUI) -> any LabUI
    /// The keys' state once a newer snapshot arrived.
    static func uiAfter(_ snapshot: LabSnapshot, _ ui: any LabUI, settings: LabSettings) -> any LabUI
}

extension LabDefinition {
    public static var lab: Lab { schema.lab }
    public static var progressUnit: ProgressUnit { .epochs }
    public static var learningRateSymbol: String { schema.learningRateKey }
    public static var startSpeedIndex: Int { 0 }
    public static var listensWhenFinished: Bool { false }
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

    public static var keys: [LabKey] { [] }
    public static var initialUI: any LabUI { NoLabUI() }
    public static func press(_ id: String, _ lab: LabKeyInput) -> LabKeyOutcome { LabKeyOutcome(ui: lab.ui) }
    public static func submit(_ id: String, text: String, _ lab: LabKeyInput) -> LabKeyOutcome { LabKeyOutcome(ui: lab.ui) }
    public static func uiAfterStart(_ ui: any LabUI) -> any LabUI { ui }
    public static func uiAfter(_ snapshot: LabSnapshot, _ ui: any LabUI, settings: LabSettings) -> any LabUI { ui }

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
    /// The settings in the bar (the next run's).
    public var settings: LabSettings
    /// What the lab's own keys chose (the explained digit, the last analogy, …).
    public var ui: any LabUI
    public var theme: Theme
    public var language: String
    public var ascii: Bool

    public init(snapshot: LabSnapshot?, settings: LabSettings, ui: any LabUI,
                theme: Theme, language: String, ascii: Bool) {
        self.snapshot = snapshot
        self.settings = settings
        self.ui = ui
        self.theme = theme
        self.language = language
        self.ascii = ascii
    }
}

/// The state of a lab's own keys (the explained digit, the last analogy, …), kept by the dashboard with the
/// lab's run. Each lab that has keys declares its own type in its folder.
public protocol LabUI: Sendable {}

/// The key state of a lab without keys of its own.
public struct NoLabUI: LabUI { public init() {} }

/// One key of a lab's own.
public struct LabKey: Sendable {
    public var key: Character
    /// What `press` is told.
    public var id: String
    /// How help writes the key (a row may name several keys; the others then have an empty label).
    public var label: String
    public var help: LocalizedText
    public init(_ key: Character, id: String, label: String, help: LocalizedText) {
        self.key = key
        self.id = id
        self.label = label
        self.help = help
    }
}

/// The lab as one of its keys sees it.
public struct LabKeyInput: Sendable {
    public var snapshot: LabSnapshot?
    public var settings: LabSettings
    public var ui: any LabUI
    public var language: String
    public init(snapshot: LabSnapshot?, settings: LabSettings, ui: any LabUI, language: String) {
        self.snapshot = snapshot
        self.settings = settings
        self.ui = ui
        self.language = language
    }
}

/// What a lab's key or prompt did: the keys' new state, a line for the status bar, a prompt to open, and
/// settings to change (the dashboard checks them with the schema, sends the live ones and saves them).
public struct LabKeyOutcome: Sendable {
    public var ui: any LabUI
    public var message: String?
    public var prompt: LabPrompt?
    public var settings: [(key: String, value: String)]
    public init(ui: any LabUI, message: String? = nil, prompt: LabPrompt? = nil, settings: [(key: String, value: String)] = []) {
        self.ui = ui
        self.message = message
        self.prompt = prompt
        self.settings = settings
    }
}

/// A line a lab asks the student to type in the status bar.
public struct LabPrompt: Sendable, Equatable {
    public var id: String
    public var label: LocalizedText
    public var text: String
    public init(id: String, label: LocalizedText, text: String) {
        self.id = id
        self.label = label
        self.text = text
    }
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

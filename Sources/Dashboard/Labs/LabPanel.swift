import LessonKit
import MLCore
import TerminalUI

/// A finished or replaced run whose curve stays on the chart for comparison.
public struct PastRun: Sendable, Equatable {
    public var label: String
    public var curve: LossCurve
    public var divergedAt: Double?
    public init(label: String, curve: LossCurve, divergedAt: Double?) {
        self.label = label
        self.curve = curve
        self.divergedAt = divergedAt
    }
}

/// The answer to an analogy asked with `a`, against the vectors of that moment.
public struct AnalogyAnswer: Sendable, Equatable {
    public var question: String
    public var answers: [Neighbour]
    public var problem: String?
}

/// One lab as the dashboard sees it: its settings, the run now shown, and the runs before.
public struct LabView: Sendable {
    public var settings: LabSettings
    public var snapshot: LabSnapshot?
    /// The version of `snapshot` (to poll for newer ones).
    public var version = -1
    /// Whether a run was started and has not reported its end.
    public var active = false
    public var paused = false
    public var speedIndex: Int
    /// Up to `LabView.keptRuns` earlier curves, oldest first.
    public var history: [PastRun] = []
    public var runNumber = 0
    /// The settings of the run shown (the bar may already hold edits for the next one).
    public var runSettings: LabSettings?
    public var analogy: AnalogyAnswer?
    /// Neighbours worked out by the UI after the watch list changed, until the job's next refresh.
    public var watchOverride: [WatchedWord]?

    public static let keptRuns = 2
    /// Steps per second offered by `{` and `}`; nil is full speed.
    public static let speeds: [Double?] = [nil, 500, 100, 20, 5, 1]

    public init(lab: Lab) {
        settings = LabSettings(lab: lab)
        speedIndex = lab == .gd ? 3 : 0
    }

    public var speed: Double? { Self.speeds[speedIndex] }
    public var phase: RunPhase? { snapshot?.phase }
    public var isRunning: Bool { active && !(snapshot?.phase.isOver ?? false) }

    /// The watch list as shown: the UI's fresh answer when the list was just edited, else the job's.
    public var watch: [WatchedWord] { watchOverride ?? snapshot?.word2vec?.watch ?? [] }
}

/// The state of the lab pane: which lab shows, each lab's runs, chart options, and any open editor.
public struct LabPanel: Sendable {
    public var shown: Lab?
    public var labs: [Lab: LabView]
    public var smoothingIndex = 3
    public var logY = false
    public var chartMode: LineChart.Mode = .braille
    /// The lab pane takes the whole body.
    public var zoomed = false
    public var editor: SettingsEditor?
    public var prompt: Prompt?
    /// The strip image whose saliency map the MLP lab shows (nil: digits and confusion matrix instead).
    public var explainIndex: Int?
    /// Settings waiting for a yes before they replace the running model.
    public var pendingRestart: LabSettings?

    public static let smoothings: [Double] = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99]

    public init() {
        var labs: [Lab: LabView] = [:]
        for lab in Lab.allCases { labs[lab] = LabView(lab: lab) }
        self.labs = labs
    }

    public var smoothing: Double { Self.smoothings[smoothingIndex] }

    public subscript(lab: Lab) -> LabView {
        get { labs[lab]! }
        set { labs[lab] = newValue }
    }
}

/// A line of text the student types in the status bar: the watch list or an analogy.
public struct Prompt: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        case watch, analogy
        /// The answer to the `index`-th quiz of a lesson.
        case quiz(lesson: String, index: Int)
    }
    public var kind: Kind
    public var text: String
}

/// The settings editor: one field at a time, typed text checked before it is kept.
public struct SettingsEditor: Sendable, Equatable {
    public var lab: Lab
    public var draft: LabSettings
    public var field: Int
    /// The text in the field being edited.
    public var text: String
    /// True until the first key typed into a field: typing then replaces the old value.
    public var fresh = true
    /// Why the last value typed was refused.
    public var error: String?

    public init(lab: Lab, settings: LabSettings, field: Int = 0) {
        self.lab = lab
        draft = settings
        self.field = min(max(0, field), settings.fields.count - 1)
        text = settings[settings.fields[self.field]]
    }

    public var key: String { draft.fields[field] }
}

import LabKit
import LessonKit
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

/// One lab as the dashboard sees it: its settings, the run now shown, and the runs before.
public struct LabRun: Sendable {
    public var settings: LabSettings
    public var snapshot: LabSnapshot?
    /// The version of `snapshot` (to poll for newer ones).
    public var version = -1
    /// Whether a run was started and has not reported its end.
    public var active = false
    /// The dashboard's side of the run's controls; the job hears of it only through run commands.
    public var paused = false
    public var speedIndex: Int
    /// Up to `LabRun.keptRuns` earlier curves, oldest first.
    public var history: [PastRun] = []
    public var runNumber = 0
    /// The settings of the run shown (the bar may already hold edits for the next one).
    public var runSettings: LabSettings?
    /// What the lab's own keys chose (the explained digit, the last analogy, fresh neighbours).
    public var ui: any LabUI

    public static let keptRuns = 2
    /// Steps per second offered by `{` and `}`; nil is full speed.
    public static let speeds: [Double?] = [nil, 500, 100, 20, 5, 1]

    public init(lab: Lab) {
        settings = LabSettings(lab: lab)
        speedIndex = LabRegistry.definition(lab).startSpeedIndex
        ui = LabRegistry.definition(lab).initialUI
    }

    public var speed: Double? { Self.speeds[speedIndex] }
    public var phase: RunPhase? { snapshot?.phase }
    public var isRunning: Bool { active && !(snapshot?.phase.isOver ?? false) }
}

/// The state of the lab pane: which lab shows, each lab's runs, and the chart options.
public struct LabsState: Sendable {
    public var shown: Lab?
    public var runs: [Lab: LabRun]
    public var smoothingIndex = 3
    public var logY = false
    public var chartMode: LineChart.Mode = .braille
    /// The lab pane takes the whole body.
    public var zoomed = false

    public static let smoothings: [Double] = [0, 0.5, 0.8, 0.9, 0.95, 0.98, 0.99]

    public init() {
        var runs: [Lab: LabRun] = [:]
        for lab in LabRegistry.labs { runs[lab] = LabRun(lab: lab) }
        self.runs = runs
    }

    public var smoothing: Double { Self.smoothings[smoothingIndex] }

    public subscript(lab: Lab) -> LabRun {
        get { runs[lab]! }
        set { runs[lab] = newValue }
    }
}


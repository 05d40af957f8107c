import LessonKit
import MLCore
import TerminalUI

extension AppState {
    /// Keys that drive the lab pane. Returns nil when the key is not a lab key (so the reader takes it).
    mutating func labKey(_ key: Key) -> [Effect]? {
        switch key {
        case .char("1"): return showLab(.mlp)
        case .char("2"): return showLab(.gd)
        case .char("3"): return showLab(.word2vec)
        case .char("0"):
            guard panel.shown != nil else { return nil }
            panel.shown = nil
            panel.zoomed = false
            relayout(keeping: topAnchor)
            return []
        default: break
        }
        guard let lab = panel.shown else { return nil }
        switch key {
        case .char("s"): return start(lab, keepPaused: false)
        case .char(" "):
            let view = panel[lab]
            if !view.isRunning { return start(lab, keepPaused: false) }
            panel[lab].paused.toggle()
            message = panel[lab].paused ? labText.paused : labText.resumed
            return [.run(lab, panel[lab].paused ? .pause : .resume)]
        case .char("."):
            if !panel[lab].isRunning { return start(lab, keepPaused: true) + [.run(lab, .step)] }
            if !panel[lab].paused { panel[lab].paused = true; return [.run(lab, .pause)] }
            return [.run(lab, .step)]
        case .char("x"):
            guard panel[lab].isRunning else { message = labText.nothingRunning; return [] }
            return [.run(lab, .stop)]
        case .char("r"): return start(lab, keepPaused: panel[lab].isRunning && panel[lab].paused)
        case .char("R"):
            if let seed = Int(panel[lab].settings["seed"]) { panel[lab].settings.set("seed", String(seed + 1)) }
            return start(lab, keepPaused: panel[lab].isRunning && panel[lab].paused)
        case .char("{"), .char("}"):
            let i = panel[lab].speedIndex + (key == .char("{") ? 1 : -1)
            panel[lab].speedIndex = min(max(0, i), LabView.speeds.count - 1)
            message = "\(labText.speed): \(speedName(panel[lab].speed))"
            return [.run(lab, .speed(panel[lab].speed))]
        case .char("+"), .char("="): return nudgeLearningRate(lab, by: 2)
        case .char("-"), .char("_"): return nudgeLearningRate(lab, by: 0.5)
        case .char("<"), .char(","):
            panel.smoothingIndex = max(0, panel.smoothingIndex - 1)
            message = "\(labText.smoothing) \(LabSettings.format(panel.smoothing))"
            return []
        case .char(">"):
            panel.smoothingIndex = min(LabPanel.smoothings.count - 1, panel.smoothingIndex + 1)
            message = "\(labText.smoothing) \(LabSettings.format(panel.smoothing))"
            return []
        case .char("y"):
            panel.logY.toggle()
            message = panel.logY ? labText.logScale : labText.linearScale
            return []
        case .char("c"):
            let modes: [LineChart.Mode] = [.braille, .blocks, .ascii]
            panel.chartMode = modes[((modes.firstIndex(of: panel.chartMode) ?? 0) + 1) % modes.count]
            message = "\(labText.chartMode): \(panel.chartMode)"
            return []
        case .char("z"):
            panel.zoomed.toggle()
            relayout(keeping: topAnchor)
            return []
        case .char("e"):
            panel.editor = SettingsEditor(lab: lab, settings: panel[lab].settings)
            return []
        case .char("v") where lab == .mlp:
            let count = panel[.mlp].snapshot?.mlp?.digits.images.count ?? MLPJob.stripCount
            let next = (panel.explainIndex ?? -1) + 1
            panel.explainIndex = next < count ? next : nil
            message = panel.explainIndex.map { "\(labText.explainTitle) \($0 + 1)/\(count)" } ?? labText.explainOff
            return []
        case .char("w") where lab == .word2vec:
            panel.prompt = Prompt(kind: .watch, text: panel[lab].settings["watch"].replacingCommas)
            return []
        case .char("a") where lab == .word2vec:
            panel.prompt = Prompt(kind: .analogy, text: "")
            return []
        default:
            return nil
        }
    }

    mutating func showLab(_ lab: Lab) -> [Effect] {
        if panel.shown != lab {
            panel.shown = lab
            relayout(keeping: topAnchor)
        }
        message = labText.labName(lab)
        return []
    }

    /// Starts a fresh run of `lab` with its current settings; the curve on screen joins the history.
    mutating func start(_ lab: Lab, keepPaused: Bool) -> [Effect] {
        var view = panel[lab]
        var effects: [Effect] = []
        if view.isRunning { effects.append(.run(lab, .stop)) }
        if let old = view.snapshot, old.curve.steps > 0 {
            view.history.append(PastRun(label: runLabel(view), curve: old.curve, divergedAt: old.divergedAt))
            if view.history.count > LabView.keptRuns { view.history.removeFirst(view.history.count - LabView.keptRuns) }
        }
        view.snapshot = nil
        view.version = -1
        view.active = true
        view.paused = keepPaused
        view.runNumber += 1
        view.runSettings = view.settings
        view.analogy = nil
        view.watchOverride = nil
        panel[lab] = view
        message = nil
        effects.append(.run(lab, .start(view.settings, paused: keepPaused, speed: view.speed)))
        return effects
    }

    func runLabel(_ view: LabView) -> String {
        let s = view.runSettings ?? view.settings
        return "#\(view.runNumber) \(s.learningRateKey == "lr" ? "lr" : "α") \(s[s.learningRateKey])"
    }

    mutating func nudgeLearningRate(_ lab: Lab, by factor: Double) -> [Effect] {
        let key = panel[lab].settings.learningRateKey
        let next = panel[lab].settings.learningRate * factor
        if let problem = panel[lab].settings.set(key, LabSettings.format(next)) {
            message = "\(key): \(problem)"
            return []
        }
        message = "\(key) = \(panel[lab].settings[key])"
        return applyLive(lab)
    }

    /// Sends the live settings (learning rate) to a running job and records them on the run.
    mutating func applyLive(_ lab: Lab) -> [Effect] {
        guard panel[lab].isRunning else { return [] }
        let key = panel[lab].settings.learningRateKey
        let value = panel[lab].settings[key]
        panel[lab].runSettings?.set(key, value)
        return [.run(lab, .learningRate(panel[lab].settings.learningRate))]
    }

    func speedName(_ speed: Double?) -> String {
        speed.map { "\(LabSettings.format($0)) \(labText.stepsPerSecond)" } ?? labText.fullSpeed
    }

    /// Takes a newer snapshot of a lab's current run.
    mutating func receive(_ lab: Lab, version: Int, _ snapshot: LabSnapshot) {
        guard panel[lab].active, version > panel[lab].version else { return }
        let wasOver = panel[lab].snapshot?.phase.isOver ?? false
        panel[lab].snapshot = snapshot
        panel[lab].version = version
        if snapshot.word2vec != nil, panel[lab].watchOverride != nil,
           panel[lab].snapshot?.word2vec?.watch.map(\.word) == panel[lab].settings.watchWords {
            panel[lab].watchOverride = nil
        }
        if snapshot.phase.isOver {
            panel[lab].paused = false
            if !wasOver, panel.shown != lab { message = "\(labText.labName(lab)): \(labText.phaseName(snapshot.phase))" }
        }
    }
}

extension String {
    var replacingCommas: String { split(separator: ",").joined(separator: " ") }
}

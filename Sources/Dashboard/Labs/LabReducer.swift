import LabKit
import LessonKit
import TerminalUI

extension AppState {
    /// The lab commands. Returns nil for a command that is not the labs' (so the reader takes it).
    mutating func labCommand(_ command: Command) -> [Effect]? {
        switch command {
        case .showLab(let lab): return showLab(lab)
        case .hideLab:
            guard labs.shown != nil else { return nil }
            labs.shown = nil
            labs.zoomed = false
            return []
        default: break
        }
        guard let lab = labs.shown else { return nil }
        switch command {
        case .start: return start(lab, keepPaused: false)
        case .pauseOrResume:
            if !labs[lab].isRunning { return start(lab, keepPaused: false) }
            labs[lab].paused.toggle()
            message = labs[lab].paused ? labText.paused : labText.resumed
            return [.run(lab, labs[lab].paused ? .pause : .resume)]
        case .step:
            if !labs[lab].isRunning { return start(lab, keepPaused: true) + [.run(lab, .step)] }
            if !labs[lab].paused { labs[lab].paused = true; return [.run(lab, .pause)] }
            return [.run(lab, .step)]
        case .stop:
            guard labs[lab].isRunning else { message = labText.nothingRunning; return [] }
            return [.run(lab, .stop)]
        case .reset: return start(lab, keepPaused: labs[lab].isRunning && labs[lab].paused)
        case .resetNextSeed:
            // A lab without a seed (gradient descent) is simply reset.
            guard labs[lab].settings.schema.spec("seed") != nil else { return start(lab, keepPaused: labs[lab].isRunning && labs[lab].paused) }
            let saved = nextSeed(lab)
            guard !saved.isEmpty else { return [] }
            let effects = start(lab, keepPaused: labs[lab].isRunning && labs[lab].paused)
            message = "seed \(labs[lab].settings["seed"])"
            return effects + saved
        case .slower, .faster:
            let i = labs[lab].speedIndex + (command == .slower ? 1 : -1)
            labs[lab].speedIndex = min(max(0, i), LabRun.speeds.count - 1)
            message = "\(labText.speed): \(speedName(labs[lab].speed))"
            return [.run(lab, .speed(labs[lab].speed))]
        case .rateUp: return nudgeLearningRate(lab, by: 2)
        case .rateDown: return nudgeLearningRate(lab, by: 0.5)
        case .lessSmoothing, .moreSmoothing:
            let i = labs.smoothingIndex + (command == .lessSmoothing ? -1 : 1)
            labs.smoothingIndex = min(max(0, i), LabsState.smoothings.count - 1)
            message = "\(labText.smoothing) \(NumberFormat.short(labs.smoothing))"
            return []
        case .logScale:
            labs.logY.toggle()
            message = labs.logY ? labText.logScale : labText.linearScale
            return []
        case .chartMode:
            let modes: [LineChart.Mode] = [.braille, .blocks, .ascii]
            labs.chartMode = modes[((modes.firstIndex(of: labs.chartMode) ?? 0) + 1) % modes.count]
            message = "\(labText.chartMode): \(labs.chartMode)"
            return []
        case .zoom:
            labs.zoomed.toggle()
            return []
        case .edit:
            mode = .editor(SettingsEditor(lab: lab, settings: labs[lab].settings))
            return []
        case .labKey(let owner, let id):
            guard owner == lab else { return nil }
            let definition = LabRegistry.definition(lab)
            return apply(definition.press(id, keyInput(lab)), to: lab)
        default:
            return nil
        }
    }

    /// The lab as its own keys see it.
    func keyInput(_ lab: Lab) -> LabKeyInput {
        LabKeyInput(snapshot: labs[lab].snapshot, settings: labs[lab].settings, ui: labs[lab].ui, language: language)
    }

    /// Carries out what a lab's key or prompt asked: its new key state, a message, a prompt to open, and
    /// settings changes (checked by the schema; the live ones go to a running job; all are saved).
    mutating func apply(_ outcome: LabKeyOutcome, to lab: Lab) -> [Effect] {
        labs[lab].ui = outcome.ui
        message = outcome.message
        if let prompt = outcome.prompt { mode = .prompt(Prompt(kind: .lab(lab, prompt), text: prompt.text)) }
        guard !outcome.settings.isEmpty else { return [] }
        let old = labs[lab].settings
        var settings = old
        if let problem = settings.apply(outcome.settings) {
            message = problem
            return []
        }
        labs[lab].settings = settings
        return applyLive(lab, settings.liveChanges(comparedTo: old)) + [.saveProgress]
    }

    mutating func showLab(_ lab: Lab) -> [Effect] {
        labs.shown = lab
        message = labText.labName(lab)
        return []
    }

    /// R: the next seed (after the largest comes 0 again), said in the status bar.
    private mutating func nextSeed(_ lab: Lab) -> [Effect] {
        guard let spec = labs[lab].settings.schema.spec("seed"), let seed = labs[lab].settings.int("seed") else { return [] }
        var next = String(seed + 1)
        if spec.problem(next) != nil { next = spec.defaultValue == "0" ? "1" : "0" }
        if let problem = labs[lab].settings.set("seed", next) {
            message = "seed: \(problem)"
            return []
        }
        return [.saveProgress]
    }

    /// Starts a fresh run of `lab` with its current settings; the curve on screen joins the history.
    mutating func start(_ lab: Lab, keepPaused: Bool) -> [Effect] {
        var run = labs[lab]
        var effects: [Effect] = []
        if run.isRunning { effects.append(.run(lab, .stop)) }
        if let old = run.snapshot, old.curve.steps > 0 {
            run.history.append(PastRun(label: runLabel(run), curve: old.curve, divergedAt: old.divergedAt))
            if run.history.count > LabRun.keptRuns { run.history.removeFirst(run.history.count - LabRun.keptRuns) }
        }
        run.snapshot = nil
        run.version = -1
        run.active = true
        run.paused = keepPaused
        run.runNumber += 1
        run.runSettings = run.settings
        run.ui = LabRegistry.definition(lab).uiAfterStart(run.ui)
        labs[lab] = run
        message = nil
        effects.append(.run(lab, .start(run.settings, paused: keepPaused, speed: run.speed)))
        return effects
    }

    func runLabel(_ run: LabRun) -> String {
        let s = run.runSettings ?? run.settings
        return "#\(run.runNumber) \(LabRegistry.definition(s.lab).learningRateSymbol) \(s[s.learningRateKey])"
    }

    mutating func nudgeLearningRate(_ lab: Lab, by factor: Double) -> [Effect] {
        let key = labs[lab].settings.learningRateKey
        let next = labs[lab].settings.learningRate * factor
        if let problem = labs[lab].settings.set(key, NumberFormat.short(next)) {
            message = "\(key): \(problem)"
            return []
        }
        message = "\(key) = \(labs[lab].settings[key])"
        // No save of its own: a key held down would fsync at every repeat; the periodic save keeps it.
        return applyLive(lab, [(key, labs[lab].settings[key])])
    }

    /// Sends live settings to a running job and records them on the run.
    mutating func applyLive(_ lab: Lab, _ changes: [(key: String, value: String)]) -> [Effect] {
        let finishedButListening = labs[lab].active && labs[lab].phase == .finished && LabRegistry.definition(lab).listensWhenFinished
        guard labs[lab].isRunning || finishedButListening else { return [] }
        return changes.map { change in
            _ = labs[lab].runSettings?.set(change.key, change.value)
            return .run(lab, .setLive(key: change.key, value: change.value))
        }
    }

    func speedName(_ speed: Double?) -> String {
        speed.map { "\(NumberFormat.short($0)) \(labText.stepsPerSecond)" } ?? labText.fullSpeed
    }

    /// Takes a newer snapshot of a lab's current run.
    mutating func receive(_ lab: Lab, version: Int, _ snapshot: LabSnapshot) {
        guard labs[lab].active, version > labs[lab].version else { return }
        let wasOver = labs[lab].snapshot?.phase.isOver ?? false
        labs[lab].snapshot = snapshot
        labs[lab].version = version
        labs[lab].ui = LabRegistry.definition(lab).uiAfter(snapshot, labs[lab].ui, settings: labs[lab].settings)
        if snapshot.phase.isOver {
            labs[lab].paused = false
            if !wasOver, labs.shown != lab { message = "\(labText.labName(lab)): \(labText.phaseName(snapshot.phase))" }
        }
    }
}

extension String {
    var replacingCommas: String { split(separator: ",").joined(separator: " ") }
}

extension AppState {
    /// The first ```try block on screen.
    public var visibleTryBlock: TryBlock? {
        if case .tryIt(let block)? = visibleActionBlock { return block }
        return nil
    }

    /// Loads a try block's settings into its lab and starts a run. The block's settings go onto the lab's
    /// defaults, not onto whatever earlier experiments left, so a try block always runs the same experiment
    /// (the student's own choices that no block sets, such as the watched words, stay).
    mutating func tryIt(_ block: TryBlock) -> [Effect] {
        var settings = LabSettings(lab: block.lab)
        for spec in settings.schema.settings where spec.live && !spec.shown {
            _ = settings.set(spec.key, labs[block.lab].settings[spec.key])
        }
        if let problem = settings.apply(block.settings) {
            message = problem
            return []
        }
        labs[block.lab].settings = settings
        _ = showLab(block.lab)
        return start(block.lab, keepPaused: false) + [.saveProgress]
    }
}

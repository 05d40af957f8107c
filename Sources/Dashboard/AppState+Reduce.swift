import LabKit
import LessonKit
import TerminalUI

extension AppState {
    /// Applies one action to the state and says what the driver must do. The only way state changes.
    public mutating func reduce(_ action: Action) -> [Effect] {
        let anchor = topAnchor
        var effects: [Effect] = []
        var announce = false
        switch action {
        case .resized(let w, let h):
            width = w
            height = h
        case .snapshotArrived(let lab, let version, let snapshot):
            receive(lab, version: version, snapshot)
        case .keyPressed(let key):
            message = nil
            effects = handle(key)
            announce = true
        case .progressRestored(let saved, let language, let lessonID):
            restore(saved, language: language, lessonID: lessonID)
        case .chartModeChosen(let mode):
            labs.chartMode = mode
        case .noticeShown(let text), .saveFailed(let text):
            message = text
        case .labSettingsChosen(let settings):
            labs[settings.lab].settings = settings
        }
        settleDocument(keeping: anchor)
        if updateCompletion(announce: announce), !effects.contains(.saveProgress) { effects.append(.saveProgress) }
        return effects
    }

    /// A key goes to the open box or prompt if there is one; otherwise Enter acts on a box in the lesson,
    /// and the key table says what the rest mean.
    private mutating func handle(_ key: Key) -> [Effect] {
        switch mode {
        case .search(let typed): editSearch(typed, key); return []
        case .help(let scroll): return helpKey(key, scroll: scroll)
        case .editor(let editor): return editorKey(key, editor)
        case .prompt(let prompt): return promptKey(key, prompt)
        case .confirmRestart(let draft): return confirmKey(key, draft)
        case .reading: break
        }
        guard let command = KeyTable.command(for: key, shown: labs.shown) else { return [] }
        if let effects = labCommand(command) { return effects }
        return navigate(command)
    }

    private mutating func helpKey(_ key: Key, scroll: Int) -> [Effect] {
        switch key {
        case .char("?"), .escape, .char("q"): mode = .reading
        case .ctrl("c"): return [.quit]
        case .up, .char("k"), .wheelUp: mode = .help(scroll: max(0, scroll - 1))
        case .down, .char("j"), .wheelDown: mode = .help(scroll: min(scroll + 1, Screen.helpMaxScroll(self)))
        default: break
        }
        return []
    }
}

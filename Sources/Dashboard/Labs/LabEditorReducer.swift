import LabKit
import LessonKit
import TerminalUI

extension AppState {
    /// Keys while the settings editor is open: move between fields, type, Enter applies, Esc cancels.
    mutating func editorKey(_ key: Key, _ editor: SettingsEditor) -> [Effect] {
        var editor = editor
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            mode = .reading
            message = labText.editCancelled
            return []
        case .tab, .down, .right:
            guard commitField(&editor) else { break }
            editor.field = (editor.field + 1) % editor.draft.fields.count
            enterField(&editor)
        case .backTab, .up, .left:
            guard commitField(&editor) else { break }
            editor.field = (editor.field + editor.draft.fields.count - 1) % editor.draft.fields.count
            enterField(&editor)
        case .enter:
            guard commitField(&editor) else { break }
            mode = .reading
            return applyEdits(editor.draft)
        case .backspace, .delete:
            if editor.fresh { editor.text = "" } else if !editor.text.isEmpty { editor.text.removeLast() }
            editor.fresh = false
            editor.error = nil
        case .ctrl("u"):
            editor.text = ""
            editor.fresh = false
        case .char(let c):
            if editor.fresh { editor.text = "" }
            if editor.text.count < 40 { editor.text.append(c) }
            editor.fresh = false
            editor.error = nil
        default:
            break
        }
        mode = .editor(editor)
        return []
    }

    /// Keeps the typed value in the draft, or records why it was refused and keeps the old one.
    private func commitField(_ editor: inout SettingsEditor) -> Bool {
        if let problem = editor.draft.set(editor.key, editor.text) {
            editor.error = "\(editor.key): \(problem) — \(labText.keptOld) \(editor.draft[editor.key])"
            return false
        }
        editor.error = nil
        return true
    }

    private func enterField(_ editor: inout SettingsEditor) {
        editor.text = editor.draft[editor.key]
        editor.fresh = true
    }

    /// Takes edited settings: live ones go to the running model now; others wait for a yes to restart.
    mutating func applyEdits(_ draft: LabSettings) -> [Effect] {
        let lab = draft.lab
        let old = labs[lab].settings
        guard draft != old else { message = labText.editUnchanged; return [] }
        if labs[lab].isRunning, !draft.restartKeys(comparedTo: old).isEmpty {
            mode = .confirmRestart(draft)
            message = nil
            return []
        }
        labs[lab].settings = draft
        message = labs[lab].isRunning ? labText.appliedLive : labText.appliedNextRun
        return applyLive(lab, draft.liveChanges(comparedTo: old)) + [.saveProgress]
    }

    /// Keys while a restart is waiting for confirmation.
    mutating func confirmKey(_ key: Key, _ draft: LabSettings) -> [Effect] {
        switch key {
        case .char("y"), .char("Y"), .enter:
            mode = .reading
            labs[draft.lab].settings = draft
            return start(draft.lab, keepPaused: false) + [.saveProgress]
        case .char("n"), .char("N"), .escape, .ctrl("c"):
            mode = .reading
            message = labText.editCancelled
        default:
            break
        }
        return []
    }

    /// Keys while the watch-list, analogy or quiz prompt is open.
    mutating func promptKey(_ key: Key, _ prompt: Prompt) -> [Effect] {
        var prompt = prompt
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            mode = .reading
            return []
        case .enter:
            mode = .reading
            return submit(prompt)
        case .backspace, .delete:
            if !prompt.text.isEmpty { prompt.text.removeLast() }
        case .ctrl("u"):
            prompt.text = ""
        case .char(let c):
            if prompt.text.count < 120 { prompt.text.append(c) }
        default:
            break
        }
        mode = .prompt(prompt)
        return []
    }

    private mutating func submit(_ prompt: Prompt) -> [Effect] {
        switch prompt.kind {
        case .quiz(let lesson, let index):
            return answerQuiz(lesson: lesson, index: index, typed: prompt.text)
        case .lab(let lab, let asked):
            return apply(LabRegistry.definition(lab).submit(asked.id, text: prompt.text, keyInput(lab)), to: lab)
        }
    }
}

import LabKit
import LessonKit

/// What takes the keys. One at a time: the lesson (and the labs), or one box or prompt open over it.
public enum Mode: Sendable, Equatable {
    case reading
    /// Typing a search after `/`.
    case search(typed: String)
    case help(scroll: Int)
    case editor(SettingsEditor)
    /// A line typed in the status bar: the watch list, an analogy, a quiz answer.
    case prompt(Prompt)
    /// Edited settings waiting for a yes before they replace the running model.
    case confirmRestart(LabSettings)
}

extension AppState {
    public var editor: SettingsEditor? { if case .editor(let e) = mode { return e } else { return nil } }
    public var prompt: Prompt? { if case .prompt(let p) = mode { return p } else { return nil } }
    public var pendingRestart: LabSettings? { if case .confirmRestart(let s) = mode { return s } else { return nil } }
    public var searchTyped: String? { if case .search(let t) = mode { return t } else { return nil } }
    public var showHelp: Bool { if case .help = mode { return true } else { return false } }
    public var helpScroll: Int { if case .help(let s) = mode { return s } else { return 0 } }
}

/// A line of text the student types in the status bar.
public struct Prompt: Sendable, Equatable {
    public enum Kind: Sendable, Equatable {
        /// A line one of a lab's own keys asked for (the watch list, an analogy).
        case lab(Lab, LabPrompt)
        /// The answer to the `index`-th quiz of a lesson.
        case quiz(lesson: String, index: Int)
    }
    public var kind: Kind
    public var text: String
}

/// The settings editor: one field at a time, typed text checked by the lab's schema before it is kept.
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

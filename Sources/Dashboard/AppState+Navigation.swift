import LabKit
import LessonKit
import TerminalUI

extension AppState {
    /// The reader's commands: moving through the lesson and the list, search, language, help, quitting.
    mutating func navigate(_ command: Command) -> [Effect] {
        switch command {
        case .quit: return [.quit]
        case .redraw: return [.redrawAll]
        case .toggleHelp: mode = .help(scroll: 0)
        case .switchFocus: focus = focus == .list ? .lesson : .list
        case .startSearch: mode = .search(typed: "")
        case .nextMatch: jumpToMatch(forward: true)
        case .previousMatch: jumpToMatch(forward: false)
        case .switchLanguage: return switchLanguage()
        case .previousLesson: stepLesson(by: -1)
        case .nextLesson: stepLesson(by: 1)
        case .wheelUp: scrollBy(-3)
        case .wheelDown: scrollBy(3)
        case .act:
            if focus == .lesson, let block = visibleActionBlock { return act(on: block) }
            if focus == .list { focus = .lesson; open(lessonAt: listSelection) } else { scrollBy(1) }
        case .lineUp, .lineDown, .pageUp, .pageDown, .top, .bottom:
            if focus == .list { move(command) } else { scroll(command) }
        default: break
        }
        return []
    }

    private mutating func scroll(_ command: Command) {
        switch command {
        case .lineUp: scrollBy(-1)
        case .lineDown: scrollBy(1)
        case .pageUp: scrollBy(-(pageHeight - 1))
        case .pageDown: scrollBy(pageHeight - 1)
        case .top: scroll = 0
        case .bottom: scroll = maxScroll
        default: break
        }
    }

    private mutating func move(_ command: Command) {
        guard !lessons.isEmpty else { return }
        let last = lessons.count - 1
        switch command {
        case .lineUp: listSelection = max(0, listSelection - 1)
        case .lineDown: listSelection = min(last, listSelection + 1)
        case .pageUp: listSelection = max(0, listSelection - layout.list.height)
        case .pageDown: listSelection = min(last, listSelection + layout.list.height)
        case .top: listSelection = 0
        case .bottom: listSelection = last
        default: break
        }
    }

    mutating func scrollBy(_ n: Int) {
        scroll = min(max(0, scroll + n), maxScroll)
    }

    private mutating func stepLesson(by delta: Int) {
        let target = lessonIndex + delta
        guard lessons.indices.contains(target) else {
            message = delta > 0 ? text.lastLesson : text.firstLesson
            return
        }
        open(lessonAt: target)
    }

    private mutating func switchLanguage() -> [Effect] {
        let langs = LessonLibrary.languages
        let next = langs[((langs.firstIndex(of: language) ?? 0) + 1) % langs.count]
        let id = currentLesson?.meta.id
        let anchor = topAnchor
        if let id { positions[id] = anchor }
        language = next
        let index = lessons.firstIndex { $0.meta.id == id } ?? 0
        lessonIndex = index
        listSelection = index
        // The twin lessons share their structure, so the same block is the same place in the text.
        pendingAnchor = DocAnchor(block: anchor.block, offset: 0)
        message = "\(text.languageName)"
        return [.saveProgress]
    }
}

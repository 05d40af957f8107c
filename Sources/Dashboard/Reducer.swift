import LessonKit
import TerminalUI

extension AppState {
    /// Applies one action to the state and says what the main loop must do.
    public mutating func reduce(_ action: Action) -> [Effect] {
        switch action {
        case .resized(let w, let h):
            let anchor = topAnchor
            width = w
            height = h
            relayout(keeping: anchor)
            updateCompletion(announce: false)
            return []
        case .snapshotArrived(let lab, let version, let snapshot):
            receive(lab, version: version, snapshot)
            return []
        case .keyPressed(let key):
            message = nil
            let effects = handle(key)
            updateCompletion()
            return effects
        }
    }

    /// A key goes to whatever is open first: search, help, the settings editor, a prompt, a question; then
    /// Enter acts on a box in the lesson, lab keys drive the lab, and the rest moves through the lessons.
    private mutating func handle(_ key: Key) -> [Effect] {
        if search.editing != nil { editSearch(key); return [] }
        if showHelp { return helpKey(key) }
        if panel.editor != nil { return editorKey(key) }
        if panel.prompt != nil { return promptKey(key) }
        if panel.pendingRestart != nil { return confirmKey(key) }
        if key == .enter, focus == .lesson, let block = visibleActionBlock { return act(on: block) }
        if let effects = labKey(key) { return effects }
        return navigate(key)
    }

    /// The first ```try block on screen.
    public var visibleTryBlock: TryBlock? {
        if case .tryIt(let block)? = visibleActionBlock { return block }
        return nil
    }

    /// Loads a try block's settings into its lab and starts a run. The block's settings go onto the lab's
    /// defaults, not onto whatever earlier experiments left, so a try block always runs the same experiment.
    mutating func tryIt(_ block: TryBlock) -> [Effect] {
        var settings = LabSettings(lab: block.lab)
        settings.set("watch", panel[block.lab].settings["watch"])
        if let problem = settings.apply(block.settings) {
            message = problem
            return []
        }
        panel[block.lab].settings = settings
        _ = showLab(block.lab)
        return start(block.lab, keepPaused: false)
    }

    private mutating func navigate(_ key: Key) -> [Effect] {
        switch key {
        case .char("q"): return [.quit]
        case .ctrl("c"): return [.quit]
        case .ctrl("l"): return [.redrawAll]
        case .char("?"): showHelp = true; helpScroll = 0
        case .tab, .backTab: focus = focus == .list ? .lesson : .list; relayout(keeping: topAnchor)
        case .char("/"): search.editing = ""
        case .char("n"): jumpToMatch(forward: true)
        case .char("N"): jumpToMatch(forward: false)
        case .char("L"): switchLanguage()
        case .left, .char("h"), .char("["): stepLesson(by: -1)
        case .right, .char("l"), .char("]"): stepLesson(by: 1)
        case .wheelUp: scrollBy(-3)
        case .wheelDown: scrollBy(3)
        default:
            if focus == .list { listKey(key) } else { lessonKey(key) }
        }
        return []
    }

    private mutating func lessonKey(_ key: Key) {
        switch key {
        case .up, .char("k"): scrollBy(-1)
        case .down, .char("j"), .enter: scrollBy(1)
        case .pageUp, .char("b"): scrollBy(-(pageHeight - 1))
        case .pageDown, .char(" "): scrollBy(pageHeight - 1)
        case .home, .char("g"): scroll = 0
        case .end, .char("G"): scroll = maxScroll
        default: break
        }
    }

    private mutating func listKey(_ key: Key) {
        guard !lessons.isEmpty else { return }
        switch key {
        case .up, .char("k"): listSelection = max(0, listSelection - 1)
        case .down, .char("j"): listSelection = min(lessons.count - 1, listSelection + 1)
        case .pageUp: listSelection = max(0, listSelection - layout.list.height)
        case .pageDown, .char(" "): listSelection = min(lessons.count - 1, listSelection + layout.list.height)
        case .home, .char("g"): listSelection = 0
        case .end, .char("G"): listSelection = lessons.count - 1
        case .enter:
            focus = .lesson
            open(lessonAt: listSelection)
        default: break
        }
    }

    private mutating func helpKey(_ key: Key) -> [Effect] {
        switch key {
        case .char("?"), .escape, .char("q"): showHelp = false
        case .ctrl("c"): return [.quit]
        case .up, .char("k"), .wheelUp: helpScroll = max(0, helpScroll - 1)
        case .down, .char("j"), .wheelDown: helpScroll = min(helpScroll + 1, Screen.helpMaxScroll(self))
        default: break
        }
        return []
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

    private mutating func switchLanguage() {
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
        relayout(keeping: DocAnchor(block: anchor.block, offset: 0))
        message = "\(text.languageName)"
    }

    // MARK: - Search

    private mutating func editSearch(_ key: Key) {
        guard var typed = search.editing else { return }
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            search.editing = nil
            return
        case .enter:
            search.editing = nil
            search.query = typed
            search.current = nil
            search.refresh(in: document)
            if typed.isEmpty { return }
            if search.matches.isEmpty { message = "\(text.noMatch) “\(typed)”"; return }
            jumpToMatch(forward: true, from: scroll - 1)
            return
        case .backspace, .delete:
            if typed.isEmpty { search.editing = nil; return }
            typed.removeLast()
        case .ctrl("u"):
            typed = ""
        case .char(let c):
            if typed.count < 200 { typed.append(c) }
        default:
            break
        }
        search.editing = typed
    }

    /// Moves to the next (or previous) match after the current one, wrapping around.
    private mutating func jumpToMatch(forward: Bool, from line: Int? = nil) {
        guard !search.query.isEmpty else { return }
        guard !search.matches.isEmpty else { message = "\(text.noMatch) “\(search.query)”"; return }
        let count = search.matches.count
        let next: Int
        if let line {
            next = search.matches.firstIndex { $0.line > line } ?? 0
        } else if let c = search.current {
            next = (c + (forward ? 1 : -1) + count) % count
        } else {
            next = forward ? (search.matches.firstIndex { $0.line >= scroll } ?? 0)
                : (search.matches.lastIndex { $0.line < scroll } ?? count - 1)
        }
        search.current = next
        let target = search.matches[next].line
        if target < scroll || target >= scroll + pageHeight {
            scroll = min(max(0, target - pageHeight / 3), maxScroll)
        }
        message = "/\(search.query)  \(next + 1)/\(count) \(text.matchCount)"
    }
}

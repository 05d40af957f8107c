import LessonKit
import TerminalUI

extension AppState {
    /// Keys while the search prompt is open.
    mutating func editSearch(_ typed: String, _ key: Key) {
        var typed = typed
        switch key {
        case .escape, .ctrl("c"), .ctrl("g"):
            mode = .reading
            return
        case .enter:
            mode = .reading
            search.query = typed
            search.current = nil
            search.refresh(in: document)
            if typed.isEmpty { return }
            if search.matches.isEmpty { message = "\(text.noMatch) “\(typed)”"; return }
            jumpToMatch(forward: true, from: scroll - 1)
            return
        case .backspace, .delete:
            if typed.isEmpty { mode = .reading; return }
            typed.removeLast()
        case .ctrl("u"):
            typed = ""
        case .char(let c):
            if typed.count < 200 { typed.append(c) }
        default:
            break
        }
        mode = .search(typed: typed)
    }

    /// Moves to the next (or previous) match after the current one, wrapping around.
    mutating func jumpToMatch(forward: Bool, from line: Int? = nil) {
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

import LabKit
import LessonKit
@testable import Dashboard

/// A small two-language library built in memory.
func fixtureLibrary() -> LessonLibrary {
    func lesson(_ lang: String, _ id: String, _ title: String, _ order: String, _ body: String) -> Lesson {
        LessonParser.parse("---\nid: \(id)\ntitle: \(title)\norder: \(order)\n---\n" + body, path: "\(lang)/\(id).md", labs: .standard)
    }
    let longEN = (1...60).map { "Paragraph \($0) about weights and the bias." }.joined(separator: "\n\n")
    let longZH = (1...60).map { "第\($0)段：权重和偏置。" }.joined(separator: "\n\n")
    return LessonLibrary(root: "/fixture", lessons: [
        "en": [lesson("en", "intro", "Intro", "1", "# Intro\n\n" + longEN),
               lesson("en", "forward", "Forward", "3.1", "# Forward\n\nReLU and ReLU again.\n\n$$y = f(w \\cdot x + b)$$\n")],
        "zh": [lesson("zh", "intro", "引言", "1", "# 引言\n\n" + longZH),
               lesson("zh", "forward", "前向传播", "3.1", "# 前向传播\n\nReLU 激活。\n")],
    ])
}

extension AppState {
    mutating func press(_ keys: Key...) -> [Effect] {
        keys.flatMap { reduce(.keyPressed($0)) }
    }

    /// Types each character of `text` as a key, returning the effects.
    mutating func typeText(_ text: String) -> [Effect] {
        text.flatMap { reduce(.keyPressed(.char($0))) }
    }

    func screenText() -> [String] {
        var b = ScreenBuffer(width: width, height: height)
        Screen.render(self, into: &b)
        return b.textRows()
    }
}

import TerminalUI

extension String {
    /// Whether the string holds each of `pieces`, in this order, each after the end of the one before.
    func holds(inOrder pieces: [String]) -> Bool {
        var rest = self[...]
        for piece in pieces {
            guard let r = rest.firstRange(of: piece) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }
}

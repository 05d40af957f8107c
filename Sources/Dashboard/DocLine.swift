import LessonKit
import TerminalUI

/// Where a rendered line came from: the block, and a position inside it.
/// Used to keep the reading position when the text is wrapped again at another width.
public struct DocAnchor: Sendable, Hashable, Comparable {
    public var block: Int
    public var offset: Int

    public init(block: Int, offset: Int) {
        self.block = block
        self.offset = offset
    }

    public static func < (a: DocAnchor, b: DocAnchor) -> Bool { (a.block, a.offset) < (b.block, b.offset) }
    public static let top = DocAnchor(block: 0, offset: 0)
}

/// One screen row of a rendered lesson.
public struct DocLine: Sendable, Hashable {
    public var line: Line
    public var anchor: DocAnchor

    public init(_ line: Line, _ anchor: DocAnchor) {
        self.line = line
        self.anchor = anchor
    }
}

/// A lesson laid out at one width.
public struct LessonDocument: Sendable {
    public var lessonPath: String
    public var width: Int
    public var lines: [DocLine]
    /// What it was laid out from, so that it is laid out again only when that changes.
    public var key: Key?

    /// The inputs of a layout: the lesson file (and so its language), the width, the quiz answers shown.
    public struct Key: Sendable, Equatable {
        public var path: String
        public var width: Int
        public var answers: [Int: QuizAnswer]
    }

    public init(lessonPath: String, width: Int, lines: [DocLine]) {
        self.lessonPath = lessonPath
        self.width = width
        self.lines = lines
    }

    public static let empty = LessonDocument(lessonPath: "", width: 0, lines: [])

    /// The index of the last line that starts at or before `anchor`: where to scroll to keep a position.
    public func lineIndex(for anchor: DocAnchor) -> Int {
        var lo = 0, hi = lines.count - 1, best = 0
        while lo <= hi {
            let mid = (lo + hi) / 2
            if lines[mid].anchor <= anchor { best = mid; lo = mid + 1 } else { hi = mid - 1 }
        }
        return best
    }
}

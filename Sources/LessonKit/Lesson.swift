/// A lesson's front matter: who it is and where it sits in the course.
public struct LessonMeta: Sendable, Equatable {
    public var id: String
    public var title: String
    /// Chapter order such as `3.1`, compared part by part.
    public var order: [Int]
    public var lab: Lab?

    public init(id: String, title: String, order: [Int], lab: Lab? = nil) {
        self.id = id
        self.title = title
        self.order = order
        self.lab = lab
    }

    public var orderLabel: String { order.map(String.init).joined(separator: ".") }
}

/// A parsed lesson file. A lesson with errors still has whatever could be read.
public struct Lesson: Sendable, Equatable {
    public var path: String
    public var meta: LessonMeta
    public var blocks: [BlockNode]
    public var diagnostics: [Diagnostic]

    public init(path: String, meta: LessonMeta, blocks: [BlockNode], diagnostics: [Diagnostic]) {
        self.path = path
        self.meta = meta
        self.blocks = blocks
        self.diagnostics = diagnostics
    }

    public var hasErrors: Bool { !diagnostics.isEmpty }
}

/// A problem in a lesson file, reported as `path:line: message`.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String

    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String { "\(path):\(line): \(message)" }
}

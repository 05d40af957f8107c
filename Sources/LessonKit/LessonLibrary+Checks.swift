/// Checks across lessons that a single file cannot make: twins in every language, and math that renders.
extension LessonLibrary {
    /// Problems with the twins: every lesson id exists in every language, and twins share their quizzes
    /// (count, kind and answer) and their try blocks (lab and settings), so that progress and the reading
    /// position carry over when the student switches language.
    static func twinDiagnostics(_ lessons: [String: [Lesson]]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        guard let reference = languages.first else { return out }
        let base = Dictionary(lessons[reference, default: []].map { ($0.meta.id, $0) }, uniquingKeysWith: { a, _ in a })
        for lang in languages.dropFirst() {
            let other = Dictionary(lessons[lang, default: []].map { ($0.meta.id, $0) }, uniquingKeysWith: { a, _ in a })
            for (id, lesson) in base.sorted(by: { $0.key < $1.key }) where other[id] == nil {
                out.append(Diagnostic(path: lesson.path, line: 1, message: "lesson '\(id)' has no \(lang) twin"))
            }
            for (id, lesson) in other.sorted(by: { $0.key < $1.key }) {
                guard let twin = base[id] else {
                    out.append(Diagnostic(path: lesson.path, line: 1, message: "lesson '\(id)' has no \(reference) twin"))
                    continue
                }
                out += compare(lesson, with: twin)
            }
        }
        return out
    }

    private static func compare(_ lesson: Lesson, with twin: Lesson) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func note(_ line: Int, _ message: String) { out.append(Diagnostic(path: lesson.path, line: line, message: message)) }
        if lesson.meta.lab != twin.meta.lab {
            note(1, "lab '\(lesson.meta.lab?.rawValue ?? "none")' differs from its twin's '\(twin.meta.lab?.rawValue ?? "none")' (\(twin.path))")
        }
        if lesson.meta.order != twin.meta.order {
            note(1, "order \(lesson.meta.orderLabel) differs from its twin's \(twin.meta.orderLabel) (\(twin.path))")
        }
        let quizzes = lesson.quizzes, twinQuizzes = twin.quizzes
        if quizzes.count != twinQuizzes.count {
            note(1, "\(quizzes.count) quizzes, its twin \(twin.path) has \(twinQuizzes.count)")
        } else {
            for (a, b) in zip(quizzes, twinQuizzes) where a.quiz.answer != b.quiz.answer || a.quiz.choices.count != b.quiz.choices.count {
                note(a.line, "this quiz's answer (\(a.quiz.answer)) differs from its twin's at \(twin.path):\(b.line) (\(b.quiz.answer))")
            }
        }
        let tries = lesson.tryBlocks, twinTries = twin.tryBlocks
        if tries.count != twinTries.count {
            note(1, "\(tries.count) try blocks, its twin \(twin.path) has \(twinTries.count)")
        } else {
            for (a, b) in zip(tries, twinTries) {
                let mine = a.block.settings.map { "\($0.key)=\($0.value)" }, theirs = b.block.settings.map { "\($0.key)=\($0.value)" }
                if a.block.lab != b.block.lab || mine != theirs {
                    note(a.line, "this try block (\(a.block.lab.rawValue): \(mine.joined(separator: " "))) differs from its twin's at \(twin.path):\(b.line) (\(b.block.lab.rawValue): \(theirs.joined(separator: " ")))")
                }
            }
        }
        return out
    }

    /// Formulas whose rendering still shows TeX (`\foo`, braces, `^{…}`): a command the renderer does not know.
    static func mathDiagnostics(_ lesson: Lesson) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func check(_ tex: String, line: Int) {
            let shown = MathRenderer.render(tex)
            if let leftover = leftoverTeX(in: shown) {
                out.append(Diagnostic(path: lesson.path, line: line, message: "formula '\(tex)' renders with leftover TeX '\(leftover)': \(shown)"))
            }
        }
        for node in lesson.blocks {
            node.block.forEachMath { check($0, line: node.line) }
        }
        return out
    }

    /// The first piece of TeX left in rendered text, or nil.
    static func leftoverTeX(in text: String) -> String? {
        let chars = Array(text)
        for (i, c) in chars.enumerated() {
            if c == "\\", i + 1 < chars.count, chars[i + 1].isLetter {
                return String(chars[i...].prefix { $0 == "\\" || $0.isLetter })
            }
            if c == "{" || c == "}" { return String(c) }
            if (c == "^" || c == "_"), i + 1 < chars.count, chars[i + 1] == "{" { return String(chars[i...i + 1]) }
        }
        return nil
    }
}

extension Lesson {
    /// The lesson's quizzes with the line each starts on, in order.
    public var quizzes: [(quiz: Quiz, line: Int)] {
        blocks.compactMap { if case .quiz(let q) = $0.block { return (q, $0.line) } else { return nil } }
    }

    /// The lesson's try blocks with their lines, in order.
    public var tryBlocks: [(block: TryBlock, line: Int)] {
        blocks.compactMap { if case .tryIt(let t) = $0.block { return (t, $0.line) } else { return nil } }
    }
}

extension Block {
    /// Calls `body` with the TeX source of every formula in the block (display and inline).
    func forEachMath(_ body: (String) -> Void) {
        func inline(_ items: [Inline]) {
            for item in items {
                switch item {
                case .math(let tex): body(tex)
                case .emphasis(let inner), .strong(let inner): inline(inner)
                case .link(let text, _): inline(text)
                case .text, .code: break
                }
            }
        }
        switch self {
        case .math(let tex): body(tex)
        case .heading(_, let text), .paragraph(let text): inline(text)
        case .list(_, let items): items.forEach { inline($0.text) }
        case .quote(let nodes), .deeper(_, let nodes): nodes.forEach { $0.block.forEachMath(body) }
        case .table(let t): t.header.forEach(inline); t.rows.forEach { $0.forEach(inline) }
        case .quiz(let q):
            inline(InlineParser.parse(q.question)); q.choices.forEach { inline(InlineParser.parse($0)) }
            inline(InlineParser.parse(q.explanation))
        case .tryIt(let t): inline(InlineParser.parse(t.note))
        case .code, .rule: break
        }
    }
}

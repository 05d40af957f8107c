/// A ```quiz block: multiple choice, or a number within a tolerance.
public struct Quiz: Sendable, Equatable {
    public enum Answer: Sendable, Equatable {
        /// Index into `choices`.
        case choice(Int)
        case number(Double, tolerance: Double)
        /// Answered by a lab run, not by typing: checked against the run's own numbers.
        case live(LiveCheck)
    }

    public var question: String
    public var choices: [String]
    public var answer: Answer
    public var explanation: String

    public init(question: String, choices: [String], answer: Answer, explanation: String) {
        self.question = question
        self.choices = choices
        self.answer = answer
        self.explanation = explanation
    }
}

/// A ```try block: settings to load into a lab.
public struct TryBlock: Sendable, Equatable {
    public var lab: Lab
    /// Settings in the order written.
    public var settings: [(key: String, value: String)]
    public var note: String

    public init(lab: Lab, settings: [(key: String, value: String)], note: String) {
        self.lab = lab
        self.settings = settings
        self.note = note
    }

    public static func == (a: TryBlock, b: TryBlock) -> Bool {
        a.lab == b.lab && a.note == b.note && a.settings.map(\.key) == b.settings.map(\.key)
            && a.settings.map(\.value) == b.settings.map(\.value)
    }
}

/// Reads the `key: value` lines of our own fenced blocks.
struct KeyValueBody {
    struct Entry { var key: String; var value: String; var line: Int }
    var entries: [Entry] = []
    var bullets: [(text: String, line: Int)] = []
    var problems: [(line: Int, message: String)] = []

    init(lines: [String], firstLine: Int) {
        for (i, raw) in lines.enumerated() {
            let n = firstLine + i
            if raw.trimmingSpaces.isEmpty { continue }
            if raw.hasPrefix("  "), !raw.trimmingSpaces.hasPrefix("- ") {
                if !entries.isEmpty { entries[entries.count - 1].value += " " + raw.trimmingSpaces }
                else { problems.append((n, "continuation line with no key before it")) }
                continue
            }
            let t = raw.trimmingSpaces
            if t.hasPrefix("- ") {
                bullets.append((String(t.dropFirst(2)).trimmingSpaces, n))
            } else if let colon = t.firstIndex(of: ":") {
                let key = t[..<colon].trimmingSpaces.lowercased()
                let value = t[t.index(after: colon)...].trimmingSpaces
                if key.isEmpty || key.contains(" ") { problems.append((n, "expected 'key: value', got '\(t)'")) }
                else { entries.append(Entry(key: key, value: value, line: n)) }
            } else {
                problems.append((n, "expected 'key: value' or '- choice', got '\(t)'"))
            }
        }
    }

    func value(_ key: String) -> Entry? { entries.first { $0.key == key } }
}

enum OwnBlocks {
    static func quiz(lines: [String], firstLine: Int, labs: LabCatalog, report: (Int, String) -> Void) -> Quiz? {
        let body = KeyValueBody(lines: lines, firstLine: firstLine)
        body.problems.forEach { report($0.line, $0.message) }
        for e in body.entries where !["question", "answer", "explain", "tolerance", "check"].contains(e.key) {
            report(e.line, "unknown quiz key '\(e.key)' (known: question, answer, tolerance, check, explain)")
        }
        guard let question = body.value("question"), !question.value.isEmpty else {
            report(firstLine - 1, "quiz has no 'question:'")
            return nil
        }
        if let check = body.value("check") {
            if let answer = body.value("answer") { report(answer.line, "a quiz with 'check:' is answered by a lab run; drop 'answer:'") }
            if let first = body.bullets.first { report(first.line, "a quiz with 'check:' takes no choices") }
            do {
                let live = try LiveCheck(parsing: check.value, labs: labs)
                return Quiz(question: question.value, choices: [], answer: .live(live),
                            explanation: body.value("explain")?.value ?? "")
            } catch {
                report(check.line, error.description)
                return nil
            }
        }
        guard let answer = body.value("answer") else {
            report(firstLine - 1, "quiz has no 'answer:'")
            return nil
        }
        let choices = body.bullets.map(\.text)
        let explanation = body.value("explain")?.value ?? ""
        if choices.isEmpty {
            guard let x = Double(answer.value), x.isFinite else {
                report(answer.line, "a quiz without choices needs a numeric answer, got '\(answer.value)'")
                return nil
            }
            var tolerance = max(abs(x) * 1e-6, 1e-9)
            if let t = body.value("tolerance") {
                guard let v = Double(t.value), v >= 0, v.isFinite else {
                    report(t.line, "tolerance must be a number ≥ 0, got '\(t.value)'")
                    return nil
                }
                tolerance = v
            }
            return Quiz(question: question.value, choices: [], answer: .number(x, tolerance: tolerance),
                        explanation: explanation)
        }
        if choices.count < 2 { report(body.bullets[0].line, "a multiple-choice quiz needs at least two choices") }
        let letter = answer.value.lowercased()
        guard letter.count == 1, let c = letter.unicodeScalars.first, c.value >= 97,
              Int(c.value - 97) < choices.count else {
            let last = Character(Unicode.Scalar(UInt8(96 + min(choices.count, 26))))
            report(answer.line, "answer must be a letter a–\(last) naming one of the \(choices.count) choices, got '\(answer.value)'")
            return nil
        }
        return Quiz(question: question.value, choices: choices, answer: .choice(Int(c.value - 97)),
                    explanation: explanation)
    }

    static func tryBlock(lines: [String], firstLine: Int, labs: LabCatalog, report: (Int, String) -> Void) -> TryBlock? {
        let body = KeyValueBody(lines: lines, firstLine: firstLine)
        body.problems.forEach { report($0.line, $0.message) }
        for b in body.bullets { report(b.line, "a try block takes 'key: value' lines, not '- \(b.text)'") }
        guard let labEntry = body.value("lab") else {
            report(firstLine - 1, "try block has no 'lab:' (one of \(labs.known))")
            return nil
        }
        guard let lab = labs.lab(named: labEntry.value), let schema = labs[lab] else {
            report(labEntry.line, "unknown lab '\(labEntry.value)' (known: \(labs.known))")
            return nil
        }
        var settings: [(key: String, value: String)] = []
        var refused = false
        for e in body.entries where e.key != "lab" && e.key != "note" {
            // A refused setting is reported and kept: the lab then refuses the whole block with the same reason,
            // rather than running a different experiment without it.
            if let problem = schema.tryBlockProblem(e.key, e.value) { report(e.line, problem); refused = true }
            settings.append((e.key, e.value))
        }
        if !refused, let problem = schema.combinedProblem(schema.values(with: settings)) {
            report(labEntry.line, "the settings of lab \(lab.rawValue) do not go together: \(problem)")
        }
        return TryBlock(lab: lab, settings: settings, note: body.value("note")?.value ?? "")
    }
}

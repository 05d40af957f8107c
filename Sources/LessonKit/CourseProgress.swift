import Foundation

/// What a student has done in the course, as saved between runs (see `ProgressStore`).
///
/// The JSON form is stable: keys sorted, `completed` written as a sorted array, pretty-printed, so the
/// same progress always gives the same bytes and the file reads well by hand. Every field but `version`
/// may be missing from a file (it then takes its empty default); a field of the wrong type makes the
/// whole file unreadable.
public struct CourseProgress: Codable, Sendable, Equatable {
    /// The format this code writes and the only one it reads.
    public static let currentVersion = 1

    public var version: Int = CourseProgress.currentVersion
    /// Lesson language, "zh" or "en".
    public var language: String?
    /// Id of the lesson open when the student left.
    public var currentLesson: String?
    /// Lesson id → where the student was reading. Twin lessons (zh/en) share their block structure, so one
    /// position serves both languages.
    public var positions: [String: ReadingPosition] = [:]
    /// `quizKey(lesson:index:)` → the student's latest answer to that quiz.
    public var quizAnswers: [String: QuizAnswer] = [:]
    /// Ids of the lessons the student finished.
    public var completed: Set<String> = []
    /// Lab name ("mlp", "gd", "word2vec") → setting → value, as typed in the lab's settings bar.
    public var labSettings: [String: [String: String]] = [:]

    public init(language: String? = nil, currentLesson: String? = nil,
                positions: [String: ReadingPosition] = [:], quizAnswers: [String: QuizAnswer] = [:],
                completed: Set<String> = [], labSettings: [String: [String: String]] = [:]) {
        self.language = language
        self.currentLesson = currentLesson
        self.positions = positions
        self.quizAnswers = quizAnswers
        self.completed = completed
        self.labSettings = labSettings
    }

    /// The key of the `index`-th quiz (0-based, in reading order) of a lesson in `quizAnswers`.
    public static func quizKey(lesson: String, index: Int) -> String { "\(lesson)#\(index)" }

    /// Whether nothing has been recorded yet (a fresh start).
    public var isEmpty: Bool {
        language == nil && currentLesson == nil && positions.isEmpty && quizAnswers.isEmpty
            && completed.isEmpty && labSettings.isEmpty
    }

    /// How many saved quiz answers are right and how many wrong.
    public var quizTally: (right: Int, wrong: Int) {
        let right = quizAnswers.values.filter(\.correct).count
        return (right, quizAnswers.count - right)
    }

    /// The saved answers of one lesson, by quiz index.
    public func quizAnswers(lesson: String) -> [Int: QuizAnswer] {
        var out: [Int: QuizAnswer] = [:]
        let prefix = lesson + "#"
        for (key, answer) in quizAnswers where key.hasPrefix(prefix) {
            if let index = Int(key.dropFirst(prefix.count)) { out[index] = answer }
        }
        return out
    }

    /// Records an answer to the `index`-th quiz of `lesson`, counting the attempt.
    public mutating func recordAnswer(_ given: String, correct: Bool, lesson: String, index: Int) {
        let key = Self.quizKey(lesson: lesson, index: index)
        let attempts = (quizAnswers[key]?.attempts ?? 0) + 1
        quizAnswers[key] = QuizAnswer(given: given, correct: correct, attempts: attempts)
    }

    // MARK: JSON

    /// The progress as the bytes `ProgressStore` writes: pretty-printed, keys sorted, ending in a newline.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// Progress read from JSON bytes; throws `DecodingError` when they are not JSON or have the wrong shape.
    public static func decoded(from data: Data) throws -> CourseProgress {
        try JSONDecoder().decode(CourseProgress.self, from: data)
    }

    private enum CodingKeys: String, CodingKey {
        case version, language, currentLesson, positions, quizAnswers, completed, labSettings
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        version = try c.decode(Int.self, forKey: .version)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        currentLesson = try c.decodeIfPresent(String.self, forKey: .currentLesson)
        positions = try c.decodeIfPresent([String: ReadingPosition].self, forKey: .positions) ?? [:]
        quizAnswers = try c.decodeIfPresent([String: QuizAnswer].self, forKey: .quizAnswers) ?? [:]
        completed = Set(try c.decodeIfPresent([String].self, forKey: .completed) ?? [])
        labSettings = try c.decodeIfPresent([String: [String: String]].self, forKey: .labSettings) ?? [:]
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(version, forKey: .version)
        try c.encodeIfPresent(language, forKey: .language)
        try c.encodeIfPresent(currentLesson, forKey: .currentLesson)
        try c.encode(positions, forKey: .positions)
        try c.encode(quizAnswers, forKey: .quizAnswers)
        try c.encode(completed.sorted(), forKey: .completed)  // a Set's order changes from run to run
        try c.encode(labSettings, forKey: .labSettings)
    }
}

/// Where the student was in a lesson: a block index and a character offset inside that block.
public struct ReadingPosition: Codable, Sendable, Equatable {
    public var block: Int
    public var offset: Int

    public init(block: Int, offset: Int = 0) {
        self.block = block
        self.offset = offset
    }
}

/// The student's latest answer to one quiz.
public struct QuizAnswer: Codable, Sendable, Equatable {
    /// The answer as typed or chosen (a choice letter, a number).
    public var given: String
    public var correct: Bool
    /// How many times the student answered this quiz, this answer included.
    public var attempts: Int

    public init(given: String, correct: Bool, attempts: Int = 1) {
        self.given = given
        self.correct = correct
        self.attempts = attempts
    }
}

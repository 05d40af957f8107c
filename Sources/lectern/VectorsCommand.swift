import ArgumentParser
import Foundation
import LessonKit
import MLCore

/// `lectern vectors …`: query word vectors saved in the word2vec format (text or binary, as gensim writes them).
struct VectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vectors",
        abstract: "Query word vectors in word2vec format (text or binary) and print JSON lines.",
        discussion: "FILE may be text or binary; the format is read from the content. Words are matched exactly (case-sensitive).",
        subcommands: [Neighbors.self, Analogy.self, Similarity.self, Eval.self]
    )

    static func loadIndex(_ file: String) throws -> VectorIndex {
        do { return VectorIndex(try VectorsFile.load(path: file).vectors) } catch { throw LecternError(error.description) }
    }

    /// A Float as its shortest decimal, so JSON shows 0.71 rather than 0.7099999785423279.
    static func number(_ x: Float) -> JSONLine.Value { .number(Double("\(x)") ?? Double(x)) }

    static func validateK(_ k: Int) throws {
        if k < 1 { throw ValidationError("-k must be at least 1; got \(k)") }
    }

    struct Neighbors: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "neighbors",
            abstract: "The words closest to WORD by cosine similarity: one {\"word\", \"similarity\"} line each, best first.")

        @Argument(help: "Vectors file.") var file: String
        @Argument(help: "The query word.") var word: String
        @Option(name: .short, help: "How many neighbours.") var k = 10

        func validate() throws { try VectorsCommand.validateK(k) }

        func run() throws {
            let index = try VectorsCommand.loadIndex(file)
            let found: [(word: String, similarity: Float)]
            do { found = try index.nearest(to: word, k: k) } catch { throw LecternError(error.description) }
            for (w, s) in found { print(JSONLine([("word", .string(w)), ("similarity", VectorsCommand.number(s))])) }
        }
    }

    struct Analogy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "analogy",
            abstract: "A is to B as C is to ?: one {\"word\", \"similarity\"} line per answer, best first.",
            discussion: "3CosAdd by default (gensim's most_similar(positive=[B, C], negative=[A])); --cosmul uses 3CosMul "
                + "(most_similar_cosmul), whose scores are products of shifted cosines, not cosines.")

        @Argument(help: "Vectors file.") var file: String
        @Argument(help: "A.") var a: String
        @Argument(help: "B.") var b: String
        @Argument(help: "C.") var c: String
        @Option(name: .short, help: "How many answers.") var k = 5
        @Flag(help: "Use 3CosMul instead of 3CosAdd.") var cosmul = false

        func validate() throws { try VectorsCommand.validateK(k) }

        func run() throws {
            let index = try VectorsCommand.loadIndex(file)
            let found: [(word: String, similarity: Float)]
            do { found = try index.analogy(a, b, c, k: k, method: cosmul ? .mul : .add) } catch { throw LecternError(error.description) }
            for (w, s) in found { print(JSONLine([("word", .string(w)), ("similarity", VectorsCommand.number(s))])) }
        }
    }

    struct Similarity: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "similarity",
            abstract: "Cosine similarity of two words, as one {\"a\", \"b\", \"similarity\"} line.")

        @Argument(help: "Vectors file.") var file: String
        @Argument(help: "First word.") var a: String
        @Argument(help: "Second word.") var b: String

        func run() throws {
            let index = try VectorsCommand.loadIndex(file)
            let s: Float
            do { s = try index.similarity(a, b) } catch { throw LecternError(error.description) }
            print(JSONLine([("a", .string(a)), ("b", .string(b)), ("similarity", VectorsCommand.number(s))]))
        }
    }

    struct Eval: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "eval",
            abstract: "Word-analogy accuracy as gensim's evaluate_word_analogies computes it (3CosAdd).",
            discussion: """
            Prints one line per section {"section", "correct", "covered", "total", "accuracy"}, then \
            {"correct", "covered", "total", "accuracy", "invalid_lines", "seconds"}. "covered" questions have all \
            four words in the vocabulary (case-insensitive); the others are skipped; accuracy = correct / covered.
            """)

        @ParentCommand var root: LecternCommand
        @Argument(help: "Vectors file.") var file: String
        @Argument(help: "Questions file (default: assets/eval/questions-words.txt).") var questions: String?
        @Option(help: "Only the first N words take part, as gensim's restrict_vocab.") var restrictVocab = 300_000
        @Option(help: "BLAS threads.") var threads = 1

        func validate() throws {
            if restrictVocab < 1 { throw ValidationError("--restrict-vocab must be at least 1; got \(restrictVocab)") }
            if threads < 1 || threads > 64 { throw ValidationError("--threads must be 1…64; got \(threads)") }
        }

        func run() throws {
            let path: String
            if let questions {
                path = questions
            } else {
                path = try root.dashboard.location.asset("eval/questions-words.txt")
            }
            BLAS.threads = threads
            let index = try VectorsCommand.loadIndex(file)
            let started = ContinuousClock.now
            let report: AnalogyEvaluation.Report
            do { report = try AnalogyEvaluation.evaluate(index, questionsPath: path, restrictVocab: restrictVocab) } catch {
                throw LecternError(error.description)
            }
            let seconds = (ContinuousClock.now - started).inSeconds
            for s in report.sections {
                print(JSONLine([
                    ("section", .string(s.name)), ("correct", .int(s.correct)), ("covered", .int(s.covered)),
                    ("total", .int(s.total)), ("accuracy", .number(s.accuracy)),
                ]))
            }
            print(JSONLine([
                ("correct", .int(report.correct)), ("covered", .int(report.covered)), ("total", .int(report.total)),
                ("accuracy", .number(report.accuracy)), ("invalid_lines", .int(report.invalidLines)),
                ("seconds", .number(seconds)),
            ]))
        }
    }
}

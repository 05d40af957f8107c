import ArgumentParser
import Foundation
import MLCore

/// `lectern tokenize`: how a language model's tokenizer cuts a text, token by token, with the count.
struct TokenizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenize",
        abstract: "Show the tokens and ids of a text, and how many there are: characters, or byte-level BPE trained on a corpus.",
        discussion: """
        Characters: one token per character as a person sees it (a hanzi is one), the corpus's characters in \
        Unicode order. BPE: the 256 bytes, then the corpus's most frequent adjacent pairs merged until the \
        vocabulary has --vocab tokens; any text then encodes. Invisible characters show as ⏎ → ·, and a token \
        that cuts a character in the middle as its bytes, ‹e4 b8›.
        """)

    @ParentCommand var root: LecternCommand
    @Option(help: "char or bpe.") var tokens = "bpe"
    @Option(help: "BPE vocabulary size, 256…8192.") var vocab = 512
    @Option(help: ArgumentHelp("A shipped corpus (\(LMCorpus.shipped.joined(separator: ", "))) or a UTF-8 file (.gz or plain).",
                               valueName: "name|file")) var corpus = "shakespeare"
    @Argument(help: "The text to tokenize.") var text: String

    func validate() throws {
        guard ["char", "bpe"].contains(tokens) else { throw ValidationError("--tokens must be char or bpe; got '\(tokens)'") }
        guard (256...8192).contains(vocab) else { throw ValidationError("--vocab must be 256…8192; got \(vocab)") }
        guard !text.isEmpty else { throw ValidationError("give a text to tokenize") }
    }

    func run() throws {
        let loaded = try LMCorpus.named(corpus, asset: root.dashboard.location.asset)
        let tokenizer: any LMTokenizer = tokens == "char"
            ? CharTokenizer(training: loaded.text)
            : BPETokenizer(training: loaded.bytes, vocabularySize: vocab)
        let ids: [Int32]
        do { ids = try tokenizer.encode(text) } catch {
            throw LecternError("\(error.description) of \(corpus); try --tokens bpe, which takes any text, or a corpus that has it")
        }
        print("\(tokens) · vocabulary \(tokenizer.vocabularySize) · trained on \(corpus) (\(loaded.text.count) characters)")
        print(ids.map { "[\(tokenizer.display($0))]" }.joined())
        print("ids: " + ids.map(String.init).joined(separator: " "))
        print("\(ids.count) tokens for \(text.count) characters (\(text.utf8.count) bytes)")
    }
}

import Foundation
import MLCore
import Synchronization

/// Where the labs find their data, and the datasets and corpora already loaded (they are kept, so that a
/// reset or a second run starts at once). Shared by the jobs; thread-safe.
public final class LabResources: Sendable {
    /// Resolves an asset name ("mnist", "digits/digits.csv.gz", "corpus/austen.txt.gz") to a path, or
    /// throws an error whose description says where it looked.
    public let locate: @Sendable (String) throws -> String
    private let datasets = Mutex<[String: DataSplits]>([:])
    private let corpora = Mutex<[String: (Vocabulary, Corpus)]>([:])
    private let texts = Mutex<[String: (LMTokenizerSpec, [Int32], LMCorpus)]>([:])

    public init(locate: @escaping @Sendable (String) throws -> String) {
        self.locate = locate
    }

    /// The digits ("digits") or MNIST ("mnist") splits.
    public func dataset(_ name: String) throws -> DataSplits {
        if let d = datasets.withLock({ $0[name] }) { return d }
        let loaded: DataSplits
        switch name {
        case "mnist": loaded = try DatasetLoader.idxDirectory(try locate("mnist"))
        case "digits": loaded = try DatasetLoader.digitsCSV(try locate("digits/digits.csv.gz"))
        default: throw LecternError("unknown dataset \(name)")
        }
        datasets.withLock { $0[name] = loaded }
        return loaded
    }

    /// A corpus from assets/corpus/NAME.txt.gz with its vocabulary at `minCount`.
    public func corpus(_ name: String, minCount: Int) throws -> (Vocabulary, Corpus) {
        let key = "\(name)/\(minCount)"
        if let c = corpora.withLock({ $0[key] }) { return c }
        let loaded = try CorpusLoader.load(path: try locate("corpus/\(name).txt.gz"), minCount: minCount)
        corpora.withLock { $0[key] = (loaded.vocabulary, loaded.corpus) }
        return (loaded.vocabulary, loaded.corpus)
    }

    /// A language-model corpus (a shipped name, or a file's path) tokenized as `setup` says, with its tokenizer;
    /// kept, so that a reset starts at once (BPE's training takes seconds on a large text).
    public func tokenized(_ corpus: String, setup: LMSetup) throws -> (LMTokenizerSpec, [Int32], LMCorpus) {
        let key = "\(corpus)/\(setup.tokens.rawValue)/\(setup.tokens == .bpe ? setup.vocabulary : 0)"
        if let t = texts.withLock({ $0[key] }) { return t }
        let text = try LMCorpus.named(corpus, asset: locate)
        let spec = setup.tokenizer(for: text)
        let ids = try spec.tokenizer.encode(text.text)
        texts.withLock { $0[key] = (spec, ids, text) }
        return (spec, ids, text)
    }
}

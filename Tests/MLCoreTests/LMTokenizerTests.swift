import Testing
@testable import MLCore

@Suite struct CharTokenizerTests {
    @Test func vocabularyIsTheTextsCharactersInScalarOrder() throws {
        let t = CharTokenizer(training: "床前明月光\nhello, 月")
        #expect(t.characters.first == "\n")
        #expect(t.characters.map(String.init).joined() == "\n ,ehlo光前床明月")
        #expect(t.vocabularySize == 12)
        // The same characters in another order make the same vocabulary.
        #expect(CharTokenizer(training: "月 ,olleh\n光明前床") == t)
        let ids = try t.encode("明月")
        #expect(ids == [10, 11])
        #expect(t.decode(ids) == "明月")
    }

    @Test func aHanziAndAnAccentedLetterAreOneTokenEach() throws {
        let t = CharTokenizer(training: "e\u{301}中👍🏽")
        #expect(t.vocabularySize == 3)
        #expect(try t.encode("中e\u{301}👍🏽").count == 3)
    }

    @Test func anUnknownCharacterIsNamedWithItsPlace() {
        let t = CharTokenizer(training: "abc")
        do {
            _ = try t.encode("ab中")
            Issue.record("encoded a character outside the vocabulary")
        } catch {
            #expect(error.description == "the character 中 (U+4E2D, at position 3) is not in the vocabulary of 3 characters")
        }
    }

    @Test func displayShowsInvisibleCharacters() {
        let t = CharTokenizer(training: "a \n\t")
        #expect((0..<4).map { t.display(Int32($0)) }.sorted() == ["a", "·", "→", "⏎"].sorted())
    }
}

@Suite struct BPETokenizerTests {
    /// The textbook example: "aaabdaaabac". Counts: aa 4, ab 2, ba 1, bd 1, da 1, ac 1. Merge 1 is aa → 256
    /// ("ZabdZabac"); then (256, a) 2, (a, b) 2: the tie goes to the smaller pair, (97, 98) = ab → 257
    /// ("ZYdZYac"); then (256, 257) 2 → 258 ("XdXac"); then nothing occurs twice.
    @Test func mergesTheMostFrequentPairWithTiesToTheSmallerPair() {
        let t = BPETokenizer(training: Array("aaabdaaabac".utf8), vocabularySize: 300)
        #expect(t.merges == [.init(97, 97), .init(97, 98), .init(256, 257)])
        #expect(t.vocabularySize == 259)
        #expect(t.encode(bytes: Array("aaabdaaabac".utf8)) == [258, 100, 258, 97, 99])
        #expect(t.display(258) == "aaab")
    }

    @Test func trainingIsDeterministic() {
        let text = Array(String(repeating: "the cat sat on the mat; 床前明月光，疑是地上霜。\n", count: 20).utf8)
        let a = BPETokenizer(training: text, vocabularySize: 320)
        let b = BPETokenizer(training: text, vocabularySize: 320)
        #expect(a == b)
        // 20 copies of one line merge down to a handful of tokens before 64 merges are used: training stops
        // once no pair occurs twice.
        #expect(a.vocabularySize > 300 && a.vocabularySize <= 320)
        #expect(a.encode(bytes: text).count < 10)
        #expect(BPETokenizer(merges: a.merges) == a, "the merges alone rebuild the tokenizer")
    }

    @Test func anyUTF8TextRoundTripsExactly() throws {
        let corpus = Array("To be, or not to be: that is the question. 春眠不觉晓，处处闻啼鸟。".utf8)
        let t = BPETokenizer(training: corpus + corpus, vocabularySize: 400)
        var rng = SplitMix64(seed: 7)
        let alphabet: [Character] = ["a", "b", " ", "\n", "é", "中", "晓", "👍🏽", "\u{0}", "\u{10FFFF}", "ß", "。", "e\u{301}"]
        for _ in 0..<200 {
            let text = String((0..<rng.below(40)).map { _ in alphabet[rng.below(alphabet.count)] })
            let ids = try t.encode(text)
            #expect(t.decode(ids) == text)
            #expect(ids.allSatisfy { $0 >= 0 && Int($0) < t.vocabularySize })
        }
        // Training text compresses: fewer tokens than bytes.
        #expect(try t.encode(String(decoding: corpus, as: UTF8.self)).count < corpus.count / 2)
    }

    @Test func aTokenThatCutsACharacterIsShownAsItsBytes() {
        // "中" is e4 b8 ad; in eight of them (e4 b8) and (b8 ad) occur 8 times each, (ad e4) 7: the tie goes to
        // the smaller pair, (b8 ad), a token that is the end of a character.
        let t = BPETokenizer(training: Array(String(repeating: "中", count: 8).utf8), vocabularySize: 257)
        #expect(t.merges == [.init(0xB8, 0xAD)])
        #expect(t.display(256) == "‹b8 ad›")
        #expect(t.display(0xE4) == "‹e4›")
        #expect(!t.display(256).contains("\u{FFFD}"))
        #expect(BPETokenizer.display(bytes: Array("e".utf8) + [0xE4]) == "e‹e4›")
        #expect(BPETokenizer.display(bytes: Array("中\n".utf8)) == "中⏎")
        // Decoding the pieces together gives the character back.
        #expect(t.decode([0xE4, 256]) == "中")
        #expect(t.encode(bytes: Array("中".utf8)) == [0xE4, 256])
    }

    @Test func stopsWhenNoPairRepeats() {
        let t = BPETokenizer(training: Array("abcdef".utf8), vocabularySize: 512)
        #expect(t.merges.isEmpty && t.vocabularySize == 256)
    }
}

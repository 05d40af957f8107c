import Testing
@testable import MLCore

@Suite struct LMBatchesTests {
    static let tokens = (0..<1000).map { Int32($0) }

    @Test func trainingWindowsStayInTheFirstNinetyPercentAndTargetsAreTheNextTokens() throws {
        let b = try LMBatches(tokens: Self.tokens, context: 16)
        #expect(b.split == 900)
        var rng = SplitMix64(seed: 3)
        var x: [Int32] = [], y: [Int32] = []
        var lowest = Int32.max, highest = Int32.min
        for _ in 0..<200 {
            b.trainingBatch(8, rng: &rng, inputs: &x, targets: &y)
            #expect(x.count == 8 * 16 && y.count == 8 * 16)
            for w in 0..<8 {
                let window = Array(x[(w * 16)..<((w + 1) * 16)]), next = Array(y[(w * 16)..<((w + 1) * 16)])
                #expect(zip(window, window.dropFirst()).allSatisfy { $1 == $0 + 1 }, "a window is contiguous")
                #expect(next == window.map { $0 + 1 })
                lowest = min(lowest, window[0]); highest = max(highest, next.last!)
            }
        }
        #expect(lowest >= 0 && highest <= 899, "no target reaches the validation part")
        #expect(lowest < 20 && highest > 880, "the starts cover the training part")
    }

    @Test func validationWindowsAreFixedEvenlySpacedAndInsideTheLastTenPercent() throws {
        let b = try LMBatches(tokens: Self.tokens, context: 16, validationWindows: 4)
        #expect(b.validationStarts == [900, 927, 955, 983])
        let last = b.validationWindow(3)
        #expect(last.targets.last == 999)
        #expect(Array(last.targets) == last.inputs.map { $0 + 1 })
        // Fewer windows than asked when the part is short: every start once.
        let short = try LMBatches(tokens: Self.tokens, context: 95, validationWindows: 64)
        #expect(short.validationStarts == Array(900...904))
    }

    @Test func aCorpusTooShortForTheContextSaysWhy() {
        #expect(throws: TokenizerError("the corpus has 50 tokens: its first 90 % (45) is too short for one window of context 64 and its next token")) {
            try LMBatches(tokens: Array(Self.tokens.prefix(50)), context: 64)
        }
        #expect(throws: TokenizerError("the corpus has 200 tokens: its last 10 % (20) is too short to validate a context of 32")) {
            try LMBatches(tokens: Array(Self.tokens.prefix(200)), context: 32)
        }
    }
}

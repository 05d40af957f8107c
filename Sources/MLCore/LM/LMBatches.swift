/// Training and validation windows over a tokenized corpus: the first 90 % (by default) of the tokens trains,
/// the rest validates. A training batch is `batch` windows at random starts; the validation set is a fixed list
/// of evenly spaced windows, so that two runs' validation losses are comparable.
public struct LMBatches: Sendable {
    public let tokens: [Int32]
    public let context: Int
    /// Tokens 0 ..< split train; split ..< count validate.
    public let split: Int
    /// Starts of the validation windows.
    public let validationStarts: [Int]

    /// - Throws: when either part is too short for one window of `context` inputs and their next tokens.
    public init(tokens: [Int32], context: Int, validationFraction: Double = 0.1, validationWindows: Int = 64) throws(TokenizerError) {
        precondition(context >= 1 && validationFraction > 0 && validationFraction < 1 && validationWindows >= 1)
        let split = Int((Double(tokens.count) * (1 - validationFraction)).rounded(.down))
        guard split >= context + 1 else {
            throw TokenizerError("the corpus has \(tokens.count) tokens: its first \(Int((1 - validationFraction) * 100)) % (\(split)) is too short for one window of context \(context) and its next token")
        }
        let validation = tokens.count - split
        guard validation >= context + 1 else {
            throw TokenizerError("the corpus has \(tokens.count) tokens: its last \(Int((validationFraction * 100).rounded())) % (\(validation)) is too short to validate a context of \(context)")
        }
        self.tokens = tokens
        self.context = context
        self.split = split
        // Evenly spaced over the validation part; fewer when the part is short (no window twice).
        let room = validation - context - 1
        let count = min(validationWindows, room + 1)
        validationStarts = (0..<count).map { split + (count == 1 ? 0 : $0 * room / (count - 1)) }
    }

    /// Writes `batch` random training windows: inputs[b·context + t] and their targets (the next tokens).
    public func trainingBatch(_ batch: Int, rng: inout SplitMix64, inputs: inout [Int32], targets: inout [Int32]) {
        inputs.removeAll(keepingCapacity: true)
        targets.removeAll(keepingCapacity: true)
        let starts = split - context  // a start s needs s + context < split (the last target inside training)
        for _ in 0..<batch {
            let s = rng.below(starts)
            inputs.append(contentsOf: tokens[s..<(s + context)])
            targets.append(contentsOf: tokens[(s + 1)...(s + context)])
        }
    }

    /// The validation window `k`: its inputs and targets.
    public func validationWindow(_ k: Int) -> (inputs: ArraySlice<Int32>, targets: ArraySlice<Int32>) {
        let s = validationStarts[k]
        return (tokens[s..<(s + context)], tokens[(s + 1)...(s + context)])
    }
}

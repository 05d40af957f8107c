import MLCore

/// One line the model wrote, and the step it came from.
public struct LMSampleLine: Sendable, Equatable {
    public var step: Int
    /// As shown: line breaks written ⏎.
    public var text: String
    public init(step: Int, text: String) { self.step = step; self.text = text }
}

/// The language-model lab's extras: the corpus and model, the last samples, and for the current sample's
/// context the logits after every position and the attention weights (so that the view can follow the
/// student's temperature, top-k and position at once, without asking the job).
public struct LMDetail: LabDetail {
    public var corpusName = ""
    public var corpusTokens = 0
    public var modelName = ""
    public var parameterCount = 0
    public var tokenizer: LMTokenizerSpec?
    /// How each token id is drawn (⏎ · and ‹e4 b8› for the invisible and the cut).
    public var tokenDisplay: [String] = []
    /// The last samples, oldest first.
    public var samples: [LMSampleLine] = []
    /// The context the odds and attention are for: the prompt (its end) and the start of the last sample, at
    /// most the model's context.
    public var context: [Int32] = []
    /// How many of `context`'s tokens are the prompt's (nil: all of them, as in a context without a sample).
    public var promptLength: Int?
    /// logits[i]: the next token's logits after context[0...i].
    public var logits: [[Float]] = []
    /// attention[layer][head][i·n + j], n = context.count; nil for models without attention.
    public var attention: [[[Float]]]?
    public var gradientNorm: Double?
    /// log₁₀(‖Δw‖/‖w‖) per weight matrix, by name.
    public var updateRatios: [(name: String, value: Double)] = []
    public var validationLoss: Double?
    /// Why the prompt could not be used (a character not in the vocabulary), if it could not.
    public var promptProblem: String?
    public init() {}

    public var vocabularySize: Int { tokenDisplay.count }

    /// The position whose odds show by default: the prompt's last token, where the sample began.
    public var promptEnd: Int { max(0, min(context.count, promptLength ?? context.count) - 1) }

    /// The position `offset` tokens after the prompt's end (before it when negative), kept inside the context.
    public func position(offset: Int) -> Int { max(0, min(context.count - 1, promptEnd + offset)) }
}

extension LabSnapshot {
    public var lm: LMDetail? { detail as? LMDetail }
}

import MLCore

/// The MLP lab's extras: accuracy per epoch, confusion matrix, and a strip of test digits.
public struct MLPDetail: LabDetail, Equatable {
    public var dataName = ""
    public var trainCount = 0
    public var batchSize = 0
    public var validationAccuracy: [Double] = []
    public var testAccuracy: [Double] = []
    /// What the test images went through before scoring (plain unless `test-shift` or `attack` is set).
    public var testConditions = TestConditions()
    /// ‖∂L/∂W‖ of each layer for a recent batch (read every `MLPJob.gradientNormEvery`), and the largest of this
    /// epoch so far (a spike lasts only a few batches).
    public var gradientNorms: [Double] = []
    public var gradientNormsMax: [Double] = []
    /// counts[true][predicted] on the test set after the last epoch.
    public var confusion: [[Int]] = []
    public var digits = DigitStrip()
    /// For each strip image: |∂(logit of the predicted class)/∂pixel|, scaled to [0, 1].
    public var saliency: [[Float]] = []
    /// The first hidden units' incoming weights as images, each scaled to [0, 1] (0.5 = zero weight).
    public var weightImages: [[Float]] = []
    /// The epoch whose weights early stopping kept, when it stopped the run.
    public var bestEpoch: Int?
    public init() {}
}

/// A few test images with their labels and the model's current guesses.
public struct DigitStrip: Sendable, Equatable {
    public var rows = 0
    public var cols = 0
    public var images: [[Float]] = []
    public var labels: [Int] = []
    /// Empty before the first prediction.
    public var predictions: [Int] = []
    public init() {}
}

extension LabSnapshot {
    public var mlp: MLPDetail? { detail as? MLPDetail }
}

/// Measurements of a trained MLP for chapter 5: how well its losses tell its training images from others
/// (membership inference), and how much of its gradient saliency falls where the image is blank.
public enum MLPProbes {
    public struct Membership: Sendable, Equatable {
        public var members: Int, nonMembers: Int
        public var memberMeanLoss: Double, nonMemberMeanLoss: Double
        public var memberMaxLoss: Double
        /// The threshold the simple attack uses, and the shares of each group with a loss below it.
        public var threshold: Double
        public var memberShareBelow: Double, nonMemberShareBelow: Double
        /// (share of members caught + share of non-members cleared) / 2 at `threshold`.
        public var balancedAccuracy: Double
        /// The best balanced accuracy any single threshold reaches, and that threshold.
        public var bestBalancedAccuracy: Double, bestThreshold: Double
    }

    /// Guess "member" when a sample's loss −ln p(correct class) is below a threshold.
    public static func membership(_ network: MLPNetwork, members: Dataset, nonMembers: Dataset, threshold: Double = 0.01) -> Membership {
        let a = (0..<members.count).map { network.sampleLoss(members.sample($0), label: Int(members.labels[$0])) }
        let b = (0..<nonMembers.count).map { network.sampleLoss(nonMembers.sample($0), label: Int(nonMembers.labels[$0])) }
        func share(_ xs: [Double], below t: Double) -> Double { Double(xs.filter { $0 < t }.count) / Double(max(1, xs.count)) }
        func balanced(_ t: Double) -> Double { (share(a, below: t) + 1 - share(b, below: t)) / 2 }
        // Every distinct loss (just above it) is a candidate threshold; between two of them nothing changes.
        var best = (accuracy: 0.5, threshold: 0.0)
        let candidates = (a + b).sorted()
        var i = 0, j = 0
        let sa = a.sorted(), sb = b.sorted()
        for t in candidates {
            while i < sa.count, sa[i] <= t { i += 1 }
            while j < sb.count, sb[j] <= t { j += 1 }
            let acc = (Double(i) / Double(max(1, sa.count)) + 1 - Double(j) / Double(max(1, sb.count))) / 2
            if acc > best.accuracy { best = (acc, t) }
        }
        return Membership(members: a.count, nonMembers: b.count,
                          memberMeanLoss: a.reduce(0, +) / Double(max(1, a.count)), nonMemberMeanLoss: b.reduce(0, +) / Double(max(1, b.count)),
                          memberMaxLoss: a.max() ?? 0, threshold: threshold,
                          memberShareBelow: share(a, below: threshold), nonMemberShareBelow: share(b, below: threshold),
                          balancedAccuracy: balanced(threshold), bestBalancedAccuracy: best.accuracy, bestThreshold: best.threshold)
    }

    public struct Saliency: Sendable, Equatable {
        public var images: Int
        /// Σ|saliency| on blank pixels / Σ|saliency|, over all the images together, and the mean of each image's own share.
        public var blankShare: Double, meanBlankShare: Double
        /// The share of pixels that are blank.
        public var blankPixels: Double
        /// Images whose single brightest saliency pixel is a blank one.
        public var brightestOnBlank: Int
    }

    /// The saliency the MLP lab draws (|∂ logit of the predicted class / ∂ pixel|) against where the image is blank (0).
    public static func saliencyOnBlank(_ network: MLPNetwork, images: Dataset) -> Saliency {
        var onBlank = 0.0, total = 0.0, shares = 0.0, blank = 0, brightest = 0
        for i in 0..<images.count {
            let x = images.sample(i)
            let g = network.inputGradient(x, classIndex: network.predictedClass(x)).map { Double(abs($0)) }
            let sum = g.reduce(0, +), here = zip(g, x).filter { $0.1 == 0 }.reduce(0) { $0 + $1.0 }
            onBlank += here
            total += sum
            shares += sum > 0 ? here / sum : 0
            blank += x.filter { $0 == 0 }.count
            if let top = g.indices.max(by: { g[$0] < g[$1] }), x[top] == 0 { brightest += 1 }
        }
        let n = Double(max(1, images.count))
        return Saliency(images: images.count, blankShare: total > 0 ? onBlank / total : 0, meanBlankShare: shares / n,
                        blankPixels: Double(blank) / (n * Double(images.features)), brightestOnBlank: brightest)
    }
}

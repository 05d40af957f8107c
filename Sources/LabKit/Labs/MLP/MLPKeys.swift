import LessonKit

/// The MLP lab's own key: `v` walks through the explain view of the test digits, then turns it off.
public struct MLPUI: LabUI, Equatable {
    /// The strip image whose saliency map the lab shows (nil: digits and confusion matrix instead).
    public var explainIndex: Int?
    public init(explainIndex: Int? = nil) { self.explainIndex = explainIndex }
}

extension MLPLab {
    public static var keys: [LabKey] {
        [LabKey("v", id: "explain", label: "v",
                help: LocalizedText(zh: "MLP：解释一个测试数字（显著性、第一层权重）；再按看下一个，最后关闭",
                                    en: "MLP: explain a test digit (saliency, first-layer weights); again for the next, then off"))]
    }

    public static var initialUI: any LabUI { MLPUI() }

    public static func press(_ id: String, _ lab: LabKeyInput) -> LabKeyOutcome {
        var ui = lab.ui as? MLPUI ?? MLPUI()
        let count = lab.snapshot?.mlp?.digits.images.count ?? stripCount
        let next = (ui.explainIndex ?? -1) + 1
        ui.explainIndex = next < count ? next : nil
        let words = MLPText(lab.language)
        return LabKeyOutcome(ui: ui, message: ui.explainIndex.map { "\(words.explainTitle) \($0 + 1)/\(count)" } ?? words.explainOff)
    }
}

extension LabUI {
    /// The MLP lab's key state, when this is it.
    public var mlp: MLPUI? { self as? MLPUI }
}

import LessonKit
import MLCore
/// The MLP lab's own words, in Chinese and English.
public struct MLPText: Sendable {
    let zh: Bool
    public init(_ language: String) { zh = language == "zh" }

    var testAccuracy: String { zh ? "测试准确率" : "test acc" }
    var epochMax: String { zh ? "本轮最大" : "epoch max" }
    /// "shift 1 px, fgsm ε 0.125": what the test images went through.
    func conditions(_ c: TestConditions) -> String {
        var parts: [String] = []
        if c.shift != 0 { parts.append(zh ? "右移 \(c.shift) 像素" : "shift \(c.shift) px") }
        if c.attack != .none, c.epsilon > 0 { parts.append("\(c.attack.rawValue) ε \(SettingKind.short(Double(c.epsilon)))") }
        return parts.joined(separator: ", ")
    }
    var confusion: String { zh ? "混淆矩阵（行=真实，列=预测）" : "confusion (row = true, column = predicted)" }
    var predictions: String { zh ? "测试数字与预测（✗ 为错）" : "test digits, predictions (✗ wrong)" }
    public var explainTitle: String { zh ? "解释：测试数字" : "Explain: test digit" }
    public var explainOff: String { zh ? "解释视图已关闭（v 再次打开）" : "Explain view off (v opens it again)" }
    var saliencyCaption: String { zh ? "显著性 |∂得分/∂像素|" : "saliency |∂score/∂pixel|" }
    var weightsCaption: String { zh ? "第一层前 8 个单元的权重（█ 正，空白 负）" : "first-layer weights, units 1–8 (█ positive, blank negative)" }
    func explainLine(_ label: Int, _ guess: Int?) -> String {
        let g = guess.map { "\($0)" } ?? "?"
        return zh ? "真实 \(label) · 预测 \(g) · v 下一个" : "label \(label) · predicted \(g) · v next"
    }
    func bestEpoch(_ e: Int) -> String { zh ? "提前停止：保留第 \(e) 轮的权重" : "early stop: kept epoch \(e)'s weights" }
}

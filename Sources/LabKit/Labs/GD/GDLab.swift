import LessonKit
import MLCore
import TerminalUI

extension Lab {
    public static let gd = Lab("gd")
}

/// The gradient-descent lab: the article's linear regression (X = [[1,2],[2,3],[3,4]], y = [3,5,7]), one
/// iteration per step, its θ path drawn over J(θ).
public enum GDLab: LabDefinition {
    public static let schema = LabSchema(
        lab: .gd,
        title: LocalizedText(zh: "梯度下降", en: "Gradient descent"),
        settings: [
            SettingSpec("alpha", .number(0...100, above: true), default: "0.01", live: true,
                        help: LocalizedText(zh: "学习率 α：每次沿负梯度走多远", en: "learning rate α: how far each step goes down the gradient")),
            SettingSpec("iterations", .integer(1...100_000), default: "300",
                        help: LocalizedText(zh: "迭代次数", en: "iterations to run")),
            SettingSpec("theta0", .numberList(count: 2, magnitude: 1e6), default: "0,0",
                        help: LocalizedText(zh: "起点 θ₁,θ₂", en: "starting point θ₁,θ₂")),
            SettingSpec("momentum", .number(0...0.999), default: "0",
                        help: LocalizedText(zh: "动量 β：v ← βv + ∇J，θ ← θ − αv（0 为普通梯度下降）",
                                            en: "momentum β: v ← βv + ∇J, θ ← θ − αv (0 is plain gradient descent)")),
            SettingSpec("every", .integer(1...100_000), default: "1", shown: false,
                        help: LocalizedText(zh: "（保留给旧课文，实验室每次迭代都记录）", en: "(kept for older lessons; the lab records every iteration)")),
        ],
        metrics: ["loss", "iterations", "alpha"], counts: ["iterations"],
        learningRateKey: "alpha")

    public static var progressUnit: ProgressUnit { .iterations }
    public static var learningRateSymbol: String { "α" }

    public static var startSpeedIndex: Int { 3 }

    public static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        GDJob.run(settings, context: context)
    }

    public static func renderBody(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer,
                                  chart: (Rect, inout ScreenBuffer) -> Void) {
        GDDetailView.render(input, area: area, into: &buffer, chart: chart)
    }

    public static func measure(_ metric: String, in s: LabSnapshot) -> Double? {
        switch metric {
        case "loss": return s.gd?.losses.last ?? s.curve.values.last
        case "iterations": return Double(s.progress.step)
        case "alpha": return s.progress.learningRate
        default: return nil
        }
    }

    public static func divergenceAdvice(_ language: String) -> String {
        language == "zh" ? "每一步都越过谷底且越跳越远。按 - 减小 α 再按 r 重来。"
            : "Each step overshoots the valley by more than the last. Press - to halve α, then r."
    }
}

extension LabSettings {
    public var gdAlpha: Double { double("alpha") ?? 0.01 }
    public var gdIterations: Int { int("iterations") ?? 300 }
    public var gdTheta0: [Double] { list("theta0").compactMap { Double($0) } }
    public var gdMomentum: Double { double("momentum") ?? 0 }
}

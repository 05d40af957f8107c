import LessonKit
import MLCore
import TerminalUI

extension Lab {
    public static let mlp = Lab("mlp")
}

/// The MLP lab: the article's 784-64-64-10 network (ReLU, softmax, Adam) on MNIST, or the small 8×8 digits.
public enum MLPLab: LabDefinition {
    /// The largest model the lab builds, in parameters (Adam keeps four floats per parameter).
    public static let maxParameters = 5_000_000
    /// Test digits shown under the chart.
    public static let stripCount = 12

    public static let schema = LabSchema(
        lab: .mlp,
        title: LocalizedText(zh: "MLP 手写数字", en: "MLP digits"),
        settings: [
            SettingSpec("lr", .number(0...100, above: true), default: "0.001", live: true,
                        help: LocalizedText(zh: "学习率：Adam 每步走多远", en: "learning rate: how far each Adam step goes")),
            SettingSpec("epochs", .integer(1...1000), default: "10",
                        help: LocalizedText(zh: "把训练集完整过几遍", en: "passes over the training set")),
            SettingSpec("batch-size", .integer(1...MLPConfig.maxBatch), default: "32",
                        help: LocalizedText(zh: "每步用多少张图片估计梯度", en: "images per gradient step")),
            SettingSpec("hidden", .integerList(count: 1...8, each: 1...MLPConfig.maxUnits, noun: "layers"), default: "64,64",
                        help: LocalizedText(zh: "各隐藏层的单元数，逗号分隔", en: "units of each hidden layer, comma-separated"),
                        rule: parameterBudget),
            SettingSpec("data", .choice(["digits", "mnist"]), default: "mnist",
                        help: LocalizedText(zh: "mnist：28×28 手写数字；digits：8×8 小数字（几秒训完）",
                                            en: "mnist: 28×28 handwritten digits; digits: 8×8 ones (trains in seconds)")),
            SettingSpec("train-size", .integerOr("all", 1...60_000), default: "all",
                        help: LocalizedText(zh: "只用前 N 张训练图片（all 为全部）", en: "train on the first N images only (all: every one)")),
            SettingSpec("weight-decay", .number(0...1), default: "0",
                        help: LocalizedText(zh: "L2 权重衰减 λ（0 为不用）", en: "L2 weight decay λ (0: none)")),
            SettingSpec("patience", .integerOr("off", 1...1000), default: "off",
                        help: LocalizedText(zh: "验证损失几轮不降就提前停止（off 为不停）",
                                            en: "stop after this many epochs without a better validation loss (off: never)")),
            SettingSpec("seed", .integer(0...Int(Int32.max)), default: "1",
                        help: LocalizedText(zh: "随机种子：同一种子，同一结果", en: "random seed: same seed, same run")),
            SettingSpec("test-shift", .integer(-3...3), default: "0", shown: false,
                        help: LocalizedText(zh: "把每张测试图片右移几个像素（负数左移）：数据分布变了会怎样",
                                            en: "move every test image this many pixels right (negative: left): what a shift in the data does")),
            SettingSpec("attack", .choice(TestConditions.Attack.allCases.map(\.rawValue)), default: "none", shown: false,
                        help: LocalizedText(zh: "测试图片每个像素加减 ε：random 随机方向，fgsm 沿损失梯度的符号（对抗样本）",
                                            en: "push every test pixel by ε: random signs, or fgsm along the sign of the loss's gradient (adversarial examples)")),
            SettingSpec("epsilon", .number(0...1), default: "0.125", shown: false,
                        help: LocalizedText(zh: "attack 的 ε（像素取值 0–1）", en: "the attack's ε (pixels run 0–1)")),
            SettingSpec("optimizer", .choice(["adam", "sgd"]), default: "adam", shown: false,
                        help: LocalizedText(zh: "adam，或带动量 0.9 的 sgd", en: "adam, or sgd with momentum 0.9")),
        ],
        metrics: ["val-accuracy", "test-accuracy", "loss", "epochs"], counts: ["epochs"],
        learningRateKey: "lr")

    /// Every layer's weights and biases for 784 inputs, these hidden sizes and 10 classes, within the budget.
    @Sendable static func parameterBudget(_ hidden: String) -> String? {
        let sizes = [784] + hidden.split(separator: ",").compactMap { Int($0) } + [10]
        let parameters = (1..<sizes.count).reduce(0) { $0 + (sizes[$1 - 1] + 1) * sizes[$1] }
        return parameters <= maxParameters ? nil
            : "\(parameters) parameters is too many for this lab (at most \(maxParameters))"
    }

    /// 500 steps a second (16k samples/s): an MNIST epoch in about 4 s, ten in about 40 s; `}` is full speed.
    public static var startSpeedIndex: Int { 1 }

    public static func run(_ settings: LabSettings, resources: LabResources, context: RunContext<LabSnapshot>) {
        MLPJob.run(settings, resources: resources, context: context)
    }

    public static func renderBody(_ input: LabViewInput, area: Rect, into buffer: inout ScreenBuffer,
                                  chart: (Rect, inout ScreenBuffer) -> Void) {
        MLPDetailView.render(input, area: area, into: &buffer, chart: chart)
    }

    public static func measure(_ metric: String, in s: LabSnapshot) -> Double? {
        switch metric {
        case "val-accuracy": return s.mlp?.validationAccuracy.last
        case "test-accuracy": return s.mlp?.testAccuracy.last
        case "epochs": return s.mlp.map { Double($0.validationAccuracy.count) }
        case "loss": return s.curve.values.last
        default: return nil
        }
    }

    public static func divergenceAdvice(_ language: String) -> String {
        language == "zh" ? "学习率太大，权重被推向无穷。按 - 减小学习率再按 r。"
            : "The learning rate is too large and the weights blew up. Press - to halve it, then r."
    }
}

extension LabSettings {
    /// The trainer's config for these settings.
    public var mlpConfig: MLPConfig {
        var c = MLPConfig()
        c.learningRate = Float(self["lr"]) ?? c.learningRate
        c.epochs = int("epochs") ?? c.epochs
        c.batchSize = int("batch-size") ?? c.batchSize
        c.hidden = list("hidden").compactMap { Int($0) }
        c.seed = UInt64(self["seed"]) ?? 1
        c.trainSize = int("train-size")
        c.weightDecay = Float(self["weight-decay"]) ?? 0
        c.patience = int("patience")
        if self["optimizer"] == "sgd" { c.optimizer = .sgd(momentum: 0.9) }
        c.progressEvery = 1
        return c
    }

    /// What the test images go through before they are scored (`test-shift`, `attack`, `epsilon`).
    public var mlpTestConditions: TestConditions {
        TestConditions(shift: int("test-shift") ?? 0, attack: TestConditions.Attack(rawValue: self["attack"]) ?? .none,
                       epsilon: Float(self["epsilon"]) ?? 0.125, seed: UInt64(self["seed"]) ?? 1)
    }
}

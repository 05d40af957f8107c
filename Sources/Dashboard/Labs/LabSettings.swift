import LessonKit
import MLCore

/// The editable hyper-parameters of one lab, as the text the student typed, in the lab's field order.
///
/// Keys are the ones ```try blocks use (`Lab.settings`). Every value held here has passed `problem(…)`,
/// so building a config from it cannot fail on a single field.
public struct LabSettings: Sendable, Equatable {
    public let lab: Lab
    public private(set) var values: [String: String]

    public init(lab: Lab) {
        self.lab = lab
        values = Self.defaults(lab)
    }

    /// The fields the settings bar shows and the editor visits, in order.
    public var fields: [String] { Self.fieldOrder(lab) }

    public subscript(key: String) -> String { values[key] ?? "" }

    public static func fieldOrder(_ lab: Lab) -> [String] {
        switch lab {
        case .mlp: return ["lr", "epochs", "batch-size", "hidden", "data", "train-size", "weight-decay", "patience", "seed"]
        case .gd: return ["alpha", "iterations", "theta0"]
        case .word2vec: return ["alpha", "epochs", "dim", "window", "negative", "min-count", "corpus", "seed"]
        }
    }

    static func defaults(_ lab: Lab) -> [String: String] {
        switch lab {
        case .mlp:
            return ["lr": "0.001", "epochs": "10", "batch-size": "32", "hidden": "64,64", "data": "digits",
                    "train-size": "all", "weight-decay": "0", "patience": "off", "seed": "1", "optimizer": "adam"]
        case .gd:
            return ["alpha": "0.01", "iterations": "300", "theta0": "0,0", "every": "1"]
        case .word2vec:
            return ["alpha": "0.025", "epochs": "3", "dim": "50", "window": "5", "negative": "5", "min-count": "5",
                    "corpus": "austen", "seed": "1", "sample": "0.001", "cbow": "false",
                    "watch": defaultWatch["austen"]!]
        }
    }

    /// Watched words that are frequent enough in each corpus for their neighbours to mean something.
    public static let defaultWatch = ["austen": "father,sister,love,letter,happy", "pdmix": "father,war,king,love,sea"]

    /// Fields whose change can be applied to the running model at its next step.
    public static func isLive(_ lab: Lab, _ key: String) -> Bool {
        switch lab {
        case .mlp: return key == "lr"
        case .gd: return key == "alpha"
        case .word2vec: return key == "alpha" || key == "watch"
        }
    }

    /// Sets `key` to `value` when it is valid; otherwise returns why not and changes nothing.
    @discardableResult
    public mutating func set(_ key: String, _ value: String) -> String? {
        let v = value.trimmedSpaces
        if let problem = Self.problem(lab, key, v) { return problem }
        // A new corpus brings its own default watch list, unless the student chose other words.
        if key == "corpus", let old = values["corpus"], values["watch"] == Self.defaultWatch[old] {
            values["watch"] = Self.defaultWatch[v]
        }
        values[key] = Self.normalised(key, v)
        return nil
    }

    /// Applies a ```try block's settings: all or nothing. Returns the first problem, if any.
    public mutating func apply(_ settings: [(key: String, value: String)]) -> String? {
        var copy = self
        for (k, v) in settings {
            if let problem = copy.set(k, v) { return "\(k): \(problem)" }
        }
        self = copy
        return nil
    }

    /// The learning rate field of this lab (lr for the MLP, alpha for the others).
    public var learningRateKey: String { lab == .mlp ? "lr" : "alpha" }
    public var learningRate: Double { Double(self[learningRateKey]) ?? 0 }

    static func normalised(_ key: String, _ v: String) -> String {
        switch key {
        case "hidden", "theta0", "watch":
            return v.split(separator: ",").map { $0.trimmedSpaces }.joined(separator: ",")
        case "lr", "alpha":
            return Double(v).map { LabSettings.format($0) } ?? v
        default: return v
        }
    }

    /// A learning rate written briefly and exactly enough: 0.001, 0.0005, 1.5, 2e-05.
    public static func format(_ x: Double) -> String {
        var s = "\(x)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmedSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

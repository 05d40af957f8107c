/// The live labs a lesson can name, and the settings a ```try block may give each.
public enum Lab: String, Sendable, CaseIterable, Equatable {
    case mlp, gd, word2vec

    public enum SettingKind: Sendable {
        case number, integer, integerList, numberList, word, flag
        /// A whole number, or the one word that means "none" / "everything" (`train-size: all`, `patience: off`).
        case integerOr(String)
    }

    /// Every setting a ```try block may set for this lab, with the kind of value it takes.
    public var settings: [String: SettingKind] {
        switch self {
        case .mlp:
            return ["lr": .number, "epochs": .integer, "batch-size": .integer, "hidden": .integerList,
                    "optimizer": .word, "seed": .integer, "data": .word, "train-size": .integerOr("all"),
                    "weight-decay": .number, "patience": .integerOr("off")]
        case .gd:
            return ["alpha": .number, "iterations": .integer, "every": .integer, "theta0": .numberList]
        case .word2vec:
            return ["dim": .integer, "window": .integer, "negative": .integer, "min-count": .integer,
                    "sample": .number, "epochs": .integer, "alpha": .number, "corpus": .word,
                    "cbow": .flag, "seed": .integer, "watch": .word]
        }
    }

    /// Why `value` does not fit `setting`, or nil when it does.
    public func problem(setting: String, value: String) -> String? {
        guard let kind = settings[setting] else {
            let known = settings.keys.sorted().joined(separator: ", ")
            return "unknown setting '\(setting)' for lab \(rawValue) (known: \(known))"
        }
        let v = value.trimmingSpaces
        let ok: Bool
        switch kind {
        case .number: ok = Double(v).map { $0.isFinite } ?? false
        case .integer: ok = Int(v) != nil
        case .integerOr(let word): ok = Int(v) != nil || v == word
        case .integerList: ok = !v.isEmpty && v.split(separator: ",").allSatisfy { Int($0.trimmingSpaces) != nil }
        case .numberList: ok = !v.isEmpty && v.split(separator: ",").allSatisfy { Double($0.trimmingSpaces) != nil }
        case .word: ok = !v.isEmpty
        case .flag: ok = ["true", "false", "yes", "no", "1", "0"].contains(v.lowercased())
        }
        return ok ? nil : "setting '\(setting)' of lab \(rawValue) wants \(kind.noun), got '\(value)'"
    }
}

extension Lab.SettingKind {
    var noun: String {
        switch self {
        case .number: return "a number"
        case .integer: return "a whole number"
        case .integerList: return "whole numbers separated by commas"
        case .numberList: return "numbers separated by commas"
        case .word: return "a word"
        case .flag: return "true or false"
        case .integerOr(let word): return "a whole number or '\(word)'"
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

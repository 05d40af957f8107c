import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A live lab's name, as lessons write it (`lab: mlp`). Which labs exist is told by a `LabCatalog`.
public struct Lab: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (a: Lab, b: Lab) -> Bool { a.rawValue < b.rawValue }
}

/// Everything a lab declares about its settings, once: the one source for `lessons check`, try blocks, the
/// settings editor, the command line and the job's config.
public struct LabSchema: Sendable {
    public let lab: Lab
    /// The lab's name on screen, by language.
    public let title: LocalizedText
    /// Every setting, in the order the settings bar shows them (hidden ones after the shown ones).
    public let settings: [SettingSpec]
    /// The numbers a `check:` quiz may test (besides `diverged`).
    public let metrics: [String]
    /// The metrics that only grow during a run (epochs, steps): "at most N" of one is known only once it ended.
    public let counts: Set<String>
    /// The setting `+` and `-` double and halve, applied live.
    public let learningRateKey: String
    /// A rule about the settings together that no one setting breaks (embd must divide by heads), given all
    /// the values: why they cannot go together, or nil.
    public let combined: (@Sendable ([String: String]) -> String?)?

    public init(lab: Lab, title: LocalizedText, settings: [SettingSpec], metrics: [String], counts: Set<String> = [],
                learningRateKey: String, combined: (@Sendable ([String: String]) -> String?)? = nil) {
        self.lab = lab
        self.title = title
        self.settings = settings
        self.metrics = metrics
        self.counts = counts
        self.learningRateKey = learningRateKey
        self.combined = combined
        assert(Set(settings.map(\.key)).count == settings.count, "\(lab): a setting is declared twice")
        assert(counts.isSubset(of: metrics), "\(lab): a count that is not a metric")
        assert(settings.contains { $0.key == learningRateKey && $0.live }, "\(lab): the learning rate must be live")
        assert(settings.allSatisfy { $0.problem($0.defaultValue) == nil }, "\(lab): a default breaks its own rule")
    }

    public func spec(_ key: String) -> SettingSpec? { settings.first { $0.key == key } }

    /// Why these values cannot go together (the `combined` rule), or nil.
    public func combinedProblem(_ values: [String: String]) -> String? { combined?(values) }

    /// The defaults with `settings` on top, normalised: what a try block asks the lab to run.
    public func values(with settings: [(key: String, value: String)]) -> [String: String] {
        var values = defaults
        for (k, v) in settings { values[k] = spec(k)?.normalised(v) ?? v }
        return values
    }

    /// The settings the bar shows and the editor visits, in order.
    public var shownKeys: [String] { settings.filter(\.shown).map(\.key) }

    public var defaults: [String: String] {
        Dictionary(uniqueKeysWithValues: settings.map { ($0.key, $0.defaultValue) })
    }

    /// A try block's problem with one setting, as `lessons check` reports it: "setting 'k' of lab L: why", or
    /// the unknown-setting sentence alone.
    public func tryBlockProblem(_ key: String, _ value: String) -> String? {
        guard spec(key) != nil else { return problem(key, value) }
        return problem(key, value).map { "setting '\(key)' of lab \(lab.rawValue): \($0)" }
    }

    /// Why `value` cannot be `key`'s value, in a few words, or nil when it can.
    public func problem(_ key: String, _ value: String) -> String? {
        guard let spec = spec(key) else {
            return "unknown setting '\(key)' for lab \(lab.rawValue) (known: \(settings.map(\.key).sorted().joined(separator: ", ")))"
        }
        return spec.problem(value)
    }
}

/// One setting of a lab.
public struct SettingSpec: Sendable {
    public let key: String
    public let kind: SettingKind
    public let defaultValue: String
    /// Applies to the running model at its next step; otherwise a change needs a new run.
    public let live: Bool
    /// In the settings bar and the editor (hidden ones are for try blocks and the command line).
    public let shown: Bool
    public let help: LocalizedText
    /// A rule beyond the kind's (say, a parameter budget), given the value that already passed the kind's.
    public let rule: (@Sendable (String) -> String?)?

    public init(_ key: String, _ kind: SettingKind, default defaultValue: String, live: Bool = false,
                shown: Bool = true, help: LocalizedText, rule: (@Sendable (String) -> String?)? = nil) {
        self.key = key
        self.kind = kind
        self.defaultValue = defaultValue
        self.live = live
        self.shown = shown
        self.help = help
        self.rule = rule
    }

    /// Why `value` does not fit, or nil when it does.
    public func problem(_ value: String) -> String? {
        let v = value.trimmingSpaces
        if let p = kind.problem(v) { return p }
        return rule?(kind.normalised(v))
    }

    /// The value as it is kept: trimmed, lists without spaces, numbers in their short form, flags as true/false.
    public func normalised(_ value: String) -> String { kind.normalised(value.trimmingSpaces) }
}

/// What kind of value a setting takes, with its range.
public enum SettingKind: Sendable {
    /// A finite number in `range`; `above` makes the lower end exclusive (a learning rate above 0).
    case number(ClosedRange<Double>, above: Bool = false, below: Bool = false)
    case integer(ClosedRange<Int>)
    /// A whole number in the range, or the one word meaning none/all (`train-size: all`, `patience: off`).
    case integerOr(String, ClosedRange<Int>)
    /// Whole numbers separated by commas: how many, and each one's range.
    case integerList(count: ClosedRange<Int>, each: ClosedRange<Int>, noun: String)
    /// Numbers separated by commas: exactly `count`, each within ±`magnitude`.
    case numberList(count: Int, magnitude: Double)
    case choice([String])
    /// true/false (yes/no and 1/0 are read as the same).
    case flag
    /// Words separated by commas or spaces, at most `max`.
    case words(max: Int)
    /// One of the names, or the path of a file that exists and is not empty (a corpus of the user's own).
    case choiceOrFile([String])
    /// Any text of 1…`max` characters (a prompt, in any language); ⏎ stands for a line break.
    case text(max: Int)

    func problem(_ v: String) -> String? {
        switch self {
        case .number(let r, let above, let below):
            guard let x = Double(v) else { return "wants a number, got \(v.quotedForMessage)" }
            if below {
                return x.isFinite && x >= r.lowerBound && x < r.upperBound ? nil
                    : "a number in [\(Self.short(r.lowerBound)), \(Self.short(r.upperBound)))"
            }
            if above, !(x.isFinite && x > r.lowerBound) { return "must be greater than \(Self.short(r.lowerBound))" }
            guard x.isFinite, x >= r.lowerBound else { return "must be \(Self.short(r.lowerBound))…\(Self.short(r.upperBound))" }
            if x > r.upperBound { return above ? "at most \(Self.short(r.upperBound))" : "must be \(Self.short(r.lowerBound))…\(Self.short(r.upperBound))" }
            return nil
        case .integer(let r):
            return Self.wholeNumber(v, in: r)
        case .integerOr(let word, let r):
            return v == word ? nil : Int(v) == nil ? "a whole number or '\(word)', got \(v.quotedForMessage)"
                : Self.wholeNumber(v, in: r)
        case .integerList(let count, let each, let noun):
            let parts = v.split(separator: ",", omittingEmptySubsequences: false).map { Int($0.trimmingSpaces) }
            guard !v.isEmpty, parts.allSatisfy({ $0 != nil }) else { return "whole numbers separated by commas, like 64,64" }
            if parts.count > count.upperBound { return "at most \(count.upperBound) \(noun)" }
            if parts.count < count.lowerBound { return "at least \(count.lowerBound) \(noun)" }
            if let bad = parts.first(where: { !each.contains($0!) }) { return "\(bad!) is not in \(each.lowerBound)…\(each.upperBound)" }
            return nil
        case .numberList(let count, let magnitude):
            let parts = v.split(separator: ",", omittingEmptySubsequences: false).map { Double($0.trimmingSpaces) }
            guard parts.count == count, parts.allSatisfy({ $0 != nil }) else {
                return "\(count == 2 ? "two" : String(count)) numbers, like \(Array(repeating: "0", count: count).joined(separator: ","))"
            }
            return parts.allSatisfy({ abs($0!) <= magnitude }) ? nil : "each within ±\(Self.power(magnitude))"
        case .choice(let options):
            return options.contains(v) ? nil : "one of \(options.joined(separator: ", "))"
        case .flag:
            return Self.flagValue(v) == nil ? "true or false, got \(v.quotedForMessage)" : nil
        case .words(let max):
            let words = Self.wordList(v)
            return words.isEmpty ? "at least one word" : words.count > max ? "at most \(max) words" : nil
        case .choiceOrFile(let options):
            if options.contains(v) { return nil }
            guard !v.isEmpty else { return "one of \(options.joined(separator: ", ")), or a file" }
            let path = (v as NSString).expandingTildeInPath
            var directory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &directory) else {
                return "no such file \(v.quotedForMessage) (or one of \(options.joined(separator: ", ")))"
            }
            if directory.boolValue { return "\(v.quotedForMessage) is a folder, not a text file" }
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            return size == 0 ? "\(v.quotedForMessage) is empty" : nil
        case .text(let max):
            return v.isEmpty ? "at least one character" : v.count > max ? "at most \(max) characters" : nil
        }
    }

    func normalised(_ v: String) -> String {
        switch self {
        case .number: return Double(v).map(Self.short) ?? v
        case .integerList, .numberList:
            return v.split(separator: ",").map { $0.trimmingSpaces }.joined(separator: ",")
        case .flag: return Self.flagValue(v).map { $0 ? "true" : "false" } ?? v
        case .words: return Self.wordList(v).joined(separator: ",")
        default: return v
        }
    }

    /// What the editor shows as the allowed values.
    public var summary: String {
        switch self {
        case .number(let r, let above, let below):
            let lo = Self.short(r.lowerBound), hi = Self.short(r.upperBound)
            return above ? "\(lo) < x ≤ \(hi)" : below ? "\(lo) ≤ x < \(hi)" : "\(lo)…\(hi)"
        case .integer(let r): return "\(r.lowerBound)…\(r.upperBound)"
        case .integerOr(let word, let r): return "\(r.lowerBound)…\(r.upperBound) or \(word)"
        case .integerList(let count, let each, let noun):
            return "\(count.lowerBound)–\(count.upperBound) \(noun) n,n,…, each \(each.lowerBound)…\(each.upperBound)"
        case .numberList(let count, _): return Array(repeating: "x", count: count).joined(separator: ",")
        case .choice(let options): return options.joined(separator: " | ")
        case .flag: return "true | false"
        case .words(let max): return "≤ \(max) words"
        case .choiceOrFile(let options): return options.joined(separator: " | ") + " | a file"
        case .text(let max): return "text, ≤ \(max) characters (⏎ is a line break)"
        }
    }

    static func wholeNumber(_ v: String, in range: ClosedRange<Int>) -> String? {
        guard let n = Int(v) else { return "not a whole number: \(v.quotedForMessage)" }
        return range.contains(n) ? nil : "must be \(range.lowerBound)…\(range.upperBound)"
    }

    static func flagValue(_ v: String) -> Bool? {
        switch v.lowercased() {
        case "true", "yes", "1", "on": return true
        case "false", "no", "0", "off": return false
        default: return nil
        }
    }

    static func wordList(_ v: String) -> [String] {
        v.split(whereSeparator: { " ,\t".contains($0) }).map(String.init)
    }

    /// 1e6 for a power of ten that large, else the short form.
    static func power(_ x: Double) -> String {
        let e = Int(log10(x).rounded())
        return e >= 5 && x == pow(10, Double(e)) ? "1e\(e)" : short(x)
    }

    /// A number written briefly and exactly enough: 0.001, 0.0005, 1.5, 2e-05.
    public static func short(_ x: Double) -> String {
        var s = "\(x)"
        if s.hasSuffix(".0") { s.removeLast(2) }
        return s
    }
}

/// A short text in each language the course ships.
public struct LocalizedText: Sendable, Equatable {
    public var zh: String
    public var en: String
    public init(zh: String, en: String) { self.zh = zh; self.en = en }
    public func callAsFunction(_ language: String) -> String { language == "zh" ? zh : en }
}

/// The labs a lesson may name: what the parser and `lessons check` validate against.
public struct LabCatalog: Sendable {
    public let schemas: [LabSchema]
    public init(_ schemas: [LabSchema]) { self.schemas = schemas }

    public var labs: [Lab] { schemas.map(\.lab) }
    public subscript(lab: Lab) -> LabSchema? { schemas.first { $0.lab == lab } }

    /// The lab named `name` (any case), or nil.
    public func lab(named name: String) -> Lab? { labs.first { $0.rawValue == name.lowercased() } }
    var known: String { labs.map(\.rawValue).joined(separator: ", ") }
}

extension String {
    /// The text in quotes, shortened when long, for an error message.
    public var quotedForMessage: String {
        let short = count > 20 ? String(prefix(20)) + "…" : self
        return "“\(short)”"
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs.
    public var trimmingSpaces: String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s.removeLast() }
        return String(s)
    }
}

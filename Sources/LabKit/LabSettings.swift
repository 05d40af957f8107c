import LessonKit

/// The settings of one lab as the student typed them, each checked by the lab's schema before it is kept.
///
/// Every value held here has passed the schema, so building a config from it cannot fail on a single field.
public struct LabSettings: Sendable, Equatable {
    public let lab: Lab
    public private(set) var values: [String: String]

    public init(lab: Lab) {
        self.lab = lab
        values = LabRegistry.schema(lab).defaults
    }

    public var schema: LabSchema { LabRegistry.schema(lab) }

    /// The fields the settings bar shows and the editor visits, in order.
    public var fields: [String] { schema.shownKeys }

    public subscript(key: String) -> String { values[key] ?? "" }

    /// Sets `key` to `value` when the schema accepts it; otherwise returns why not and changes nothing.
    /// A problem the settings have together (the schema's `combined` rule), checked with the change in place.
    public mutating func set(_ key: String, _ value: String) -> String? {
        var copy = self
        if let problem = copy.setAlone(key, value) { return problem }
        if let problem = schema.combinedProblem(copy.values) { return problem }
        self = copy
        return nil
    }

    private mutating func setAlone(_ key: String, _ value: String) -> String? {
        guard let spec = schema.spec(key) else { return schema.problem(key, value) }
        if let problem = spec.problem(value) { return problem }
        let v = spec.normalised(value)
        if let follow = LabRegistry.definition(lab).follow(key, from: values[key], to: v, in: values) {
            values = follow
        }
        values[key] = v
        return nil
    }

    /// Applies a ```try block's settings: all or nothing (the combined check once, at the end, so that the
    /// order of the block's lines does not matter). Returns the first problem, if any.
    public mutating func apply(_ settings: [(key: String, value: String)]) -> String? {
        var copy = self
        for (k, v) in settings {
            if let problem = copy.setAlone(k, v) { return "\(k): \(problem)" }
        }
        if let problem = schema.combinedProblem(copy.values) { return problem }
        self = copy
        return nil
    }

    /// The learning rate field of this lab (lr for the MLP, alpha for the others).
    public var learningRateKey: String { schema.learningRateKey }
    public var learningRate: Double { Double(self[learningRateKey]) ?? 0 }

    /// Whether `key` applies to the running model at its next step.
    public func isLive(_ key: String) -> Bool { schema.spec(key)?.live ?? false }

    /// The settings whose change needs a new model, when going from `self` to `other`.
    public func restartKeys(comparedTo other: LabSettings) -> [String] {
        schema.settings.map(\.key).filter { values[$0] != other.values[$0] && !isLive($0) }
    }

    /// The live settings that differ from `other`.
    public func liveChanges(comparedTo other: LabSettings) -> [(key: String, value: String)] {
        schema.settings.filter { $0.live && values[$0.key] != other.values[$0.key] }.map { ($0.key, self[$0.key]) }
    }

    public func int(_ key: String) -> Int? { Int(self[key]) }
    public func double(_ key: String) -> Double? { Double(self[key]) }
    public func list(_ key: String) -> [String] { self[key].split(separator: ",").map(String.init) }
}

extension LabSettings {
    /// Why `value` cannot be `key`'s value in `lab`, or nil when it can (the lab's schema decides).
    public static func problem(_ lab: Lab, _ key: String, _ value: String) -> String? {
        LabRegistry.schema(lab).problem(key, value)
    }
}

extension Lab {
    /// A try block's problem with one setting, as `lessons check` reports it.
    public func problem(setting: String, value: String) -> String? {
        LabRegistry.schema(self).tryBlockProblem(setting, value)
    }
}

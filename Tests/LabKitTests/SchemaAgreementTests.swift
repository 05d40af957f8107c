import LessonKit
import MLCore
import Testing
@testable import LabKit

/// `lessons check` and the labs read one schema: a try block passes the check exactly when the lab takes
/// its settings. Random values, drawn near each setting's edges and from junk, on every registered lab.
@Suite struct SchemaAgreementTests {
    /// Values worth trying for a setting: its default, numbers around its range's ends, words and junk.
    static func candidates(_ spec: SettingSpec) -> [String] {
        let junk = ["", " ", "abc", "yes", "no", "true", "false", "off", "all", "nan", "inf", "-inf",
                   "1e400", "0", "-1", "0.5", "1", "2", "1.0", "1,2", "1, 2", "1,,2", "64,64", "a,b", "2147483647",
                   "2147483648", "-0", "١", "５"]
        var out = [spec.defaultValue, spec.defaultValue]
        switch spec.kind {
        case .number(let r, _, _):
            for x in [r.lowerBound, r.upperBound] { out += ["\(x)", "\(x.nextUp)", "\(x.nextDown)", "\(x * 2)"] }
        case .integer(let r), .integerOr(_, let r):
            out += ["\(r.lowerBound)", "\(r.lowerBound - 1)", "\(r.upperBound)", "\(r.upperBound + 1)"]
        case .integerList(let count, let each, _):
            out += [Array(repeating: "\(each.upperBound)", count: count.upperBound).joined(separator: ","),
                    Array(repeating: "1", count: count.upperBound + 1).joined(separator: ","), "\(each.upperBound + 1)", "2000,2000"]
        case .numberList(let count, let magnitude):
            out += [Array(repeating: "\(magnitude)", count: count).joined(separator: ","), "\(magnitude * 2),0", "1,2,3"]
        case .choice(let options): out += options + options.map { $0.uppercased() } + options.map { " \($0) " }
        case .flag: out += ["1", "0", "YES", "maybe"]
        case .words(let max): out += [(0...max).map { "w\($0)" }.joined(separator: ","), "king queen", " , "]
        case .choiceOrFile(let options): out += options + options.map { $0.uppercased() } + ["/no/such/file.txt", "/tmp", "README.md"]
        case .text(let max): out += ["⏎", "《", "ROMEO:", String(repeating: "a", count: max), String(repeating: "b", count: max + 1)]
        }
        // Half the draws come from near the setting's own range, half from junk shared by every setting.
        let near = out
        while out.count < junk.count { out += near }
        return out + junk
    }

    @Test(arguments: LabRegistry.labs)
    func checkAcceptsExactlyWhatTheLabAccepts(lab: Lab) {
        let schema = LabRegistry.schema(lab)
        var rng = SplitMix64(seed: 0x5C4E_3A11 ^ UInt64(lab.rawValue.count))
        var accepted = 0, refused = 0
        for _ in 0..<300 {
            // One to three settings, each with a random candidate value (a key may repeat: the last one wins
            // in the lab, and the check must agree on every one of them).
            var block: [(key: String, value: String)] = []
            for _ in 0..<(1 + Int(rng.next() % 3)) {
                let spec = schema.settings[Int(rng.next() % UInt64(schema.settings.count))]
                let values = Self.candidates(spec)
                let value = values[Int(rng.next() % UInt64(values.count))]
                // A try line cannot carry a leading or trailing space, nor a line break: the parser trims it.
                guard !value.contains("\n") else { continue }
                block.append((spec.key, value))
            }
            if rng.next() % 10 == 0 { block.append(("no-such-setting", "1")) }
            let text = "---\nid: p\ntitle: P\norder: 1\n---\n```try\nlab: \(lab.rawValue)\n"
                + block.map { "\($0.key): \($0.value)" }.joined(separator: "\n") + "\n```\n"
            let lesson = LessonParser.parse(text, path: "p.md", labs: .standard)
            var settings = LabSettings(lab: lab)
            let trimmed = block.map { (key: $0.key, value: $0.value.trimmingSpaces) }
            let labTakesIt = settings.apply(trimmed) == nil
            #expect(lesson.diagnostics.isEmpty == labTakesIt,
                    "\(block): check says \(lesson.diagnostics.map(\.message)), the lab says \(labTakesIt)")
            if labTakesIt { accepted += 1 } else { refused += 1 }
        }
        // The draw reaches both sides, so the agreement is tested, not assumed.
        #expect(accepted > 20 && refused > 20, "accepted \(accepted), refused \(refused)")
    }

    /// The three try blocks that `lessons check` used to pass and the labs then refused.
    @Test(arguments: [("word2vec", "cbow: maybe"), ("mlp", "epochs: 5000"), ("mlp", "data: cifar")])
    func formerlyPassingBlocksAreReportedWithTheirLine(lab: String, line: String) {
        let text = "---\nid: p\ntitle: P\norder: 1\n---\n```try\nlab: \(lab)\n\(line)\n```\n"
        let lesson = LessonParser.parse(text, path: "en/p.md", labs: .standard)
        #expect(lesson.diagnostics.count == 1)
        #expect(lesson.diagnostics.first?.description.hasPrefix("en/p.md:8: setting '\(line.split(separator: ":")[0])' of lab \(lab)") == true,
                "\(lesson.diagnostics)")
    }
}

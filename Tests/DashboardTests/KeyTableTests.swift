import LabKit
import LessonKit
import TerminalUI
import Testing
@testable import Dashboard

/// The one key table: what dispatch reads is what help lists, in both languages.
@Suite struct KeyTableTests {
    @Test func everyDispatchedKeyHasAHelpRow() {
        let rows = KeyTable.bindings
        for (i, b) in rows.enumerated() where b.command != nil {
            // A row without a label continues the labelled row above it, in the same scope.
            let labelled = rows[...i].last { !$0.label.en.isEmpty }
            #expect(labelled != nil && (labelled!.scope == b.scope || b.label.en.isEmpty == false),
                    "\(b.keys) has no help row")
            #expect(!b.keys.isEmpty, "a command row needs a key")
        }
    }

    @Test func noKeyMeansTwoThingsInOneScope() {
        var seen: [String: Command] = [:]
        for b in KeyTable.bindings where b.command != nil {
            for key in b.keys {
                let id = "\(b.scope) \(key)"
                if let other = seen[id] { Issue.record("\(key) is bound to \(other) and \(b.command!) in \(b.scope)") }
                seen[id] = b.command
            }
        }
    }

    @Test(arguments: ["en", "zh"])
    func helpListsEveryLabelledRowInItsLanguage(language: String) {
        let rows = KeyTable.helpRows(language)
        let labelled = KeyTable.bindings.filter { !$0.label(language).isEmpty }
        #expect(rows.count == labelled.count)
        for (row, b) in zip(rows, labelled) {
            #expect(row.keys == b.label(language))
            #expect(!row.what.isEmpty, "\(row.keys) has no description in \(language)")
        }
        // The keys the last review found missing from help.
        #expect(rows.contains { $0.keys == "v" })
        #expect(rows.contains { $0.keys == "Enter" && $0.what.contains(language == "zh" ? "小测验" : "quiz") })
    }

    @Test func labKeysComeFromTheLabsAndOnlyWorkInTheirLab() {
        #expect(KeyTable.command(for: .char("v"), shown: .mlp) == .labKey(.mlp, "explain"))
        #expect(KeyTable.command(for: .char("w"), shown: .word2vec) == .labKey(.word2vec, "watch"))
        #expect(KeyTable.command(for: .char("v"), shown: .gd) == nil)
        #expect(KeyTable.command(for: .char("w"), shown: .mlp) == nil)
        // Space pages the lesson with no lab shown, and pauses with one.
        #expect(KeyTable.command(for: .char(" "), shown: nil) == .pageDown)
        #expect(KeyTable.command(for: .char(" "), shown: .gd) == .pauseOrResume)
        // Each registered lab has its number key.
        for (k, lab) in LabRegistry.labs.enumerated() {
            #expect(KeyTable.command(for: .char(Character(String(k + 1))), shown: nil) == .showLab(lab))
        }
    }
}

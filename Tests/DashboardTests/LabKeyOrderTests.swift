import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Who gets a key first when a lab is shown: search, help, the editor, a restart question.

extension LabReducerTests {
    @Suite struct LabKeyOrderTests: LabReducerTesting {
        @Test func searchAndHelpComeBeforeLabKeys() {
            var s = labState()
            _ = s.press(.char("1"), .char("/"), .char("s"))
            #expect(s.searchTyped == "s")
            _ = s.press(.escape, .char("?"), .char("s"))
            #expect(s.showHelp)
            #expect(!s.labs[.mlp].active)
        }

        @Test func editorComesBeforeQuitAndHelp() {
            var s = labState()
            _ = s.press(.char("1"), .char("e"))
            #expect(s.press(.char("q"), .char("?")).isEmpty)
            #expect(!s.showHelp)
            #expect(s.editor?.text == "q?")
        }

        @Test func pendingRestartTakesEnterBeforeATryBlock() {
            var s = labState("descent")
            _ = s.press(.char("s"), .char("e"), .tab)
            _ = s.typeText("10")
            _ = s.press(.enter)
            #expect(s.visibleTryBlock != nil)
            let effects = s.press(.enter)
            // Enter answers yes: the edited run starts, not the try block's.
            #expect(started(effects)?["iterations"] == "10")
            #expect(started(effects)?["alpha"] == "0.01")
        }
    }
}

import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Enter on a lesson's try block: its settings loaded, checked, shown and started.

extension LabReducerTests {
    @Suite struct LabTryBlockTests: LabReducerTesting {
        @Test func enterOnAVisibleTryBlockLoadsShowsAndStarts() {
            var s = labState("reading")
            _ = s.press(.char("G"))
            #expect(s.visibleTryBlock?.lab == .gd)
            var expected = LabSettings(lab: .gd)
            #expect(expected.set("alpha", "0.2") == nil)
            #expect(s.press(.enter) == [.run(.gd, .start(expected, paused: false, speed: 20)), .saveProgress])
            #expect(s.labs.shown == .gd)
            #expect(s.labs[.gd].settings == expected)
        }

        @Test func tryBlockInALabLessonRestartsARunningLab() {
            var s = labState("descent")
            _ = s.press(.char("s"))
            let effects = s.press(.enter)
            #expect(effects.first == .run(.gd, .stop))
            #expect(started(effects)?["alpha"] == "0.2")
            #expect(started(effects)?["iterations"] == "50")
        }

        @Test func invalidTryBlockChangesNothing() {
            var s = labState("badtry")
            #expect(s.visibleTryBlock != nil)
            #expect(s.press(.enter).isEmpty)
            #expect(s.message == "alpha: at most 100")
            // All or nothing: the valid iterations before the bad alpha were not kept either.
            #expect(s.labs[.gd].settings == LabSettings(lab: .gd))
            #expect(!s.labs[.gd].active)
        }

        @Test func enterWithNoTryBlockVisibleScrolls() {
            var s = labState("reading")
            #expect(s.visibleTryBlock == nil)
            #expect(s.press(.enter).isEmpty)
            #expect(s.scroll == 1)
            #expect(!s.labs[.gd].active)
        }
    }
}

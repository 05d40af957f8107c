import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// What a lab does with the snapshots its run sends: newer ones only, and what they say about the run.

extension LabReducerTests {
    @Suite struct LabSnapshotTests: LabReducerTesting {
        @Test func olderOrEqualSnapshotVersionsAreIgnored() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"))
            let newer = snapshot(.mlp, steps: 9)
            _ = s.reduce(.snapshotArrived(.mlp, version: 5, newer))
            _ = s.reduce(.snapshotArrived(.mlp, version: 5, snapshot(.mlp, steps: 2)))
            _ = s.reduce(.snapshotArrived(.mlp, version: 4, snapshot(.mlp, steps: 1)))
            #expect(s.labs[.mlp].version == 5)
            #expect(s.labs[.mlp].snapshot?.curve == newer.curve)
        }

        @Test func snapshotForALabNeverStartedIsIgnored() {
            var s = labState()
            _ = s.reduce(.snapshotArrived(.gd, version: 0, LabFixtures.gdConverging))
            #expect(s.labs[.gd].snapshot == nil)
            #expect(s.labs[.gd].version == -1)
        }

        @Test func finishedRunClearsPaused() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"), .char(" "))
            #expect(s.labs[.mlp].paused)
            s.deliver(snapshot(.mlp, steps: 4, phase: .finished))
            #expect(!s.labs[.mlp].paused)
            #expect(!s.labs[.mlp].isRunning)
        }

        @Test func runEndingInAHiddenLabSaysSo() {
            var s = labState()
            _ = s.press(.char("1"), .char("s"), .char("2"))
            s.deliver(snapshot(.mlp, steps: 4, phase: .finished))
            #expect(s.message == "MLP digits: finished")
        }
    }
}

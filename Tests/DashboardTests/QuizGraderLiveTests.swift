import LabKit
import LessonKit
import Testing
import TerminalUI
@testable import Dashboard

// Grading a live check against a lab's run: each lab's metrics, comparisons, and what is not measured yet.

extension CourseTests {
    @Suite struct QuizGraderLiveTests {
        func view(_ snapshot: LabSnapshot?, _ lab: Lab) -> LabRun {
            var v = LabRun(lab: lab)
            v.snapshot = snapshot
            return v
        }

        func grade(_ check: String, _ snapshot: LabSnapshot?) throws -> Result<QuizGrader.Verdict, GradeProblem> {
            let c = try LiveCheck(parsing: check, labs: .standard)
            return QuizGrader.grade(c, run: view(snapshot, c.lab))
        }

        /// Whether `check` passes on `snapshot` (nil when it cannot be graded).
        func passes(_ check: String, _ snapshot: LabSnapshot?) throws -> Bool? {
            try? grade(check, snapshot).get().correct
        }

        @Test func noRunYet() throws {
            for check in ["mlp val-accuracy >= 0.9", "gd diverged", "word2vec loss < 3", "gd iterations >= 1"] {
                let lab = try LiveCheck(parsing: check, labs: .standard).lab
                #expect(try grade(check, nil) == .failure(.noRun(lab)))
            }
        }

        @Test func mlpMetricsAndComparisons() throws {
            let s = CourseSnapshots.mlp()
            #expect(try grade("mlp val-accuracy >= 0.9", s) == .success(.init(correct: true, given: "val-accuracy 0.9100")))
            #expect(try passes("mlp val-accuracy >= 0.91", s) == true)
            #expect(try passes("mlp val-accuracy > 0.91", s) == false)
            #expect(try passes("mlp val-accuracy >= 0.95", s) == false)
            #expect(try passes("mlp test-accuracy > 0.92", s) == true)
            #expect(try passes("mlp test-accuracy < 0.93", s) == false)
            #expect(try passes("mlp test-accuracy <= 0.93", s) == true)
            // Epochs done: one validation accuracy per epoch. An upper bound is only judged once the run ended,
            // or "epochs < 60" would pass the moment a run starts.
            #expect(try grade("mlp epochs >= 2", s) == .success(.init(correct: true, given: "epochs 2")))
            #expect(try grade("mlp epochs < 3", s) == .failure(.notMeasuredYet("epochs")))
            var ended = s
            ended.phase = .finished
            #expect(try grade("mlp epochs >= 2", ended) == .success(.init(correct: true, given: "epochs 2")))
            #expect(try passes("mlp epochs >= 3", ended) == false)
            #expect(try passes("mlp epochs < 3", ended) == true)
            #expect(try grade("mlp loss <= 0.5", s) == .success(.init(correct: true, given: "loss 0.4000")))
            #expect(try passes("mlp loss < 0.4", s) == false)
            #expect(try passes("mlp loss > 0.3", s) == true)
        }

        @Test func languageModelMetrics() throws {
            let s = CourseSnapshots.lm()
            // The spelling, val_loss, reads as the lab's val-loss: the last validation point.
            #expect(try grade("lm val_loss < 2.2", s) == .success(.init(correct: true, given: "val-loss 2.0500")))
            #expect(try passes("lm val-loss < 2.0", s) == false)
            #expect(try grade("lm step >= 1000", s) == .success(.init(correct: true, given: "step 1200")))
            #expect(try passes("lm step >= 1500", s) == false)
            #expect(try grade("lm step < 1500", s) == .failure(.notMeasuredYet("step")))
            #expect(try passes("lm step < 1500", CourseSnapshots.lm(phase: .stopped)) == true)
            #expect(try passes("lm loss <= 1.9", s) == true)
            var fresh = s
            fresh.curve.validation = []
            #expect(try grade("lm val_loss < 2.2", fresh) == .failure(.notMeasuredYet("val-loss")))
        }

        @Test func mlpNotMeasuredYet() throws {
            let fresh = CourseSnapshots.mlp(validation: [], test: [], losses: [])
            #expect(try grade("mlp val-accuracy >= 0.9", fresh) == .failure(.notMeasuredYet("val-accuracy")))
            #expect(try grade("mlp test-accuracy >= 0.9", fresh) == .failure(.notMeasuredYet("test-accuracy")))
            #expect(try grade("mlp loss < 1", fresh) == .failure(.notMeasuredYet("loss")))
            // No epoch finished is a measurement (zero) for a lower bound, but not yet for an upper one.
            #expect(try grade("mlp epochs >= 1", fresh) == .success(.init(correct: false, given: "epochs 0")))
            #expect(try grade("mlp epochs < 60", fresh) == .failure(.notMeasuredYet("epochs")))
            // Validation measured, test not yet.
            let half = CourseSnapshots.mlp(validation: [0.9], test: [])
            #expect(try passes("mlp val-accuracy >= 0.9", half) == true)
            #expect(try grade("mlp test-accuracy >= 0.9", half) == .failure(.notMeasuredYet("test-accuracy")))
        }

        @Test func diverged() throws {
            #expect(try grade("mlp diverged", CourseSnapshots.mlp()) == .success(.init(correct: false, given: "not diverged")))
            let blown = CourseSnapshots.mlp(losses: [2, .nan], phase: .diverged("the loss became NaN"))
            #expect(try grade("mlp diverged", blown) == .success(.init(correct: true, given: "diverged")))
            // A diverged run's loss passes no bound.
            #expect(try passes("mlp loss < 100", blown) == false)
            #expect(try passes("mlp loss > 0", blown) == false)
            let gdBlown = CourseSnapshots.gd(losses: [1, 10, 1e5, .infinity], alpha: 0.7, phase: .diverged("J grew without bound"))
            #expect(try passes("gd diverged", gdBlown) == true)
            #expect(try passes("gd loss >= 0", gdBlown) == false)
            #expect(try passes("gd diverged", CourseSnapshots.gd()) == false)
            #expect(try passes("word2vec diverged", CourseSnapshots.word2vec(epoch: 2, phase: .stopped)) == false)
        }

        @Test func gdMetricsAndComparisons() throws {
            let s = CourseSnapshots.gd()
            #expect(try grade("gd loss < 0.2", s) == .success(.init(correct: true, given: "loss 0.1000")))
            #expect(try passes("gd loss < 0.1", s) == false)
            #expect(try passes("gd loss <= 0.1", s) == true)
            #expect(try grade("gd iterations >= 3", s) == .success(.init(correct: true, given: "iterations 3")))
            #expect(try passes("gd iterations > 3", s) == false)
            #expect(try grade("gd alpha <= 0.1", s) == .success(.init(correct: true, given: "alpha 0.0500")))
            #expect(try passes("gd alpha > 0.05", s) == false)
            #expect(try passes("gd alpha >= 0.05", s) == true)
            // Before any loss: not measured; iterations and alpha are known from the start.
            let start = CourseSnapshots.gd(losses: [], phase: .running)
            #expect(try grade("gd loss < 1", start) == .failure(.notMeasuredYet("loss")))
            #expect(try grade("gd iterations >= 1", start) == .success(.init(correct: false, given: "iterations 0")))
            #expect(try passes("gd alpha < 0.1", start) == true)
        }

        @Test func word2vecEpochsCountFinishedOnes() throws {
            #expect(try grade("word2vec epochs >= 1", CourseSnapshots.word2vec(epoch: 2, phase: .running))
                    == .success(.init(correct: true, given: "epochs 1")))
            #expect(try passes("word2vec epochs >= 2", CourseSnapshots.word2vec(epoch: 2, phase: .running)) == false)
            #expect(try passes("word2vec epochs >= 3", CourseSnapshots.word2vec(epoch: 3, phase: .finished)) == true)
            #expect(try grade("word2vec loss < 2.5", CourseSnapshots.word2vec(epoch: 1, phase: .running))
                    == .success(.init(correct: true, given: "loss 2.2000")))
        }
    }
}

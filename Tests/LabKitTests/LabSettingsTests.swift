import TerminalUI
import LessonKit
import MLCore
import Testing
@testable import LabKit

@Suite struct LabSettingsTests {
    // MARK: - Validation

    @Test(arguments: LabRegistry.labs)
    func everyDefaultIsValid(lab: Lab) {
        let settings = LabSettings(lab: lab)
        for (key, value) in settings.values {
            #expect(LabSettings.problem(lab, key, value) == nil, "\(lab) \(key) = \(value)")
        }
        for key in settings.fields { #expect(!settings[key].isEmpty, "\(lab) \(key)") }
    }

    @Test(arguments: [
        (Lab.mlp, "lr", "0.5"), (.mlp, "lr", "100"), (.mlp, "lr", "1e-6"), (.mlp, "epochs", "1"), (.mlp, "epochs", "1000"),
        (.mlp, "batch-size", "1"), (.mlp, "batch-size", "8192"), (.mlp, "hidden", "1"), (.mlp, "hidden", "4096"),
        (.mlp, "hidden", "8,8,8,8,8,8,8,8"), (.mlp, "hidden", "1500,1500"), (.mlp, "data", "mnist"),
        (.mlp, "train-size", "all"), (.mlp, "train-size", "60000"), (.mlp, "seed", "0"), (.mlp, "seed", "2147483647"),
        (.mlp, "optimizer", "sgd"),
        (.gd, "alpha", "0.3"), (.gd, "iterations", "100000"), (.gd, "every", "5"), (.gd, "theta0", "-1.5,2"),
        (.gd, "theta0", "1e6,-1e6"),
        (.word2vec, "alpha", "0.05"), (.word2vec, "epochs", "100"), (.word2vec, "dim", "2"), (.word2vec, "dim", "1000"),
        (.word2vec, "window", "20"), (.word2vec, "negative", "50"), (.word2vec, "min-count", "1"),
        (.word2vec, "sample", "0"), (.word2vec, "sample", "0.5"), (.word2vec, "corpus", "pdmix"),
        (.word2vec, "cbow", "true"), (.word2vec, "cbow", "yes"), (.word2vec, "watch", "a,b,c,d,e,f,g,h"), (.word2vec, "seed", "42"),
    ])
    func goodValuesAreAccepted(lab: Lab, key: String, value: String) {
        #expect(LabSettings.problem(lab, key, value) == nil)
        var s = LabSettings(lab: lab)
        #expect(s.set(key, value) == nil)
    }

    @Test(arguments: [
        (Lab.mlp, "lr", "abc", "wants a number"), (.mlp, "lr", "0", "greater than 0"), (.mlp, "lr", "-0.1", "greater than 0"),
        (.mlp, "lr", "nan", "greater than 0"), (.mlp, "lr", "inf", "greater than 0"), (.mlp, "lr", "100.5", "at most 100"),
        (.mlp, "epochs", "0", "1…1000"), (.mlp, "epochs", "1001", "1…1000"), (.mlp, "epochs", "2.5", "whole number"),
        (.mlp, "batch-size", "8193", "1…8192"), (.mlp, "hidden", "", "whole numbers"), (.mlp, "hidden", "64,,64", "whole numbers"),
        (.mlp, "hidden", "0", "0 is not in 1…4096"), (.mlp, "hidden", "4097", "4097 is not in"),
        (.mlp, "hidden", "1,1,1,1,1,1,1,1,1", "at most 8 layers"), (.mlp, "hidden", "1e9", "whole numbers"),
        (.mlp, "data", "cifar", "one of digits, mnist"), (.mlp, "train-size", "0", "1…60000"),
        (.mlp, "train-size", "some", "whole number"), (.mlp, "seed", "-1", "0…2147483647"), (.mlp, "optimizer", "rmsprop", "one of adam, sgd"),
        (.gd, "alpha", "101", "at most 100"), (.gd, "iterations", "0", "1…100000"), (.gd, "every", "0", "1…100000"),
        (.gd, "theta0", "1", "two numbers"), (.gd, "theta0", "1,2,3", "two numbers"), (.gd, "theta0", "a,b", "two numbers"),
        (.gd, "theta0", "2e6,0", "±1e6"), (.gd, "theta0", "nan,0", "±1e6"),
        (.word2vec, "epochs", "101", "1…100"), (.word2vec, "dim", "1", "2…1000"), (.word2vec, "window", "21", "1…20"),
        (.word2vec, "negative", "0", "1…50"), (.word2vec, "min-count", "0", "1…1000"), (.word2vec, "sample", "1", "[0, 1)"),
        (.word2vec, "sample", "-0.1", "[0, 1)"), (.word2vec, "corpus", "wiki", "austen, pdmix"), (.word2vec, "cbow", "maybe", "true or false"),
        (.word2vec, "watch", "", "at least one word"), (.word2vec, "watch", " , ,", "at least one word"),
        (.word2vec, "watch", "a,b,c,d,e,f,g,h,i", "at most 8 words"),
        (.gd, "lr", "0.1", "unknown setting 'lr'"), (.mlp, "alpha", "0.1", "unknown setting 'alpha'"),
    ])
    func badValuesAreRefusedWithAReason(lab: Lab, key: String, value: String, reason: String) {
        let problem = LabSettings.problem(lab, key, value)
        #expect(problem?.contains(reason) == true, "\(problem ?? "accepted")")
        var s = LabSettings(lab: lab)
        #expect(s.set(key, value) != nil)
        #expect(s == LabSettings(lab: lab), "a refused value changes nothing")
    }

    @Test func memoryGuardRefusesModelsOverTheParameterBudget() {
        // 784·2000 + 2000 + 2000·2000 + 2000 + 2000·10 + 10 = 5,592,010 parameters.
        let problem = LabSettings.problem(.mlp, "hidden", "2000,2000")
        #expect(problem == "5592010 parameters is too many for this lab (at most \(MLPLab.maxParameters))")
    }

    @Test func memoryGuardCountsEveryLayer() {
        // One layer of 4096 is 3,256,330 parameters; a second small layer stays inside the budget, a big one does not.
        #expect(LabSettings.problem(.mlp, "hidden", "4096") == nil)
        #expect(LabSettings.problem(.mlp, "hidden", "4096,16") == nil)
        #expect(LabSettings.problem(.mlp, "hidden", "4096,512")?.contains("too many") == true)
    }

    @Test func valuesAreTrimmedAndNormalised() {
        var s = LabSettings(lab: .mlp)
        #expect(s.set("hidden", " 128 , 32 ") == nil)
        #expect(s["hidden"] == "128,32")
        #expect(s.set("lr", "1e-3") == nil)
        #expect(s["lr"] == "0.001")
        #expect(s.set("lr", "2.0") == nil)
        #expect(s["lr"] == "2")
        var w = LabSettings(lab: .word2vec)
        #expect(w.set("watch", "king, queen ,,love") == nil)
        #expect(w.watchWords == ["king", "queen", "love"])
    }

    @Test func formatWritesRatesBrieflyAndExactly() {
        #expect(NumberFormat.short(0.001) == "0.001")
        #expect(NumberFormat.short(0.0005) == "0.0005")
        #expect(NumberFormat.short(1.5) == "1.5")
        #expect(NumberFormat.short(4) == "4")
        #expect(Double(NumberFormat.short(2e-05)) == 2e-05)
    }

    // MARK: - Try blocks

    @Test func applyTakesEveryValue() {
        var s = LabSettings(lab: .gd)
        #expect(s.apply([(key: "alpha", value: "0.2"), (key: "iterations", value: "50"), (key: "theta0", value: "1, 2")]) == nil)
        #expect(s["alpha"] == "0.2")
        #expect(s["iterations"] == "50")
        #expect(s.gdTheta0 == [1, 2])
    }

    @Test func applyIsAllOrNothing() {
        var s = LabSettings(lab: .gd)
        let problem = s.apply([(key: "iterations", value: "50"), (key: "alpha", value: "500"), (key: "theta0", value: "1,1")])
        #expect(problem == "alpha: at most 100")
        #expect(s == LabSettings(lab: .gd))
    }

    @Test func applyOfAnUnknownKeyNamesIt() {
        var s = LabSettings(lab: .word2vec)
        #expect(s.apply([(key: "hidden", value: "3")])?.hasPrefix("hidden: unknown setting") == true)
    }

    // MARK: - Configs

    @Test func mlpConfigCarriesTheSettings() {
        var s = LabSettings(lab: .mlp)
        let problem = s.apply([(key: "lr", value: "0.01"), (key: "epochs", value: "3"), (key: "batch-size", value: "16"),
                               (key: "hidden", value: "128,32"), (key: "seed", value: "7"), (key: "train-size", value: "1000"),
                               (key: "optimizer", value: "sgd")])
        #expect(problem == nil)
        let c = s.mlpConfig
        #expect(c.learningRate == 0.01)
        #expect(c.epochs == 3)
        #expect(c.batchSize == 16)
        #expect(c.hidden == [128, 32])
        #expect(c.seed == 7)
        #expect(c.trainSize == 1000)
        #expect(c.optimizer == .sgd(momentum: 0.9))
        #expect(c.problem() == nil)
    }

    @Test func mlpConfigDefaultsToAdamOnAllTheData() {
        let c = LabSettings(lab: .mlp).mlpConfig
        #expect(c.trainSize == nil)
        #expect(c.hidden == [64, 64])
        #expect(c.optimizer == .adam)
    }

    @Test func word2vecConfigCarriesTheSettings() {
        var s = LabSettings(lab: .word2vec)
        let problem = s.apply([(key: "alpha", value: "0.05"), (key: "epochs", value: "2"), (key: "dim", value: "20"),
                               (key: "window", value: "3"), (key: "negative", value: "7"), (key: "min-count", value: "2"),
                               (key: "sample", value: "0"), (key: "cbow", value: "true"), (key: "seed", value: "9")])
        #expect(problem == nil)
        let c = s.word2vecConfig
        #expect(c.alpha == 0.05)
        #expect(c.epochs == 2)
        #expect(c.dimension == 20)
        #expect(c.window == 3)
        #expect(c.negative == 7)
        #expect(c.minCount == 2)
        #expect(c.sample == 0)
        #expect(c.cbow)
        #expect(c.seed == 9)
        #expect(c.threads == 1)
    }

    @Test func gdValuesCarryTheSettings() {
        var s = LabSettings(lab: .gd)
        #expect(s.gdAlpha == 0.01)
        #expect(s.gdIterations == 300)
        #expect(s.gdTheta0 == [0, 0])
        _ = s.apply([(key: "alpha", value: "0.3"), (key: "iterations", value: "25"), (key: "theta0", value: "-2,4.5")])
        #expect(s.gdAlpha == 0.3)
        #expect(s.gdIterations == 25)
        #expect(s.gdTheta0 == [-2, 4.5])
    }

    // MARK: - What needs a new model

    @Test func learningRateChangesAreLive() {
        for lab in LabRegistry.labs {
            var s = LabSettings(lab: lab)
            #expect(s.set(s.learningRateKey, "0.5") == nil)
            #expect(s.restartKeys(comparedTo: LabSettings(lab: lab)) == [], "\(lab)")
            #expect(s.isLive(s.learningRateKey))
        }
        #expect(LabSettings(lab: .word2vec).isLive("watch"))
        #expect(!LabSettings(lab: .mlp).isLive("hidden"))
    }

    @Test(arguments: [
        (Lab.mlp, ["lr": "0.5", "hidden": "32", "epochs": "2"], ["epochs", "hidden"]),
        (.mlp, ["batch-size": "8", "data": "digits", "train-size": "100", "seed": "3"], ["batch-size", "data", "train-size", "seed"]),
        (.gd, ["iterations": "10", "theta0": "1,1", "alpha": "0.1"], ["iterations", "theta0"]),
        (.word2vec, ["dim": "10", "window": "2", "alpha": "0.1"], ["dim", "window"]),
        (.word2vec, ["negative": "2", "min-count": "2", "corpus": "pdmix", "seed": "5", "epochs": "1"],
         ["epochs", "negative", "min-count", "corpus", "seed"]),
    ])
    func modelChangesNeedARestartInFieldOrder(lab: Lab, changes: [String: String], restart: [String]) {
        var s = LabSettings(lab: lab)
        for (k, v) in changes { #expect(s.set(k, v) == nil, "\(k)") }
        #expect(s.restartKeys(comparedTo: LabSettings(lab: lab)) == restart)
    }

    @Test func fieldsAreTheBarsOrder() {
        #expect(LabSettings(lab: .mlp).fields == ["lr", "epochs", "batch-size", "hidden", "data", "train-size", "weight-decay", "patience", "seed"])
        #expect(LabSettings(lab: .gd).fields == ["alpha", "iterations", "theta0", "momentum"])
        #expect(LabSettings(lab: .word2vec).fields.first == "alpha")
    }
}

// MARK: - The loss curve and progress the snapshots carry

extension LabSettingsTests {
    @Suite struct LossCurveTests {
        func curve(_ values: [Double], capacity: Int) -> LossCurve {
            var c = LossCurve(capacity: capacity)
            for v in values { c.append(v) }
            return c
        }

        @Test func fillingUpAveragesPairsAndDoublesTheStride() {
            let c = curve([1, 2, 3, 4], capacity: 4)
            #expect(c.values == [1.5, 3.5])
            #expect(c.stride == 2)
            #expect(c.steps == 4)
            #expect(c.points.map(\.x) == [0, 2])
        }

        @Test func aPartialBucketCountsItsStepsButIsNotShown() {
            var c = curve([1, 2, 3, 4], capacity: 4)
            c.append(5)
            #expect(c.steps == 5)
            #expect(c.values == [1.5, 3.5])
            c.append(6)
            #expect(c.values == [1.5, 3.5, 5.5])
            c.append(7)
            c.append(8)
            #expect(c.values == [2.5, 6.5])
            #expect(c.stride == 4)
            #expect(c.points.map(\.x) == [0, 4])
        }

        @Test func stepsAreCountedExactlyOverManyHalvings() {
            let values = (0..<1003).map { Double($0 % 17) }
            let c = curve(values, capacity: 8)
            #expect(c.steps == 1003)
            // 512 steps leave 4 buckets of 128; three more fill by step 896; 107 steps wait in the next one.
            #expect(c.stride == 128)
            #expect(c.values.count == 7)
            // Every bucket is the mean of the steps it covers.
            let covered = c.values.count * c.stride
            let mean = values.prefix(covered).reduce(0, +) / Double(covered)
            #expect(abs(c.values.reduce(0, +) / Double(c.values.count) - mean) < 1e-9)
            #expect(abs(c.values[0] - values.prefix(128).reduce(0, +) / 128) < 1e-9)
        }

        @Test func valuesInitKeepsAnEvenCapacity() {
            let c = LossCurve(values: Array(repeating: 1, count: 3001))
            #expect(c.capacity % 2 == 0 && c.capacity > 3001)
            #expect(c.steps == 3001)
        }

        @Test func smoothingZeroReturnsTheRawPoints() {
            let c = curve([3, 1, 4, 1, 5], capacity: 16)
            let smooth = c.smoothed(0)
            #expect(smooth.map(\.x) == c.points.map(\.x))
            #expect(smooth.map(\.y) == [3, 1, 4, 1, 5])
        }

        @Test func debiasedAverageOfAConstantIsThatConstant() {
            let c = curve(Array(repeating: 2.5, count: 40), capacity: 64)
            for s in [0.5, 0.9, 0.99] {
                #expect(c.smoothed(s).allSatisfy { abs($0.y - 2.5) < 1e-12 }, "smoothing \(s)")
            }
        }

        @Test func smoothingFollowsTheEMA() {
            let c = curve([1, 3], capacity: 16)
            let y = c.smoothed(0.5).map(\.y)
            // ema = 0.5, 0.5·0.5 + 0.5·3 = 1.75; weights 0.5, 0.75.
            #expect(y == [1, 1.75 / 0.75])
        }

        @Test func notANumberStaysAGapAndDoesNotPoisonTheRest() {
            let c = curve([2, .nan, 2, 2], capacity: 16)
            let y = c.smoothed(0.8).map(\.y)
            #expect(y[1].isNaN)
            #expect(abs(y[0] - 2) < 1e-12 && abs(y[2] - 2) < 1e-12 && abs(y[3] - 2) < 1e-12)
        }
    }

    @Suite struct RunProgressTests {
        func progress(step: Int, total: Int, elapsed: Double) -> RunProgress {
            var p = RunProgress()
            p.step = step
            p.totalSteps = total
            p.elapsed = elapsed
            return p
        }

        @Test func etaIsThePaceSoFarTimesTheStepsLeft() {
            let p = progress(step: 90, total: 150, elapsed: 30)
            #expect(p.fraction == 0.6)
            #expect(abs((p.eta ?? 0) - 20) < 1e-9)
        }

        @Test func etaIsUnknownBeforeTheFirstStepAndZeroAtTheEnd() {
            #expect(progress(step: 0, total: 150, elapsed: 0).eta == nil)
            #expect(progress(step: 150, total: 150, elapsed: 30).eta == 0)
            #expect(progress(step: 160, total: 150, elapsed: 30).fraction == 1)
            #expect(progress(step: 3, total: 0, elapsed: 1).fraction == 0)
        }
    }
}

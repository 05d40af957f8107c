import Foundation
import Testing
@testable import MLCore

/// Chapter 5's measurements: shifted and attacked test images, membership inference, saliency on blank pixels,
/// and the gradient check.
@Suite struct RobustnessAndProbeTests {
    /// `rows` random images of 3×4 pixels in [0, 1], some pixels blank, labels from the batch's own generator.
    static func images(_ batch: RandomBatch, rows: Int) -> Dataset {
        let x = batch.inputs.prefix(rows * 12).map { $0 < 0.3 ? 0 : $0 }
        return Dataset(features: 12, classes: batch.layout.classes, inputs: Array(x), labels: Array(batch.labels.prefix(rows)),
                       imageRows: 3, imageCols: 4)
    }

    @Test func aShiftMovesEveryRowAndBlanksWhatItLeaves() {
        let d = Dataset(features: 6, classes: 2, inputs: [1, 2, 3, 4, 5, 6], labels: [0], imageRows: 2, imageCols: 3)
        #expect(d.shiftedRight(by: 1).inputs == [0, 1, 2, 0, 4, 5])
        #expect(d.shiftedRight(by: -1).inputs == [2, 3, 0, 5, 6, 0])
        #expect(d.shiftedRight(by: 3).inputs == [0, 0, 0, 0, 0, 0])
        #expect(d.shiftedRight(by: 0).inputs == d.inputs)
    }

    @Test func attacksMoveEveryPixelByEpsilonWithinZeroToOne() {
        let batch = RandomBatch(sizes: [12, 10, 4], rows: 40, seed: 3, inputRange: 0...1)
        let test = Self.images(batch, rows: 40)
        for attack in [TestConditions.Attack.random, .fgsm] {
            let moved = TestConditions(attack: attack, epsilon: 0.25).apply(to: test, network: batch.net)
            for (a, b) in zip(test.inputs, moved.inputs) {
                #expect(b >= 0 && b <= 1)
                #expect(abs(b - a) < 0.25 + 1e-6 && (abs(abs(b - a) - 0.25) < 1e-6 || b == 0 || b == 1 || b == a), "\(attack): \(a) → \(b)")
            }
        }
        // Aimed by the gradient, the loss rises more than with random signs of the same size.
        let plain = batch.net.evaluate(test).loss
        let random = batch.net.evaluate(TestConditions(attack: .random, epsilon: 0.25).apply(to: test, network: batch.net)).loss
        let aimed = batch.net.evaluate(TestConditions(attack: .fgsm, epsilon: 0.25).apply(to: test, network: batch.net)).loss
        #expect(aimed > plain && aimed > random, "plain \(plain), random \(random), fgsm \(aimed)")
        #expect(TestConditions().isPlain && TestConditions(attack: .fgsm, epsilon: 0).isPlain && !TestConditions(shift: 1).isPlain)
    }

    @Test func theLossInputGradientIsTheFiniteDifferenceOfTheLoss() {
        let batch = RandomBatch(sizes: [12, 10, 4], rows: 2, seed: 5, inputRange: 0...1)
        let x = Array(batch.inputs.prefix(12)), label = Int(batch.labels[0])
        let g = batch.net.lossInputGradient(x, label: label)
        for i in 0..<12 {
            var up = x, down = x
            up[i] += 1e-2
            down[i] -= 1e-2
            let numeric = (batch.net.sampleLoss(up, label: label) - batch.net.sampleLoss(down, label: label)) / 2e-2
            #expect(abs(Double(g[i]) - numeric) < 2e-3 + 0.05 * abs(numeric), "pixel \(i): \(g[i]) vs \(numeric)")
        }
    }

    @Test func membershipTellsMembersByTheirLowerLoss() {
        // Members: images the network was pushed to fit; non-members: fresh ones.
        let batch = RandomBatch(sizes: [12, 32, 4], rows: 64, seed: 9, inputRange: 0...1)
        let all = Self.images(batch, rows: 64)
        let members = all.prefix(32), others = all.slice(32..<64)
        var optimizer = Adam(count: batch.layout.parameterCount, learningRate: 0.01)
        members.inputs.withUnsafeBufferPointer { x in
            members.labels.withUnsafeBufferPointer { y in
                for _ in 0..<300 {
                    _ = batch.net.train(batch: x.baseAddress!, labels: y.baseAddress!, rows: 32)
                    optimizer.update(batch.net.parameters, gradients: batch.net.gradients)
                }
            }
        }
        let m = MLPProbes.membership(batch.net, members: members, nonMembers: others)
        #expect(m.members == 32 && m.nonMembers == 32)
        #expect(m.memberMeanLoss < 0.1 * m.nonMemberMeanLoss, "\(m)")
        #expect(m.bestBalancedAccuracy > 0.7 && m.bestBalancedAccuracy >= m.balancedAccuracy)
    }

    @Test func saliencySharesAddUp() {
        let batch = RandomBatch(sizes: [12, 10, 4], rows: 20, seed: 11, inputRange: 0...1)
        let test = Self.images(batch, rows: 20)
        let s = MLPProbes.saliencyOnBlank(batch.net, images: test)
        let blank = Double(test.inputs.filter { $0 == 0 }.count) / Double(test.inputs.count)
        #expect(s.images == 20 && abs(s.blankPixels - blank) < 1e-12)
        #expect(s.blankShare > 0 && s.blankShare < 1 && s.meanBlankShare > 0 && s.meanBlankShare < 1)
        #expect((0...20).contains(s.brightestOnBlank))
        // No blank pixel, no saliency on blank pixels.
        var full = test
        full.inputs = full.inputs.map { $0 == 0 ? 0.5 : $0 }
        #expect(MLPProbes.saliencyOnBlank(batch.net, images: full).blankShare == 0)
    }

    @Test func theGradientCheckAgreesWithBackpropagation() {
        let batch = RandomBatch(sizes: [12, 16, 16, 4], rows: 16, seed: 13, inputRange: 0...1)
        let data = Self.images(batch, rows: 16)
        let layers = MLPGradientCheck.run(batch.net, on: data, perLayer: 30)
        #expect(layers.map(\.name) == ["W1", "W2", "W3"])
        for l in layers { #expect(l.medianRelativeError < 5e-3 && l.checked == 30, "\(l)") }
        #expect(zip(layers.map(\.gradientNorm), batch.net.weightGradientNorms()).allSatisfy { abs($0 - $1) < 1e-9 })
    }
}

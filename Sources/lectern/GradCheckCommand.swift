import ArgumentParser
import LabKit
import MLCore

/// `lectern gradcheck`: backpropagation's gradient of the MLP against central differences, per layer.
struct GradCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Check the MLP's backpropagation against central differences, layer by layer, as JSON.",
        discussion: """
        Builds the MLP lab's network (fresh weights from --seed, or after --epochs of training), takes the first \
        --samples training images, and for --per-layer weights of each layer picked at random compares \
        ∂L/∂w from backpropagation with (L(w+ε) − L(w−ε)) / 2ε. The network computes in Float32, so ε ≈ 1e-3 \
        and relative errors around 1e-3 are what a correct gradient gives; a wrong one is off by far more. \
        Gradients below 1e-4 (too_small; exactly 0 where a ReLU is off for every image) are not compared: \
        Float32 rounding leaves about that much noise in the numeric one.
        """)

    @ParentCommand var root: LecternCommand
    @Option(help: "mnist, digits, or a directory of IDX files.") var data = "digits"
    @Option(help: ArgumentHelp("Hidden layer sizes, comma-separated.", valueName: "n,n")) var hidden = "64,64"
    @Option(help: "Training images the loss is averaged over (1…256).") var samples = 32
    @Option(help: "Weights checked in each layer.") var perLayer = 20
    @Option(help: "The nudge ε.") var epsilon: Float = 1e-3
    @Option(help: "Epochs of training first (0: the fresh weights).") var epochs = 0
    @Option(help: "Seed for the weights and the picks.") var seed: UInt64 = 1

    func validate() throws {
        let schema = LabRegistry.schema(.mlp)
        try schema.validateOption("hidden", hidden)
        try schema.validateOption("seed", seed)
        guard (1...256).contains(samples), perLayer >= 1, epsilon > 0, epsilon.isFinite, (0...100).contains(epochs) else {
            throw ValidationError("--samples must be 1…256, --per-layer ≥ 1, --epsilon > 0, --epochs 0…100")
        }
    }

    func run() throws {
        BLAS.threads = 1
        let splits = try DataChoice.load(data, location: root.dashboard.location)
        var config = MLPConfig()
        config.hidden = hidden.split(separator: ",").map { Int($0.trimmingSpaces)! }
        config.seed = seed
        config.epochs = max(1, epochs)
        let layout = MLPLayout(sizes: [splits.train.features] + config.hidden + [splits.train.classes])
        let network: MLPNetwork
        if epochs > 0 {
            let trainer: MLPTrainer
            do { trainer = try MLPTrainer(config: config, data: splits) } catch { throw LecternError(error.description) }
            _ = trainer.train()
            network = MLPNetwork(layout: layout, capacity: samples, seed: seed)
            network.setParameters(trainer.network.parameterArray())
        } else {
            network = MLPNetwork(layout: layout, capacity: samples, seed: seed)
        }
        let batch = splits.train.prefix(samples)
        for layer in MLPGradientCheck.run(network, on: batch, perLayer: perLayer, epsilon: epsilon, seed: seed) {
            print(JSONLine([
                ("layer", .string(layer.name)), ("checked", .int(layer.checked)), ("too_small", .int(layer.zero)),
                ("max_relative_error", .number(layer.maxRelativeError)), ("median_relative_error", .number(layer.medianRelativeError)),
                ("gradient_norm", .number(layer.gradientNorm)),
            ]))
        }
    }
}

import Foundation

/// Saves and loads a trained MLP as JSON: its layer sizes and its flat parameters.
public enum ModelFile {
    struct Contents: Codable {
        var format = "lectern-mlp"
        var version = 1
        var data: String
        var sizes: [Int]
        var parameters: [Float]
    }

    public static func save(_ network: MLPNetwork, data: String, to path: String) throws {
        let contents = Contents(data: data, sizes: network.layout.sizes, parameters: network.parameterArray())
        let encoded = try JSONEncoder().encode(contents)
        try FileIO.writeAtomically(Array(encoded), to: path)
    }

    /// Reads a saved model into a new network (with buffers for `capacity` samples).
    public static func load(from path: String, capacity: Int = 256) throws -> MLPNetwork {
        let contents = try JSONDecoder().decode(Contents.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
        guard contents.format == "lectern-mlp", contents.sizes.count >= 2,
              contents.sizes.allSatisfy({ $0 > 0 && $0 <= 1 << 20 }) else {
            throw DataError(path: path, message: "not a lectern MLP model file")
        }
        let layout = MLPLayout(sizes: contents.sizes)
        guard contents.parameters.count == layout.parameterCount else {
            throw DataError(path: path, message: "expected \(layout.parameterCount) parameters for sizes \(contents.sizes), found \(contents.parameters.count)")
        }
        let network = MLPNetwork(layout: layout, capacity: capacity, seed: 0)
        network.setParameters(contents.parameters)
        return network
    }
}

import Foundation

/// The safetensors file format (what PyTorch and Hugging Face users load), for float32 tensors: 8 bytes of
/// little-endian header length N, N bytes of JSON — `{"NAME": {"dtype": "F32", "shape": [..], "data_offsets":
/// [begin, end]}, …, "__metadata__": {string: string}}`, padded with spaces to a multiple of 8 — then the raw
/// little-endian data, the offsets counted from its start.
public struct SafeTensors: Sendable, Equatable {
    public struct Tensor: Sendable, Equatable {
        public var name: String
        public var shape: [Int]
        public var values: [Float]
        public init(name: String, shape: [Int], values: [Float]) {
            precondition(shape.reduce(1, *) == values.count, "\(name): shape \(shape) does not hold \(values.count) values")
            self.name = name
            self.shape = shape
            self.values = values
        }
    }

    /// In file order.
    public var tensors: [Tensor]
    public var metadata: [String: String]

    /// The largest header read (a safeguard against a foreign file whose first 8 bytes read as a huge length).
    public static let maxHeaderBytes = 100 << 20

    public init(tensors: [Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }

    /// The file's bytes: tensors in order, the JSON with sorted keys, so the same model gives the same file.
    public func encoded() -> [UInt8] {
        var header: [String: Any] = [:]
        var offset = 0
        for t in tensors {
            header[t.name] = ["dtype": "F32", "shape": t.shape, "data_offsets": [offset, offset + 4 * t.values.count]]
            offset += 4 * t.values.count
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = (try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys, .withoutEscapingSlashes])).map { [UInt8]($0) } ?? []
        while json.count % 8 != 0 { json.append(0x20) }
        var out: [UInt8] = []
        out.reserveCapacity(8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out += json
        for t in tensors {
            for x in t.values { withUnsafeBytes(of: x.bitPattern.littleEndian) { out.append(contentsOf: $0) } }
        }
        return out
    }

    /// Reads a file's bytes; `path` only names the file in errors. Says what is wrong with a truncated or
    /// foreign file.
    public init(decoding bytes: [UInt8], path: String) throws(DataError) {
        func fail(_ message: String) -> DataError { DataError(path: path, message: message) }
        guard bytes.count >= 8 else { throw fail("\(bytes.count) bytes: too short to be a safetensors file (its header length alone takes 8)") }
        let n = bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard n <= UInt64(Self.maxHeaderBytes) else { throw fail("not a safetensors file: its first 8 bytes give a header of \(n) bytes") }
        let headerEnd = 8 + Int(n)
        guard headerEnd <= bytes.count else { throw fail("truncated: the header needs \(n) bytes, only \(bytes.count - 8) follow") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(bytes[8..<headerEnd])),
              let header = object as? [String: Any] else { throw fail("not a safetensors file: its header is not a JSON object") }
        let data = bytes.count - headerEnd
        var metadata: [String: String] = [:]
        var entries: [(name: String, shape: [Int], begin: Int, end: Int)] = []
        for (name, value) in header {
            if name == "__metadata__" {
                guard let m = value as? [String: String] else { throw fail("__metadata__ must map strings to strings") }
                metadata = m
                continue
            }
            guard let info = value as? [String: Any], let dtype = info["dtype"] as? String,
                  let shape = info["shape"] as? [Int], let offsets = info["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("tensor '\(name)': needs dtype, shape and data_offsets")
            }
            guard dtype == "F32" else { throw fail("tensor '\(name)' is \(dtype); Lectern reads F32 tensors only") }
            guard shape.allSatisfy({ $0 >= 0 }), offsets[0] >= 0, offsets[0] <= offsets[1] else {
                throw fail("tensor '\(name)': a negative size or offset")
            }
            let count = shape.reduce(1, *)
            guard offsets[1] - offsets[0] == 4 * count else {
                throw fail("tensor '\(name)': shape \(shape) needs \(4 * count) bytes, its offsets give \(offsets[1] - offsets[0])")
            }
            guard offsets[1] <= data else { throw fail("truncated: tensor '\(name)' ends at byte \(offsets[1]) of the data, which has \(data)") }
            entries.append((name, shape, offsets[0], offsets[1]))
        }
        entries.sort { $0.begin != $1.begin ? $0.begin < $1.begin : $0.name < $1.name }
        for (a, b) in zip(entries, entries.dropFirst()) where b.begin < a.end {
            throw fail("tensors '\(a.name)' and '\(b.name)' overlap")
        }
        tensors = entries.map { e in
            let values = (0..<((e.end - e.begin) / 4)).map { i -> Float in
                let at = headerEnd + e.begin + 4 * i
                let bits = UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
                return Float(bitPattern: bits)
            }
            return Tensor(name: e.name, shape: e.shape, values: values)
        }
        self.metadata = metadata
    }

    /// Writes the file atomically.
    public func write(to path: String) throws(DataError) { try FileIO.writeAtomically(encoded(), to: path) }

    /// Reads and checks the file at `path`.
    public init(contentsOf path: String) throws(DataError) { try self.init(decoding: FileIO.readAll(path), path: path) }
}

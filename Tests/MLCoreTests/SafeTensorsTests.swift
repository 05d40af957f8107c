import Foundation
import Testing
@testable import MLCore

@Suite struct SafeTensorsTests {
    static let model = SafeTensors(tensors: [
        .init(name: "transformer.wte.weight", shape: [3, 2], values: [1, -2, 0.5, .pi, -0, 1e-30]),
        .init(name: "transformer.h.0.ln_1.bias", shape: [2], values: [0.25, -8]),
        .init(name: "scalar", shape: [], values: [42]),
    ], metadata: ["config": "{\"n_layer\":1}", "tokenizer": "char"])

    @Test func roundTripsValuesShapesOrderAndMetadata() throws {
        let bytes = Self.model.encoded()
        let back = try SafeTensors(decoding: bytes, path: "m.safetensors")
        #expect(back == Self.model)
        #expect(back["transformer.wte.weight"]?.values[3] == .pi)
    }

    @Test func layoutIsTheFormatsLengthJSONThenData() throws {
        let bytes = Self.model.encoded()
        let n = Int(bytes[0..<8].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) })
        #expect(n % 8 == 0, "the header is padded to 8 bytes")
        #expect(bytes.count == 8 + n + 4 * (6 + 2 + 1))
        let header = try #require(try JSONSerialization.jsonObject(with: Data(bytes[8..<(8 + n)])) as? [String: Any])
        let wte = try #require(header["transformer.wte.weight"] as? [String: Any])
        #expect(wte["dtype"] as? String == "F32")
        #expect(wte["shape"] as? [Int] == [3, 2])
        #expect(wte["data_offsets"] as? [Int] == [0, 24])
        #expect((header["transformer.h.0.ln_1.bias"] as? [String: Any])?["data_offsets"] as? [Int] == [24, 32])
        // Little-endian float32: 1.0 is 00 00 80 3f.
        #expect(Array(bytes[(8 + n)..<(8 + n + 4)]) == [0x00, 0x00, 0x80, 0x3F])
        #expect(Self.model.encoded() == bytes, "the same model gives the same bytes")
    }

    @Test func writesAndReadsAFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("lectern-\(UUID().uuidString).safetensors").path
        try Self.model.write(to: path)
        #expect(try SafeTensors(contentsOf: path) == Self.model)
    }

    @Test func truncatedAndForeignFilesSayWhatIsWrong() {
        let bytes = Self.model.encoded()
        func problem(_ b: [UInt8]) -> String? {
            do { _ = try SafeTensors(decoding: b, path: "m.safetensors"); return nil } catch { return error.message }
        }
        #expect(problem(Array(bytes.prefix(5))) == "5 bytes: too short to be a safetensors file (its header length alone takes 8)")
        #expect(problem(Array(bytes.prefix(20)))?.hasPrefix("truncated: the header needs") == true)
        #expect(problem(Array(bytes.dropLast(3)))?.hasPrefix("truncated: tensor 'scalar' ends at byte 36 of the data, which has 33") == true)
        #expect(problem(Array("PK\u{3}\u{4} this is a zip file, not tensors".utf8))?.hasPrefix("not a safetensors file: its first 8 bytes give a header of") == true)
        var notJSON: [UInt8] = [8, 0, 0, 0, 0, 0, 0, 0]
        notJSON += Array("12345678".utf8)
        #expect(problem(notJSON) == "not a safetensors file: its header is not a JSON object")
    }

    @Test func otherDtypesAndBadOffsetsAreRefusedByName() throws {
        func file(_ json: String, data: Int) -> [UInt8] {
            var j = Array(json.utf8)
            while j.count % 8 != 0 { j.append(0x20) }
            var out: [UInt8] = []
            withUnsafeBytes(of: UInt64(j.count).littleEndian) { out.append(contentsOf: $0) }
            return out + j + Array(repeating: 0, count: data)
        }
        func problem(_ b: [UInt8]) -> String? {
            do { _ = try SafeTensors(decoding: b, path: "m"); return nil } catch { return error.message }
        }
        #expect(problem(file(#"{"w":{"dtype":"F16","shape":[2],"data_offsets":[0,4]}}"#, data: 4)) == "tensor 'w' is F16; Lectern reads F32 tensors only")
        #expect(problem(file(#"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#, data: 8)) == "tensor 'w': shape [3] needs 12 bytes, its offsets give 8")
        #expect(problem(file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, data: 8)) == "tensors 'a' and 'b' overlap")
        #expect(problem(file(#"{"w":{"dtype":"F32","shape":[1]}}"#, data: 4)) == "tensor 'w': needs dtype, shape and data_offsets")
        // A file written by others with an empty metadata block still reads.
        let other = try SafeTensors(decoding: file(#"{"__metadata__":{},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, data: 4), path: "m")
        #expect(other.tensors.map(\.name) == ["w"] && other.metadata.isEmpty)
    }
}

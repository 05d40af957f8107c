/// Reads the IDX format of the MNIST files: a big-endian header (magic 0x0000_08_NN, where 08 means unsigned
/// bytes and NN is the number of dimensions, then one UInt32 per dimension) followed by the values.
///
/// Only the two kinds MNIST uses are read: images (`0x00000803`: count × rows × cols bytes) and labels
/// (`0x00000801`: count bytes).
public enum IDXReader {
    static let imagesMagic: UInt32 = 0x0000_0803
    static let labelsMagic: UInt32 = 0x0000_0801

    /// Parses an IDX3 unsigned-byte image file. `path` is only used in error messages.
    public static func images(_ bytes: [UInt8], path: String) throws(DataError)
        -> (count: Int, rows: Int, cols: Int, pixels: [UInt8])
    {
        let (dims, headerSize) = try header(bytes, path: path, magic: imagesMagic, what: "image")
        try checkPayload(bytes, headerSize: headerSize, dims: dims, path: path)
        return (dims[0], dims[1], dims[2], Array(bytes[headerSize...]))
    }

    /// Parses an IDX1 unsigned-byte label file. `path` is only used in error messages.
    public static func labels(_ bytes: [UInt8], path: String) throws(DataError) -> [UInt8] {
        let (dims, headerSize) = try header(bytes, path: path, magic: labelsMagic, what: "label")
        try checkPayload(bytes, headerSize: headerSize, dims: dims, path: path)
        return Array(bytes[headerSize...])
    }

    private static func uint32(_ bytes: [UInt8], at i: Int) -> UInt32 {
        UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 8 - digits.count)) + digits
    }

    /// Checks the magic number and reads the dimensions.
    private static func header(_ bytes: [UInt8], path: String, magic: UInt32, what: String) throws(DataError)
        -> (dims: [Int], headerSize: Int)
    {
        guard bytes.count >= 4 else {
            throw DataError(path: path, message: "too short for an IDX \(what) file (\(bytes.count) bytes, "
                + "the header alone needs \(4 + 4 * Int(magic & 0xFF)))")
        }
        let found = uint32(bytes, at: 0)
        guard found == magic else {
            var message = "not an IDX \(what) file: magic number \(hex(found)), expected \(hex(magic))"
            if bytes[0] == 0x1F && bytes[1] == 0x8B {
                message += " (the data is still gzip-compressed)"
            } else if found == (magic == imagesMagic ? labelsMagic : imagesMagic) {
                message += " (this is an IDX \(magic == imagesMagic ? "label" : "image") file)"
            }
            throw DataError(path: path, message: message)
        }
        let dimensionCount = Int(magic & 0xFF)
        let headerSize = 4 + 4 * dimensionCount
        guard bytes.count >= headerSize else {
            throw DataError(path: path, message: "truncated IDX header: expected \(headerSize) bytes, "
                + "found \(bytes.count)")
        }
        let dims = (0..<dimensionCount).map { Int(uint32(bytes, at: 4 + 4 * $0)) }
        return (dims, headerSize)
    }

    /// Checks that the payload holds exactly the product of the dimensions.
    private static func checkPayload(_ bytes: [UInt8], headerSize: Int, dims: [Int], path: String)
        throws(DataError)
    {
        var expected = 1
        for d in dims {
            let (product, overflow) = expected.multipliedReportingOverflow(by: d)
            guard !overflow else {
                throw DataError(path: path, message: "IDX dimensions \(shape(dims)) are too large")
            }
            expected = product
        }
        let actual = bytes.count - headerSize
        guard actual == expected else {
            let kind = actual < expected ? "truncated IDX data" : "IDX data longer than its header says"
            throw DataError(path: path, message: "\(kind): dimensions \(shape(dims)) need \(expected) bytes "
                + "after the \(headerSize)-byte header, found \(actual)")
        }
    }

    private static func shape(_ dims: [Int]) -> String {
        dims.map(String.init).joined(separator: "×")
    }
}

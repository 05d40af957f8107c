import CKernels

/// A dataset's inputs stored as compressed rows: each sample's non-zero values and their columns.
///
/// MNIST pixels are about 81% zeros, so the first layer's products over the non-zeros alone do the
/// same arithmetic as the dense products with a fifth of the work. Built once per run; a batch is then
/// just a list of sample indices, with nothing copied per step.
public final class SparseRows: @unchecked Sendable {
    public let rows: Int
    public let features: Int
    public let nonZeros: Int
    let rowStart: UnsafeMutablePointer<Int64>
    let columns: UnsafeMutablePointer<Int32>
    let values: UnsafeMutablePointer<Float>

    /// Compresses `data` (rows × features, row-major).
    public init(_ data: [Float], features: Int) {
        precondition(features > 0 && data.count % features == 0)
        self.features = features
        rows = data.count / features
        rowStart = .allocate(capacity: rows + 1)
        var nonZeros = 0
        for x in data where x != 0 { nonZeros += 1 }
        let columns = UnsafeMutablePointer<Int32>.allocate(capacity: max(1, nonZeros))
        let values = UnsafeMutablePointer<Float>.allocate(capacity: max(1, nonZeros))
        let rowStart = self.rowStart, rows = self.rows
        _ = data.withUnsafeBufferPointer {
            lectern_compress_rows($0.baseAddress!, Int64(rows), Int64(features), rowStart, columns, values)
        }
        self.columns = columns
        self.values = values
        self.nonZeros = nonZeros
    }

    deinit {
        rowStart.deallocate()
        columns.deallocate()
        values.deallocate()
    }

    /// out = X[index] · w + bias (count × n), w features × n.
    func multiply(_ index: UnsafePointer<Int32>, count: Int, _ w: UnsafePointer<Float>, n: Int,
                  bias: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        lectern_sparse_matmul(Int64(count), index, rowStart, columns, values, w, Int64(n), bias, out)
    }

    /// g = X[index]ᵀ · d (features × n), d count × n.
    func transposeMultiply(_ index: UnsafePointer<Int32>, count: Int, _ d: UnsafePointer<Float>, n: Int,
                           into g: UnsafeMutablePointer<Float>) {
        g.update(repeating: 0, count: features * n)
        lectern_sparse_transpose_matmul(Int64(count), index, rowStart, columns, values, d, Int64(n), g)
    }

    /// Fraction of zeros among the first `sampleRows` samples of `data`: whether the sparse path pays.
    public static func zeroFraction(_ data: [Float], features: Int, sampleRows: Int = 2000) -> Double {
        let n = min(data.count, sampleRows * features)
        guard n > 0 else { return 0 }
        var zeros = 0
        for i in 0..<n where data[i] == 0 { zeros += 1 }
        return Double(zeros) / Double(n)
    }
}

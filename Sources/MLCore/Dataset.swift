import Foundation

/// Labelled samples for classification: one row of `features` Floats in [0, 1] and one label per sample.
public struct Dataset: Sendable {
    /// Inputs per sample (784 for MNIST, 64 for the 8×8 digits).
    public var features: Int
    /// Number of classes; every label is in `0..<classes`.
    public var classes: Int
    /// `count × features` values, row-major (sample after sample), scaled to [0, 1].
    public var inputs: [Float]
    /// One label per sample, in `0..<classes`.
    public var labels: [Int32]
    /// The image shape of one sample (28×28 or 8×8), for drawing; `imageRows × imageCols == features`.
    public var imageRows: Int, imageCols: Int

    /// Number of samples.
    public var count: Int { labels.count }

    public init(features: Int, classes: Int, inputs: [Float], labels: [Int32], imageRows: Int, imageCols: Int) {
        precondition(inputs.count == labels.count * features,
                     "inputs hold \(inputs.count) values, expected \(labels.count) × \(features)")
        self.features = features
        self.classes = classes
        self.inputs = inputs
        self.labels = labels
        self.imageRows = imageRows
        self.imageCols = imageCols
    }

    /// The samples in `range` (indices into `0..<count`), as a dataset of their own.
    /// The features of sample `i`.
    public func sample(_ i: Int) -> [Float] { Array(inputs[(i * features)..<((i + 1) * features)]) }

    public func slice(_ range: Range<Int>) -> Dataset {
        precondition(range.lowerBound >= 0 && range.upperBound <= count,
                     "slice \(range) is outside 0..<\(count)")
        return Dataset(features: features, classes: classes,
                       inputs: Array(inputs[range.lowerBound * features ..< range.upperBound * features]),
                       labels: Array(labels[range]), imageRows: imageRows, imageCols: imageCols)
    }

    /// The first `n` samples (all of them when `n ≥ count`).
    public func prefix(_ n: Int) -> Dataset {
        precondition(n >= 0, "prefix length must not be negative")
        return slice(0 ..< min(n, count))
    }
}

/// A dataset split three ways: train on `train`, pick settings on `validation`, report on `test`.
public struct DataSplits: Sendable {
    /// A short name for the data (the directory or file it came from, e.g. "mnist", "digits").
    public var name: String
    public var train: Dataset
    public var validation: Dataset
    public var test: Dataset

    public init(name: String, train: Dataset, validation: Dataset, test: Dataset) {
        self.name = name
        self.train = train
        self.validation = validation
        self.test = test
    }
}

/// Loads the datasets the labs train on.
public enum DatasetLoader {
    /// The four standard MNIST IDX file names, in the order train images, train labels, test images, test labels.
    public static let idxFileNames = [
        "train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte",
    ]

    /// A directory of the four standard IDX files: train-images-idx3-ubyte, train-labels-idx1-ubyte,
    /// t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte, each optionally with .gz. Pixels / 255. The last
    /// `validationFraction` of the training files is the validation set (no shuffling: "hold out the last 10%").
    /// Errors: missing directory, missing file (naming the expected file names), corrupt/truncated IDX,
    /// image/label count mismatch, label ≥ classes; each with the file path.
    public static func idxDirectory(_ dir: String, validationFraction: Double = 0.1) throws(DataError) -> DataSplits {
        precondition(validationFraction >= 0 && validationFraction < 1, "validationFraction must be in [0, 1)")
        let classes = 10
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError(path: dir, message: "no such directory (expected one holding "
                + idxFileNames.joined(separator: ", ") + ", each optionally gzipped as .gz)")
        }

        // Find all four files first, so that a missing one is reported before any slow loading.
        var paths: [String] = []
        var missing: [String] = []
        for name in idxFileNames {
            let plain = join(dir, name)
            if FileManager.default.fileExists(atPath: plain) {
                paths.append(plain)
            } else if FileManager.default.fileExists(atPath: plain + ".gz") {
                paths.append(plain + ".gz")
            } else {
                missing.append(name)
            }
        }
        if let first = missing.first {
            throw DataError(path: join(dir, first), message: "missing "
                + missing.map { "\($0) (or \($0).gz)" }.joined(separator: ", ")
                + "; an IDX directory needs " + idxFileNames.joined(separator: ", ") + ", each optionally .gz")
        }

        let train = try loadIDXPair(imagesPath: paths[0], labelsPath: paths[1], classes: classes)
        let test = try loadIDXPair(imagesPath: paths[2], labelsPath: paths[3], classes: classes)
        guard test.rows == train.rows, test.cols == train.cols else {
            throw DataError(path: paths[2], message: "images are \(test.rows)×\(test.cols) but the training "
                + "images in \(paths[0]) are \(train.rows)×\(train.cols)")
        }

        let features = train.rows * train.cols
        guard features > 0, train.labels.count > 0 else {
            throw DataError(path: paths[0], message: "no training images (\(train.labels.count) images of \(train.rows)×\(train.cols) pixels)")
        }
        let validationCount = Int((Double(train.labels.count) * validationFraction).rounded())
        let trainCount = train.labels.count - validationCount
        func make(_ part: (pixels: [UInt8], labels: [Int32]), _ range: Range<Int>) -> Dataset {
            Dataset(features: features, classes: classes,
                    inputs: scaledFloats(part.pixels, range: range.lowerBound * features ..< range.upperBound * features,
                                         divisor: 255),
                    labels: Array(part.labels[range]), imageRows: train.rows, imageCols: train.cols)
        }
        let trainPart = (train.pixels, train.labels)
        return DataSplits(
            name: URL(fileURLWithPath: dir).lastPathComponent,
            train: make(trainPart, 0 ..< trainCount),
            validation: make(trainPart, trainCount ..< train.labels.count),
            test: make((test.pixels, test.labels), 0 ..< test.labels.count))
    }

    /// The UCI 8×8 digits CSV (gzipped or not): rows of 64 values 0–16 then the label. Values / 16. There is no
    /// separate test file: the rows are shuffled once with `SplitMix64(seed: 0)` (fixed, so every run sees the
    /// same split), the last 20% are the test set, then the last `validationFraction` of the rest is the
    /// validation set. Malformed rows throw with `path:line`. Blank lines and a header line are skipped.
    public static func digitsCSV(_ path: String, validationFraction: Double = 0.1) throws(DataError) -> DataSplits {
        precondition(validationFraction >= 0 && validationFraction < 1, "validationFraction must be in [0, 1)")
        let side = 8, features = side * side, classes = 10
        let bytes = try Gzip.readMaybeGzipped(path: path)
        let (pixels, labels) = try parseDigits(bytes, path: path, features: features, classes: classes)
        let n = labels.count
        guard n > 0 else { throw DataError(path: path, message: "no data rows") }

        // Fisher–Yates written out (not `shuffled(using:)`, whose algorithm the standard library may change).
        var order = Array(0 ..< n)
        var rng = SplitMix64(seed: 0)
        var i = n - 1
        while i > 0 {
            order.swapAt(i, rng.below(i + 1))
            i -= 1
        }

        let testCount = Int((Double(n) * 0.2).rounded())
        let restCount = n - testCount
        let validationCount = Int((Double(restCount) * validationFraction).rounded())
        let trainCount = restCount - validationCount
        func make(_ range: Range<Int>) -> Dataset {
            var inputs = [Float]()
            inputs.reserveCapacity(range.count * features)
            var rowLabels = [Int32]()
            rowLabels.reserveCapacity(range.count)
            for k in range {
                let row = order[k]
                inputs.append(contentsOf: pixels[row * features ..< (row + 1) * features])
                rowLabels.append(labels[row])
            }
            return Dataset(features: features, classes: classes, inputs: inputs, labels: rowLabels,
                           imageRows: side, imageCols: side)
        }
        var name = URL(fileURLWithPath: path).lastPathComponent
        for suffix in [".gz", ".csv"] where name.hasSuffix(suffix) { name.removeLast(suffix.count) }
        return DataSplits(name: name, train: make(0 ..< trainCount),
                          validation: make(trainCount ..< restCount), test: make(restCount ..< n))
    }

    // MARK: - IDX

    private static func loadIDXPair(imagesPath: String, labelsPath: String, classes: Int) throws(DataError)
        -> (rows: Int, cols: Int, pixels: [UInt8], labels: [Int32])
    {
        let images = try IDXReader.images(try Gzip.readMaybeGzipped(path: imagesPath), path: imagesPath)
        let rawLabels = try IDXReader.labels(try Gzip.readMaybeGzipped(path: labelsPath), path: labelsPath)
        guard rawLabels.count == images.count else {
            throw DataError(path: labelsPath, message: "has \(rawLabels.count) labels but \(imagesPath) has "
                + "\(images.count) images")
        }
        if let bad = rawLabels.firstIndex(where: { Int($0) >= classes }) {
            throw DataError(path: labelsPath, message: "label \(rawLabels[bad]) of sample \(bad) is not in "
                + "0..<\(classes)")
        }
        return (images.rows, images.cols, images.pixels, rawLabels.map { Int32($0) })
    }

    /// `Float(bytes[i]) / divisor` for every `i` in `range`, in one pass over raw pointers (fast even unoptimised).
    static func scaledFloats(_ bytes: [UInt8], range: Range<Int>, divisor: Float) -> [Float] {
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count)
        let n = range.count
        guard n > 0 else { return [] }
        return [Float](unsafeUninitializedCapacity: n) { out, initialized in
            bytes.withUnsafeBufferPointer { src in
                var from = src.baseAddress! + range.lowerBound
                var to = out.baseAddress!
                let end = to + n
                while to < end {
                    to.initialize(to: Float(from.pointee) / divisor)
                    from += 1
                    to += 1
                }
            }
            initialized = n
        }
    }

    private static func join(_ dir: String, _ name: String) -> String {
        dir.hasSuffix("/") ? dir + name : dir + "/" + name
    }

    // MARK: - CSV

    /// Parses rows of `features` pixel values in 0...16 followed by a label in `0..<classes`; returns the pixels
    /// already divided by 16. Works on the bytes directly (no String per field).
    private static func parseDigits(_ bytes: [UInt8], path: String, features: Int, classes: Int) throws(DataError)
        -> (pixels: [Float], labels: [Int32])
    {
        var pixels = [Float]()
        var labels = [Int32]()
        pixels.reserveCapacity(bytes.count / 2)
        var line = 0
        var start = 0
        var sawFirstLine = false
        let n = bytes.count
        var fields: [Double] = []
        fields.reserveCapacity(features + 1)

        while start < n {
            line += 1
            var end = start
            while end < n && bytes[end] != 0x0A { end += 1 }
            let next = end + 1
            // Trim spaces, tabs and a CR from both ends.
            var lo = start, hi = end
            while lo < hi && isSpace(bytes[lo]) { lo += 1 }
            while hi > lo && isSpace(bytes[hi - 1]) { hi -= 1 }
            defer { start = next }
            if lo == hi { continue }
            if !sawFirstLine {
                sawFirstLine = true
                if !startsNumber(bytes[lo]) { continue }  // a header line
            }
            var where_: String { "\(path):\(line)" }

            fields.removeAll(keepingCapacity: true)
            var fieldStart = lo
            var column = 1
            while true {
                var fieldEnd = fieldStart
                while fieldEnd < hi && bytes[fieldEnd] != 0x2C { fieldEnd += 1 }
                guard let value = parseNumber(bytes, fieldStart, fieldEnd) else {
                    let text = String(decoding: bytes[fieldStart ..< fieldEnd], as: UTF8.self)
                    throw DataError(path: where_, message: "column \(column): \"\(text)\" is not a number")
                }
                fields.append(value)
                if fieldEnd >= hi { break }
                fieldStart = fieldEnd + 1
                column += 1
            }
            guard fields.count == features + 1 else {
                throw DataError(path: where_, message: "expected \(features + 1) comma-separated values "
                    + "(\(features) pixels then the label), found \(fields.count)")
            }
            for c in 0 ..< features {
                let v = fields[c]
                guard v >= 0 && v <= 16 else {
                    throw DataError(path: where_, message: "column \(c + 1): pixel value \(v) is outside 0–16")
                }
                pixels.append(Float(v) / 16)
            }
            let label = fields[features]
            guard label == label.rounded(), label >= 0, label < Double(classes) else {
                throw DataError(path: where_, message: "column \(features + 1): label \(label) is not a whole "
                    + "number in 0..<\(classes)")
            }
            labels.append(Int32(label))
        }
        return (pixels, labels)
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0D }

    private static func startsNumber(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || b == 0x2D || b == 0x2B || b == 0x2E
    }

    /// A decimal number in `bytes[from..<to]` (surrounding spaces allowed). Plain digits with an optional
    /// fraction are parsed in place; anything else (exponents, …) goes through `Double(String)`.
    private static func parseNumber(_ bytes: [UInt8], _ from: Int, _ to: Int) -> Double? {
        var lo = from, hi = to
        while lo < hi && isSpace(bytes[lo]) { lo += 1 }
        while hi > lo && isSpace(bytes[hi - 1]) { hi -= 1 }
        guard lo < hi else { return nil }
        var i = lo
        var value = 0.0
        var digits = 0
        while i < hi, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
            value = value * 10 + Double(bytes[i] - 0x30)
            i += 1
            digits += 1
        }
        if i < hi && bytes[i] == 0x2E {
            i += 1
            var scale = 0.1
            while i < hi, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                value += Double(bytes[i] - 0x30) * scale
                scale /= 10
                i += 1
                digits += 1
            }
        }
        if i == hi && digits > 0 { return value }
        return Double(String(decoding: bytes[lo ..< hi], as: UTF8.self))
    }
}

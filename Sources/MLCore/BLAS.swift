#if canImport(Accelerate)
import Accelerate
#else
import CBLAS
#endif

/// Single-precision matrix products through CBLAS (OpenBLAS on Linux, Accelerate on macOS).
///
/// All matrices are row-major. `NaiveGemm` computes the same thing in plain Swift and the tests
/// check the two against each other.
public enum BLAS {
    /// C ← alpha·op(A)·op(B) + beta·C, with op(A) m×k, op(B) k×n, C m×n (row-major, leading dimensions given).
    @inline(__always)
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }

    /// The kernels the BLAS library chose for this CPU ("Haswell", "SkylakeX", …; "Accelerate" on macOS).
    public static var core: String {
        #if canImport(Accelerate)
        return "Accelerate"
        #else
        return String(cString: lectern_blas_core())
        #endif
    }

    /// Whether OpenBLAS loaded its AVX2 kernels on a CPU that has AVX-512: OpenBLAS 0.3.21 (Debian 12) does not
    /// know AMD Zen 4 and takes it for a Haswell or a Zen, though its SkylakeX kernels run there and are faster
    /// (measured: lectern bench lm 78 k → 103 k tokens/s). OPENBLAS_CORETYPE=SKYLAKEX, read when the library
    /// loads, picks them; later OpenBLAS releases make the same choice for Zen 4 themselves.
    public static var wouldGainFromAVX512Kernels: Bool {
        #if canImport(Accelerate)
        return false
        #else
        return ["Haswell", "Zen"].contains(core) && lectern_cpu_has_avx512() != 0
        #endif
    }

    /// How many threads BLAS may use. Lectern defaults to 1 so the UI keeps a core.
    public static var threads: Int {
        get {
            #if canImport(Accelerate)
            return 1
            #else
            return Int(lectern_blas_threads())
            #endif
        }
        set {
            #if !canImport(Accelerate)
            lectern_blas_set_threads(Int32(max(1, newValue)))
            #endif
        }
    }
}

/// The plain-Swift reference for `BLAS.sgemm`: slow, obviously right.
public enum NaiveGemm {
    public static func sgemm(
        transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
        a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
        beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        for i in 0..<m {
            for j in 0..<n {
                var sum: Double = 0
                for p in 0..<k {
                    let av = transA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                let old = beta == 0 ? 0 : beta * c[i * ldc + j]
                c[i * ldc + j] = alpha * Float(sum) + old
            }
        }
    }
}

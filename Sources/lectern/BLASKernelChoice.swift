import Foundation
import MLCore

/// Restarts lectern once, before it does anything, with OPENBLAS_CORETYPE=SKYLAKEX when the OpenBLAS it loaded
/// chose AVX2 kernels on a CPU with AVX-512 (see `BLAS.wouldGainFromAVX512Kernels`): the library reads the
/// variable only when it loads, so setting it later has no effect. A user's own OPENBLAS_CORETYPE, or
/// LECTERN_BLAS_AS_IS=1, is left alone; if the restart fails, lectern goes on with the kernels it has.
enum BLASKernelChoice {
    static func restartWithWiderKernelsIfUseful() {
        #if os(Linux)
        guard getenv("OPENBLAS_CORETYPE") == nil, getenv("LECTERN_BLAS_AS_IS") == nil,
              BLAS.wouldGainFromAVX512Kernels else { return }
        setenv("OPENBLAS_CORETYPE", "SKYLAKEX", 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")  // only reached when execv failed
        #endif
    }
}

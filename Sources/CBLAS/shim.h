#ifndef LECTERN_CBLAS_SHIM_H
#define LECTERN_CBLAS_SHIM_H

// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). On macOS MLCore uses Accelerate instead.
#include <cblas.h>

/// Sets how many threads OpenBLAS may use (Lectern's default is 1: the UI needs the other core).
static inline void lectern_blas_set_threads(int n) { openblas_set_num_threads(n); }
static inline int lectern_blas_threads(void) { return openblas_get_num_threads(); }

/// The CPU kernels OpenBLAS chose when it loaded ("Haswell", "SkylakeX", …).
static inline const char *lectern_blas_core(void) { return openblas_get_corename(); }

/// Whether the CPU has the AVX-512 subsets OpenBLAS's SkylakeX kernels use (F, CD, BW, DQ, VL).
static inline int lectern_cpu_has_avx512(void) {
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") && __builtin_cpu_supports("avx512bw")
        && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("avx512vl");
#else
    return 0;
#endif
}

#endif

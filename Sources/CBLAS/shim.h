#ifndef LECTERN_CBLAS_SHIM_H
#define LECTERN_CBLAS_SHIM_H

// OpenBLAS's CBLAS interface (Debian: libopenblas-dev). On macOS MLCore uses Accelerate instead.
#include <cblas.h>

/// Sets how many threads OpenBLAS may use (Lectern's default is 1: the UI needs the other core).
static inline void lectern_blas_set_threads(int n) { openblas_set_num_threads(n); }
static inline int lectern_blas_threads(void) { return openblas_get_num_threads(); }

#endif

// Small vector helpers shared by the kernels (not part of the module's public headers).
#ifndef LECTERN_VECTOR_OPS_H
#define LECTERN_VECTOR_OPS_H

#include <stdint.h>

/// a · b with 16 partial sums: without -ffast-math the compiler may not reorder a float reduction, and a
/// single running sum would wait on every add; independent sums let it use two vector accumulators.
static inline float lectern_dot(const float *restrict a, const float *restrict b, int64_t n) {
    float s[16] = {0};
    int64_t d = 0;
    for (; d + 16 <= n; d += 16) {
        for (int k = 0; k < 16; k++) s[k] += a[d + k] * b[d + k];
    }
    float t = 0;
    for (int k = 0; k < 16; k++) t += s[k];
    for (; d < n; d++) t += a[d] * b[d];
    return t;
}

#endif

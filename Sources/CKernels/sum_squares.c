#include "ckernels.h"
#include "kernel_common.h"

LECTERN_CLONES
double lectern_sum_squares(const float *restrict x, int64_t n) {
    // Eight independent double accumulators: the compiler may not reorder one running sum, and this keeps
    // the sum as exact as a plain double loop while letting it use vector registers.
    double s[8] = {0};
    int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int k = 0; k < 8; k++) s[k] += (double)x[i + k] * (double)x[i + k];
    }
    double t = 0;
    for (int k = 0; k < 8; k++) t += s[k];
    for (; i < n; i++) t += (double)x[i] * (double)x[i];
    return t;
}

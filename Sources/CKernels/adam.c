#include "ckernels.h"
#include <math.h>
#include "kernel_common.h"

LECTERN_CLONES
void lectern_adam_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                         long n, float lr_t, float beta1, float beta2, float epsilon) {
    const float c1 = 1.0f - beta1, c2 = 1.0f - beta2;
    for (long i = 0; i < n; i++) {
        const float gi = g[i];
        const float mi = beta1 * m[i] + c1 * gi;
        const float vi = beta2 * v[i] + c2 * (gi * gi);
        m[i] = mi;
        v[i] = vi;
        p[i] -= lr_t * mi / (sqrtf(vi) + epsilon);
    }
}

// Kernels for a first layer whose inputs are mostly zeros (MNIST pixels are ~81% zero):
// skipping the zeros does the same arithmetic as the dense product on a fifth of the work.
#include "ckernels.h"
#include "kernel_common.h"

// Output columns are done in blocks of BLOCK so that the accumulators stay in registers.
#define BLOCK 64

int64_t lectern_compress_rows(const float *restrict data, int64_t rows, int64_t features,
                              int64_t *restrict row_start, int32_t *restrict cols, float *restrict vals) {
    int64_t nnz = 0;
    for (int64_t r = 0; r < rows; r++) {
        row_start[r] = nnz;
        const float *x = data + r * features;
        for (int64_t k = 0; k < features; k++) {
            if (x[k] != 0.0f) {
                cols[nnz] = (int32_t)k;
                vals[nnz] = x[k];
                nnz++;
            }
        }
    }
    row_start[rows] = nnz;
    return nnz;
}

LECTERN_CLONES
void lectern_sparse_matmul(int64_t rows, const int32_t *restrict index, const int64_t *restrict row_start,
                           const int32_t *restrict cols, const float *restrict vals,
                           const float *restrict w, int64_t n, const float *restrict bias, float *restrict out) {
    for (int64_t r = 0; r < rows; r++) {
        const int64_t first = row_start[index[r]], end = row_start[index[r] + 1];
        // The rows of a shuffled batch are scattered over the whole data set: start fetching the next one's
        // columns and values now, so that they are not a cache miss each when its turn comes.
        if (r + 1 < rows) {
            const int64_t next = row_start[index[r + 1]], stop = row_start[index[r + 1] + 1];
            for (int64_t k = next; k < stop; k += 16) {
                __builtin_prefetch(cols + k);
                __builtin_prefetch(vals + k);
            }
        }
        float *restrict y = out + r * n;
        int64_t j0 = 0;
        for (; j0 + BLOCK <= n; j0 += BLOCK) {
            float acc[BLOCK];
            for (int j = 0; j < BLOCK; j++) acc[j] = bias[j0 + j];
            for (int64_t k = first; k < end; k++) {
                const float a = vals[k];
                const float *restrict wk = w + (int64_t)cols[k] * n + j0;
                for (int j = 0; j < BLOCK; j++) acc[j] += a * wk[j];
            }
            for (int j = 0; j < BLOCK; j++) y[j0 + j] = acc[j];
        }
        for (int64_t j = j0; j < n; j++) {
            float acc = bias[j];
            for (int64_t k = first; k < end; k++) acc += vals[k] * w[(int64_t)cols[k] * n + j];
            y[j] = acc;
        }
    }
}

LECTERN_CLONES
void lectern_sparse_transpose_matmul(int64_t rows, const int32_t *restrict index, const int64_t *restrict row_start,
                                     const int32_t *restrict cols, const float *restrict vals,
                                     const float *restrict d, int64_t n, float *restrict g) {
    for (int64_t r = 0; r < rows; r++) {
        const int64_t first = row_start[index[r]], end = row_start[index[r] + 1];
        const float *restrict dr = d + r * n;
        int64_t j0 = 0;
        for (; j0 + BLOCK <= n; j0 += BLOCK) {
            float dj[BLOCK];
            for (int j = 0; j < BLOCK; j++) dj[j] = dr[j0 + j];
            for (int64_t k = first; k < end; k++) {
                const float a = vals[k];
                float *restrict gk = g + (int64_t)cols[k] * n + j0;
                for (int j = 0; j < BLOCK; j++) gk[j] += a * dj[j];
            }
        }
        for (int64_t j = j0; j < n; j++) {
            for (int64_t k = first; k < end; k++) g[(int64_t)cols[k] * n + j] += vals[k] * dr[j];
        }
    }
}

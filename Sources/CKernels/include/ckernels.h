#ifndef LECTERN_CKERNELS_H
#define LECTERN_CKERNELS_H

#include <stdint.h>
#include "word2vec_kernel.h"
#include "lm_kernels.h"

/// The Adam update over a flat buffer (Keras's form: p -= lr_t * m / (sqrt(v) + eps)).
/// Written in C so that it vectorises (restrict pointers, packed sqrt), with an AVX2 clone chosen
/// at run time where the CPU has it. MLCore keeps a Swift reference of the same update for tests.
void lectern_adam_update(float *restrict p, const float *restrict g, float *restrict m, float *restrict v,
                         long n, float lr_t, float beta1, float beta2, float epsilon);

/// Σ x[i]², accumulated in double: the gradient norms (clipping, the MLP lab's per-layer norms).
double lectern_sum_squares(const float *restrict x, int64_t n);

/// Compresses `rows` samples (rows × features, row-major) into rows of non-zeros: row i's values and
/// columns are vals/cols[row_start[i] ..< row_start[i + 1]]. `cols` and `vals` must hold every non-zero
/// (at most rows × features). Returns the number of non-zeros.
int64_t lectern_compress_rows(const float *restrict data, int64_t rows, int64_t features,
                              int64_t *restrict row_start, int32_t *restrict cols, float *restrict vals);

/// out[r, :] = bias + Σ vals[k] · w[cols[k], :] over the non-zeros k of sample index[r]: the first layer's
/// forward product for sparse inputs (w is features × n, row-major; out is rows × n).
void lectern_sparse_matmul(int64_t rows, const int32_t *restrict index, const int64_t *restrict row_start,
                           const int32_t *restrict cols, const float *restrict vals,
                           const float *restrict w, int64_t n, const float *restrict bias, float *restrict out);

/// g[cols[k], :] += vals[k] · d[r, :] over the non-zeros k of sample index[r]: the first layer's weight
/// gradient Xᵀ·D for sparse X (g is features × n and must be zeroed by the caller; d is rows × n).
void lectern_sparse_transpose_matmul(int64_t rows, const int32_t *restrict index, const int64_t *restrict row_start,
                                     const int32_t *restrict cols, const float *restrict vals,
                                     const float *restrict d, int64_t n, float *restrict g);

#endif

// The Transformer's fused kernels (lm_kernels.c). Row-major float32 throughout; `rows` is batch × context.
// Each has a plain-Swift twin in MLCore/LM/Transformer/NaiveLMKernels.swift that the tests compare it with.
#ifndef LECTERN_LM_KERNELS_H
#define LECTERN_LM_KERNELS_H

#include <stdint.h>

/// x[r] = wte[idx[r]] + wpe[r mod context], C wide.
void lectern_lm_embed_forward(const int32_t *restrict idx, const float *restrict wte, const float *restrict wpe,
                              float *restrict x, int64_t rows, int64_t context, int64_t width);
/// dwte[idx[r]] += dx[r], dwpe[r mod context] += dx[r].
void lectern_lm_embed_backward(const int32_t *restrict idx, const float *restrict dx, float *restrict dwte,
                               float *restrict dwpe, int64_t rows, int64_t context, int64_t width);

/// PyTorch's LayerNorm (biased variance, eps 1e-5): out = (x − mean)·rstd·gain + bias, mean and rstd kept.
void lectern_lm_layernorm_forward(const float *restrict x, const float *restrict gain, const float *restrict bias,
                                  float *restrict out, float *restrict mean, float *restrict rstd,
                                  int64_t rows, int64_t width);
/// dx += the input gradient; dgain, dbias += theirs.
void lectern_lm_layernorm_backward(const float *restrict dout, const float *restrict x, const float *restrict gain,
                                   const float *restrict mean, const float *restrict rstd, float *restrict dx,
                                   float *restrict dgain, float *restrict dbias, int64_t rows, int64_t width);

/// y[r] += bias.
void lectern_lm_add_bias(float *restrict y, const float *restrict bias, int64_t rows, int64_t width);
/// out += the column sums of d (a bias's gradient).
void lectern_lm_column_sums(const float *restrict d, float *restrict out, int64_t rows, int64_t width);

/// Fused bias + GELU (tanh form, GPT-2's): pre[r] += bias, then out = GELU(pre).
void lectern_lm_bias_gelu_forward(float *restrict pre, const float *restrict bias, float *restrict out,
                                  int64_t rows, int64_t width);
/// d ← d · GELU′(pre), in place (d holds ∂L/∂out on entry, ∂L/∂pre on return).
void lectern_lm_gelu_backward(const float *restrict pre, float *restrict d, int64_t count);

/// Causal multi-head attention over qkv rows laid out [q (C) | k (C) | v (C)], head h at columns h·(C/heads):
/// probs[b][h][i][j] = softmax_j≤i(q_i·k_j / √(C/heads)) (0 above the diagonal), y[i] = Σ_j probs·v_j, each head
/// writing its columns of y (rows × C).
void lectern_lm_attention_forward(const float *restrict qkv, float *restrict probs, float *restrict y,
                                  int64_t batch, int64_t context, int64_t width, int64_t heads);
/// dqkv ← the gradient through the attention (overwritten), from dy (rows × C) and the forward's probs.
void lectern_lm_attention_backward(const float *restrict qkv, const float *restrict probs, const float *restrict dy,
                                   float *restrict dqkv, int64_t batch, int64_t context, int64_t width, int64_t heads);

/// Σ_r −log softmax(logits[r])[targets[r]]; with dlogits, writes (softmax − onehot) · scale there.
double lectern_lm_softmax_xent(const float *restrict logits, const int32_t *restrict targets,
                               float *restrict dlogits, int64_t rows, int64_t width, float scale);

#endif

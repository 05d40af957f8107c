// The Transformer's element-wise and attention kernels, written so that clang vectorises their inner loops
// (over the width, or over the keys j of one query). The matrix products around them go to BLAS.
#include "ckernels.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "kernel_common.h"

/// e^x for x in float range, to about 1 ulp, in a form that vectorises (libm's expf is a call per element):
/// x = n·ln2 + r with |r| ≤ ln2/2, e^r by Cephes's degree-6 polynomial, 2^n written into the exponent bits.
/// Arguments are clamped to [−87.3, 88.3], so the result is finite and positive (≈1e−38 at the low end).
static inline float lm_expf(float x) {
    x = x < -87.3f ? -87.3f : (x > 88.3f ? 88.3f : x);
    const float n = __builtin_floorf(x * 1.44269504088896341f + 0.5f);
    float r = x - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    float p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * r * r + r + 1.0f;
    const int32_t bits = ((int32_t)n + 127) << 23;
    float scale;
    memcpy(&scale, &bits, sizeof scale);
    return p * scale;
}

/// tanh(u) = 1 − 2/(e^{2u} + 1): accurate in absolute terms (what GELU needs, as it adds it to 1).
static inline float lm_tanhf(float u) { return 1.0f - 2.0f / (lm_expf(2.0f * u) + 1.0f); }

#define LM_GELU_A 0.7978845608028654f  /* √(2/π) */
#define LM_GELU_B 0.044715f

// MARK: - Embeddings

LECTERN_CLONES
void lectern_lm_embed_forward(const int32_t *restrict idx, const float *restrict wte, const float *restrict wpe,
                              float *restrict x, int64_t rows, int64_t context, int64_t width) {
    for (int64_t r = 0; r < rows; r++) {
        const float *te = wte + (int64_t)idx[r] * width, *pe = wpe + (r % context) * width;
        float *out = x + r * width;
        for (int64_t c = 0; c < width; c++) out[c] = te[c] + pe[c];
    }
}

LECTERN_CLONES
void lectern_lm_embed_backward(const int32_t *restrict idx, const float *restrict dx, float *restrict dwte,
                               float *restrict dwpe, int64_t rows, int64_t context, int64_t width) {
    for (int64_t r = 0; r < rows; r++) {
        const float *d = dx + r * width;
        float *te = dwte + (int64_t)idx[r] * width, *pe = dwpe + (r % context) * width;
        for (int64_t c = 0; c < width; c++) {
            te[c] += d[c];
            pe[c] += d[c];
        }
    }
}

// MARK: - LayerNorm

LECTERN_CLONES
void lectern_lm_layernorm_forward(const float *restrict x, const float *restrict gain, const float *restrict bias,
                                  float *restrict out, float *restrict mean, float *restrict rstd,
                                  int64_t rows, int64_t width) {
    const float inverse = 1.0f / (float)width;
    for (int64_t r = 0; r < rows; r++) {
        const float *xr = x + r * width;
        float sum = 0;
        for (int64_t c = 0; c < width; c++) sum += xr[c];
        const float m = sum * inverse;
        float squares = 0;
        for (int64_t c = 0; c < width; c++) {
            const float d = xr[c] - m;
            squares += d * d;
        }
        const float s = 1.0f / sqrtf(squares * inverse + 1e-5f);
        float *o = out + r * width;
        for (int64_t c = 0; c < width; c++) o[c] = (xr[c] - m) * s * gain[c] + bias[c];
        mean[r] = m;
        rstd[r] = s;
    }
}

LECTERN_CLONES
void lectern_lm_layernorm_backward(const float *restrict dout, const float *restrict x, const float *restrict gain,
                                   const float *restrict mean, const float *restrict rstd, float *restrict dx,
                                   float *restrict dgain, float *restrict dbias, int64_t rows, int64_t width) {
    const float inverse = 1.0f / (float)width;
    for (int64_t r = 0; r < rows; r++) {
        const float *xr = x + r * width, *dr = dout + r * width;
        const float m = mean[r], s = rstd[r];
        // mean of dx̂ and of dx̂·x̂, where dx̂ = dout·gain
        float a = 0, b = 0;
        for (int64_t c = 0; c < width; c++) {
            const float xhat = (xr[c] - m) * s, dxhat = dr[c] * gain[c];
            a += dxhat;
            b += dxhat * xhat;
            dgain[c] += dr[c] * xhat;
            dbias[c] += dr[c];
        }
        a *= inverse;
        b *= inverse;
        float *o = dx + r * width;
        for (int64_t c = 0; c < width; c++) {
            const float xhat = (xr[c] - m) * s;
            o[c] += s * (dr[c] * gain[c] - a - xhat * b);
        }
    }
}

// MARK: - Biases and GELU

LECTERN_CLONES
void lectern_lm_add_bias(float *restrict y, const float *restrict bias, int64_t rows, int64_t width) {
    for (int64_t r = 0; r < rows; r++) {
        float *yr = y + r * width;
        for (int64_t c = 0; c < width; c++) yr[c] += bias[c];
    }
}

LECTERN_CLONES
void lectern_lm_column_sums(const float *restrict d, float *restrict out, int64_t rows, int64_t width) {
    for (int64_t r = 0; r < rows; r++) {
        const float *dr = d + r * width;
        for (int64_t c = 0; c < width; c++) out[c] += dr[c];
    }
}

LECTERN_CLONES
void lectern_lm_bias_gelu_forward(float *restrict pre, const float *restrict bias, float *restrict out,
                                  int64_t rows, int64_t width) {
    for (int64_t r = 0; r < rows; r++) {
        float *p = pre + r * width, *o = out + r * width;
        for (int64_t c = 0; c < width; c++) {
            const float x = p[c] + bias[c];
            p[c] = x;
            o[c] = 0.5f * x * (1.0f + lm_tanhf(LM_GELU_A * (x + LM_GELU_B * x * x * x)));
        }
    }
}

LECTERN_CLONES
void lectern_lm_gelu_backward(const float *restrict pre, float *restrict d, int64_t count) {
    for (int64_t i = 0; i < count; i++) {
        const float x = pre[i];
        const float t = lm_tanhf(LM_GELU_A * (x + LM_GELU_B * x * x * x));
        const float slope = 0.5f * (1.0f + t) + 0.5f * x * (1.0f - t * t) * LM_GELU_A * (1.0f + 3.0f * LM_GELU_B * x * x);
        d[i] *= slope;
    }
}

// MARK: - Attention

/// One query row's causal softmax over keys 0…i, in place in p (p[j] holds the scaled score on entry), zero
/// beyond i.
static inline void lm_causal_softmax(float *restrict p, int64_t i, int64_t context) {
    float top = p[0];
    for (int64_t j = 1; j <= i; j++) top = p[j] > top ? p[j] : top;
    float sum = 0;
    for (int64_t j = 0; j <= i; j++) {
        p[j] = lm_expf(p[j] - top);
        sum += p[j];
    }
    const float inverse = 1.0f / sum;
    for (int64_t j = 0; j <= i; j++) p[j] *= inverse;
    for (int64_t j = i + 1; j < context; j++) p[j] = 0;
}

LECTERN_CLONES
void lectern_lm_attention_forward(const float *restrict qkv, float *restrict probs, float *restrict y,
                                  int64_t batch, int64_t context, int64_t width, int64_t heads) {
    const int64_t hs = width / heads, stride = 3 * width, T = context;
    const float scale = 1.0f / sqrtf((float)hs);
    float *kt = malloc(sizeof(float) * (size_t)(hs * T));  // one head's keys, transposed: kt[d·T + j]
    for (int64_t b = 0; b < batch; b++) {
        const float *base = qkv + b * T * stride;
        for (int64_t h = 0; h < heads; h++) {
            for (int64_t j = 0; j < T; j++)
                for (int64_t d = 0; d < hs; d++) kt[d * T + j] = base[j * stride + width + h * hs + d];
            for (int64_t i = 0; i < T; i++) {
                const float *q = base + i * stride + h * hs;
                float *p = probs + ((b * heads + h) * T + i) * T;
                for (int64_t j = 0; j <= i; j++) p[j] = 0;
                for (int64_t d = 0; d < hs; d++) {
                    const float qd = q[d] * scale;
                    const float *kr = kt + d * T;
                    for (int64_t j = 0; j <= i; j++) p[j] += qd * kr[j];
                }
                lm_causal_softmax(p, i, T);
                float *out = y + (b * T + i) * width + h * hs;
                for (int64_t d = 0; d < hs; d++) out[d] = 0;
                for (int64_t j = 0; j <= i; j++) {
                    const float pj = p[j];
                    const float *v = base + j * stride + 2 * width + h * hs;
                    for (int64_t d = 0; d < hs; d++) out[d] += pj * v[d];
                }
            }
        }
    }
    free(kt);
}

LECTERN_CLONES
void lectern_lm_attention_backward(const float *restrict qkv, const float *restrict probs, const float *restrict dy,
                                   float *restrict dqkv, int64_t batch, int64_t context, int64_t width, int64_t heads) {
    const int64_t hs = width / heads, stride = 3 * width, T = context;
    const float scale = 1.0f / sqrtf((float)hs);
    float *vt = malloc(sizeof(float) * (size_t)(hs * T + T));  // one head's values, transposed, then dp
    float *dp = vt + hs * T;
    memset(dqkv, 0, sizeof(float) * (size_t)(batch * T * stride));
    for (int64_t b = 0; b < batch; b++) {
        const float *base = qkv + b * T * stride;
        float *dbase = dqkv + b * T * stride;
        for (int64_t h = 0; h < heads; h++) {
            for (int64_t j = 0; j < T; j++)
                for (int64_t d = 0; d < hs; d++) vt[d * T + j] = base[j * stride + 2 * width + h * hs + d];
            for (int64_t i = 0; i < T; i++) {
                const float *p = probs + ((b * heads + h) * T + i) * T;
                const float *dyi = dy + (b * T + i) * width + h * hs;
                const float *qi = base + i * stride + h * hs;
                float *dqi = dbase + i * stride + h * hs;
                // dp_j = dy_i · v_j
                for (int64_t j = 0; j <= i; j++) dp[j] = 0;
                for (int64_t d = 0; d < hs; d++) {
                    const float g = dyi[d];
                    const float *vr = vt + d * T;
                    for (int64_t j = 0; j <= i; j++) dp[j] += g * vr[j];
                }
                // through the softmax: ds_j = p_j (dp_j − Σ_k p_k dp_k), then the 1/√hs
                float dot = 0;
                for (int64_t j = 0; j <= i; j++) dot += p[j] * dp[j];
                for (int64_t j = 0; j <= i; j++) dp[j] = p[j] * (dp[j] - dot) * scale;
                for (int64_t j = 0; j <= i; j++) {
                    const float pj = p[j], sj = dp[j];
                    const float *kj = base + j * stride + width + h * hs;
                    float *dkj = dbase + j * stride + width + h * hs, *dvj = dbase + j * stride + 2 * width + h * hs;
                    for (int64_t d = 0; d < hs; d++) {
                        dvj[d] += pj * dyi[d];
                        dqi[d] += sj * kj[d];
                        dkj[d] += sj * qi[d];
                    }
                }
            }
        }
    }
    free(vt);
}

// MARK: - Softmax cross-entropy

LECTERN_CLONES
double lectern_lm_softmax_xent(const float *restrict logits, const int32_t *restrict targets,
                               float *restrict dlogits, int64_t rows, int64_t width, float scale) {
    double total = 0;
    for (int64_t r = 0; r < rows; r++) {
        const float *row = logits + r * width;
        float top = row[0];
        for (int64_t j = 1; j < width; j++) top = row[j] > top ? row[j] : top;
        float sum = 0;
        if (dlogits) {
            float *out = dlogits + r * width;
            for (int64_t j = 0; j < width; j++) {
                out[j] = lm_expf(row[j] - top);
                sum += out[j];
            }
            const float k = scale / sum;
            for (int64_t j = 0; j < width; j++) out[j] *= k;
            out[targets[r]] -= scale;
        } else {
            for (int64_t j = 0; j < width; j++) sum += lm_expf(row[j] - top);
        }
        total += (double)(logf(sum) - (row[targets[r]] - top));
    }
    return total;
}

// The Word2Vec inner loop: skip-gram or CBOW with negative sampling, per (centre, context) pair as in
// Mikolov et al.'s word2vec.c, on flat float arrays. Hogwild: workers update the shared weights without
// locks. Written in C so the 100-wide dot products and updates vectorise, with an AVX2/FMA clone.
#include "word2vec_kernel.h"
#include "vector_ops.h"

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define LECTERN_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define LECTERN_CLONES
#endif

static inline uint64_t lcg(uint64_t *state) {
    *state = *state * 25214903917ULL + 11ULL;
    return *state;
}

/// A random u32 from the high bits of the LCG (its low bits are weak).
static inline uint32_t rand32(uint64_t *state) { return (uint32_t)(lcg(state) >> 16); }

static inline int32_t negative_sample(const lectern_w2v_model *m, uint64_t *state) {
    const uint32_t column = (uint32_t)(((uint64_t)rand32(state) * (uint64_t)m->vocab) >> 32);
    return rand32(state) < m->alias_prob[column] ? (int32_t)column : m->alias_index[column];
}

/// One positive or negative sample against hidden vector `h`: accumulates the gradient for `h` into
/// `neu1e` and updates the output vector of `target`.
static inline void train_target(const lectern_w2v_model *m, const float *restrict h, float *restrict neu1e,
                                int32_t target, float label, float alpha, lectern_w2v_counts *counts) {
    const int64_t dim = m->dim;
    float *restrict out = m->syn1neg + (int64_t)target * dim;
    const float f = lectern_dot(h, out, dim);
    float g;
    const float scale = LECTERN_W2V_TABLE / LECTERN_W2V_MAX_EXP / 2.0f;
    // The loss of this sample is −log σ(f) for the true word and −log σ(−f) for a negative one.
    const float signed_f = label > 0 ? f : -f;
    if (signed_f >= LECTERN_W2V_MAX_EXP) {
        counts->loss += 0;
    } else if (signed_f <= -LECTERN_W2V_MAX_EXP) {
        counts->loss += -signed_f;
    } else {
        counts->loss -= m->log_sigmoid[(int)((signed_f + LECTERN_W2V_MAX_EXP) * scale)];
    }
    counts->samples++;
    if (f > LECTERN_W2V_MAX_EXP) g = (label - 1) * alpha;
    else if (f < -LECTERN_W2V_MAX_EXP) g = (label - 0) * alpha;
    else g = (label - m->sigmoid[(int)((f + LECTERN_W2V_MAX_EXP) * scale)]) * alpha;
    for (int64_t d = 0; d < dim; d++) neu1e[d] += g * out[d];
    for (int64_t d = 0; d < dim; d++) out[d] += g * h[d];
}

LECTERN_CLONES
void lectern_w2v_sentence(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                          uint64_t *rng, lectern_w2v_counts *counts) {
    const int64_t dim = m->dim;
    // Sub-sampling first, as word2vec.c does: the window then spans kept words only.
    int64_t len = 0;
    for (int64_t i = 0; i < n; i++) {
        const int32_t w = tokens[i];
        if (m->keep[w] != 0xFFFFFFFFu && rand32(rng) >= m->keep[w]) continue;
        m->kept[len++] = w;
    }
    counts->words += n;
    float *restrict neu1 = m->neu1;
    float *restrict neu1e = m->neu1e;
    for (int64_t pos = 0; pos < len; pos++) {
        const int32_t word = m->kept[pos];
        // Dynamic window: an effective half-width drawn from 1 … window.
        const int32_t b = (int32_t)(lcg(rng) % (uint64_t)m->window);
        const int64_t start = pos - (m->window - b) < 0 ? 0 : pos - (m->window - b);
        const int64_t end = pos + (m->window - b) + 1 > len ? len : pos + (m->window - b) + 1;
        if (m->cbow) {
            int64_t cw = 0;
            for (int64_t d = 0; d < dim; d++) neu1[d] = 0;
            for (int64_t c = start; c < end; c++) {
                if (c == pos) continue;
                const float *restrict in = m->syn0 + (int64_t)m->kept[c] * dim;
                for (int64_t d = 0; d < dim; d++) neu1[d] += in[d];
                cw++;
            }
            if (cw == 0) continue;
            const float inv = 1.0f / (float)cw;
            for (int64_t d = 0; d < dim; d++) { neu1[d] *= inv; neu1e[d] = 0; }
            train_target(m, neu1, neu1e, word, 1, alpha, counts);
            for (int32_t k = 0; k < m->negative; k++) {
                const int32_t target = negative_sample(m, rng);
                if (target == word) continue;
                train_target(m, neu1, neu1e, target, 0, alpha, counts);
            }
            for (int64_t c = start; c < end; c++) {
                if (c == pos) continue;
                float *restrict in = m->syn0 + (int64_t)m->kept[c] * dim;
                for (int64_t d = 0; d < dim; d++) in[d] += neu1e[d];
            }
            counts->pairs += cw;
        } else {
            for (int64_t c = start; c < end; c++) {
                if (c == pos) continue;
                // Skip-gram: the context word's input vector predicts the centre word.
                float *restrict in = m->syn0 + (int64_t)m->kept[c] * dim;
                for (int64_t d = 0; d < dim; d++) neu1e[d] = 0;
                train_target(m, in, neu1e, word, 1, alpha, counts);
                for (int32_t k = 0; k < m->negative; k++) {
                    const int32_t target = negative_sample(m, rng);
                    if (target == word) continue;
                    train_target(m, in, neu1e, target, 0, alpha, counts);
                }
                for (int64_t d = 0; d < dim; d++) in[d] += neu1e[d];
                counts->pairs++;
            }
        }
    }
}

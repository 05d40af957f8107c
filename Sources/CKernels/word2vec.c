// The Word2Vec inner loop: skip-gram or CBOW with negative sampling, per (centre, context) pair as in
// Mikolov et al.'s word2vec.c, on flat float arrays. Hogwild: workers update the shared weights without
// locks. Written in C so the 100-wide dot products and updates vectorise, with an AVX2/FMA clone.
#include "word2vec_kernel.h"
#include "kernel_common.h"
#include "vector_ops.h"

/// One positive or negative sample against hidden vector `h`: accumulates the gradient for `h` into
/// `neu1e` and updates the output vector of `target`.
static inline void train_target(const lectern_w2v_model *m, const float *restrict h, float *restrict neu1e,
                                int32_t target, float label, float alpha, lectern_w2v_counts *counts) {
    const int64_t dim = m->dim;
    float *restrict out = m->syn1neg + (int64_t)target * dim;
    const float f = lectern_dot(h, out, dim);
    counts->loss += lectern_w2v_loss(m, f, label);
    counts->samples++;
    const float g = lectern_w2v_gradient(m, f, label, alpha);
    for (int64_t d = 0; d < dim; d++) neu1e[d] += g * out[d];
    for (int64_t d = 0; d < dim; d++) out[d] += g * h[d];
}

LECTERN_CLONES
void lectern_w2v_sentence(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                          uint64_t *rng, lectern_w2v_counts *counts) {
    const int64_t dim = m->dim;
    const int64_t len = lectern_w2v_subsample(m, tokens, n, rng);
    counts->words += n;
    float *restrict neu1 = m->neu1;
    float *restrict neu1e = m->neu1e;
    for (int64_t pos = 0; pos < len; pos++) {
        const int32_t word = m->kept[pos];
        int64_t start, end;
        lectern_w2v_window(m, rng, pos, len, &start, &end);
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
                const int32_t target = lectern_w2v_negative(m, rng);
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
                    const int32_t target = lectern_w2v_negative(m, rng);
                    if (target == word) continue;
                    train_target(m, in, neu1e, target, 0, alpha, counts);
                }
                for (int64_t d = 0; d < dim; d++) in[d] += neu1e[d];
                counts->pairs++;
            }
        }
    }
}

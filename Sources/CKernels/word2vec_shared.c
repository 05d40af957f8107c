// Skip-gram with negative samples shared across the window, as small dense matrix products (see the header).
#include "word2vec_kernel.h"
#include "kernel_common.h"
#include "vector_ops.h"

LECTERN_CLONES
void lectern_w2v_sentence_shared(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                                 uint64_t *rng, lectern_w2v_counts *counts, float *scratch) {
    const int64_t dim = m->dim;
    const int64_t len = lectern_w2v_subsample(m, tokens, n, rng);
    counts->words += n;
    // scratch (sized by lectern_w2v_shared_scratch_floats): the context-gradient rows (contexts × dim), G
    // (contexts × targets), then the context and target word indices. At most 2·window contexts (the window
    // never exceeds its half-width `window` on either side) and negative + 1 targets (the centre word first).
    const int64_t max_ctx = 2 * (int64_t)m->window, max_tgt = (int64_t)m->negative + 1;
    float *restrict dctx = scratch;                                  // nc × dim
    float *restrict g = dctx + max_ctx * dim;                        // nc × nt
    int32_t *restrict ctx = (int32_t *)(g + max_ctx * max_tgt);      // nc
    int32_t *restrict tgt = ctx + max_ctx;                           // nt
    for (int64_t pos = 0; pos < len; pos++) {
        const int32_t word = m->kept[pos];
        int64_t start, end;
        lectern_w2v_window(m, rng, pos, len, &start, &end);
        int64_t nc = 0;
        for (int64_t c = start; c < end; c++) if (c != pos) ctx[nc++] = m->kept[c];
        if (nc == 0) continue;
        // Target 0 is the centre word (label 1), the others are negatives (label 0).
        int64_t nt = 0;
        tgt[nt++] = word;
        for (int32_t k = 0; k < m->negative; k++) {
            const int32_t t = lectern_w2v_negative(m, rng);
            if (t == word) continue;
            tgt[nt++] = t;
        }
        // Scores and gradients: g[c][t] = (label − σ(in_c · out_t)) · α.
        for (int64_t c = 0; c < nc; c++) {
            const float *restrict in = m->syn0 + (int64_t)ctx[c] * dim;
            for (int64_t t = 0; t < nt; t++) {
                const float *restrict out = m->syn1neg + (int64_t)tgt[t] * dim;
                const float f = lectern_dot(in, out, dim);
                const float label = t == 0 ? 1.0f : 0.0f;
                counts->loss += lectern_w2v_loss(m, f, label);
                g[c * nt + t] = lectern_w2v_gradient(m, f, label, alpha);
            }
        }
        counts->samples += nc * nt;
        counts->pairs += nc;
        // Context gradients from the old output vectors: dctx = G · OUT.
        for (int64_t c = 0; c < nc; c++) {
            float *restrict row = dctx + c * dim;
            for (int64_t d = 0; d < dim; d++) row[d] = 0;
            for (int64_t t = 0; t < nt; t++) {
                const float gv = g[c * nt + t];
                const float *restrict out = m->syn1neg + (int64_t)tgt[t] * dim;
                for (int64_t d = 0; d < dim; d++) row[d] += gv * out[d];
            }
        }
        // Output updates from the old context vectors: out_t += Σ_c g[c][t] · in_c.
        for (int64_t t = 0; t < nt; t++) {
            float *restrict out = m->syn1neg + (int64_t)tgt[t] * dim;
            for (int64_t c = 0; c < nc; c++) {
                const float gv = g[c * nt + t];
                const float *restrict in = m->syn0 + (int64_t)ctx[c] * dim;
                for (int64_t d = 0; d < dim; d++) out[d] += gv * in[d];
            }
        }
        for (int64_t c = 0; c < nc; c++) {
            float *restrict in = m->syn0 + (int64_t)ctx[c] * dim;
            const float *restrict row = dctx + c * dim;
            for (int64_t d = 0; d < dim; d++) in[d] += row[d];
        }
    }
}

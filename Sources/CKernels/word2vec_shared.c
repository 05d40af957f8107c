// Skip-gram with negative samples shared across the window, as small dense matrix products (see the header).
#include "word2vec_kernel.h"
#include "vector_ops.h"

#if defined(__x86_64__) && defined(__linux__) && defined(__clang__)
#define LECTERN_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define LECTERN_CLONES
#endif

#define MAX_ROWS 256

static inline uint64_t lcg(uint64_t *state) {
    *state = *state * 25214903917ULL + 11ULL;
    return *state;
}

static inline uint32_t rand32(uint64_t *state) { return (uint32_t)(lcg(state) >> 16); }

static inline int32_t negative_sample(const lectern_w2v_model *m, uint64_t *state) {
    const uint32_t column = (uint32_t)(((uint64_t)rand32(state) * (uint64_t)m->vocab) >> 32);
    return rand32(state) < m->alias_prob[column] ? (int32_t)column : m->alias_index[column];
}

LECTERN_CLONES
void lectern_w2v_sentence_shared(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                                 uint64_t *rng, lectern_w2v_counts *counts, float *scratch) {
    const int64_t dim = m->dim;
    const float scale = LECTERN_W2V_TABLE / LECTERN_W2V_MAX_EXP / 2.0f;
    int64_t len = 0;
    for (int64_t i = 0; i < n; i++) {
        const int32_t w = tokens[i];
        if (m->keep[w] != 0xFFFFFFFFu && rand32(rng) >= m->keep[w]) continue;
        m->kept[len++] = w;
    }
    counts->words += n;
    int32_t ctx[MAX_ROWS], tgt[MAX_ROWS];
    float label[MAX_ROWS];
    // scratch: G (contexts × targets), then the context-gradient rows (contexts × dim).
    for (int64_t pos = 0; pos < len; pos++) {
        const int32_t word = m->kept[pos];
        const int32_t b = (int32_t)(lcg(rng) % (uint64_t)m->window);
        const int64_t start = pos - (m->window - b) < 0 ? 0 : pos - (m->window - b);
        const int64_t end = pos + (m->window - b) + 1 > len ? len : pos + (m->window - b) + 1;
        int nc = 0;
        for (int64_t c = start; c < end; c++) if (c != pos) ctx[nc++] = m->kept[c];
        if (nc == 0) continue;
        int nt = 0;
        tgt[nt] = word; label[nt++] = 1;
        for (int32_t k = 0; k < m->negative; k++) {
            const int32_t t = negative_sample(m, rng);
            if (t == word) continue;
            tgt[nt] = t; label[nt++] = 0;
        }
        float *restrict g = scratch;                 // nc × nt
        float *restrict dctx = scratch + nc * nt;    // nc × dim
        // Scores and gradients: g[c][t] = (label − σ(in_c · out_t)) · α.
        for (int c = 0; c < nc; c++) {
            const float *restrict in = m->syn0 + (int64_t)ctx[c] * dim;
            for (int t = 0; t < nt; t++) {
                const float *restrict out = m->syn1neg + (int64_t)tgt[t] * dim;
                const float f = lectern_dot(in, out, dim);
                const float sf = label[t] > 0 ? f : -f;
                if (sf >= LECTERN_W2V_MAX_EXP) { }
                else if (sf <= -LECTERN_W2V_MAX_EXP) counts->loss += -sf;
                else counts->loss -= m->log_sigmoid[(int)((sf + LECTERN_W2V_MAX_EXP) * scale)];
                float gv;
                if (f > LECTERN_W2V_MAX_EXP) gv = (label[t] - 1) * alpha;
                else if (f < -LECTERN_W2V_MAX_EXP) gv = label[t] * alpha;
                else gv = (label[t] - m->sigmoid[(int)((f + LECTERN_W2V_MAX_EXP) * scale)]) * alpha;
                g[c * nt + t] = gv;
            }
        }
        counts->samples += nc * nt;
        counts->pairs += nc;
        // Context gradients from the old output vectors: dctx = G · OUT.
        for (int c = 0; c < nc; c++) {
            float *restrict row = dctx + c * dim;
            for (int64_t d = 0; d < dim; d++) row[d] = 0;
            for (int t = 0; t < nt; t++) {
                const float gv = g[c * nt + t];
                const float *restrict out = m->syn1neg + (int64_t)tgt[t] * dim;
                for (int64_t d = 0; d < dim; d++) row[d] += gv * out[d];
            }
        }
        // Output updates from the old context vectors: out_t += Σ_c g[c][t] · in_c.
        for (int t = 0; t < nt; t++) {
            float *restrict out = m->syn1neg + (int64_t)tgt[t] * dim;
            for (int c = 0; c < nc; c++) {
                const float gv = g[c * nt + t];
                const float *restrict in = m->syn0 + (int64_t)ctx[c] * dim;
                for (int64_t d = 0; d < dim; d++) out[d] += gv * in[d];
            }
        }
        for (int c = 0; c < nc; c++) {
            float *restrict in = m->syn0 + (int64_t)ctx[c] * dim;
            const float *restrict row = dctx + c * dim;
            for (int64_t d = 0; d < dim; d++) in[d] += row[d];
        }
    }
}

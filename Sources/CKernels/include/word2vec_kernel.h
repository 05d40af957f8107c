#ifndef LECTERN_WORD2VEC_KERNEL_H
#define LECTERN_WORD2VEC_KERNEL_H

#include <stdint.h>

/// σ and log σ are tabulated on [-LECTERN_W2V_MAX_EXP, LECTERN_W2V_MAX_EXP] in LECTERN_W2V_TABLE steps, as in
/// word2vec.c: entry i (i = 0 … LECTERN_W2V_TABLE, so LECTERN_W2V_TABLE_ENTRIES = TABLE + 1 entries, both ends
/// included) holds the value at x_i = (2i / TABLE − 1) · MAX_EXP, and a score x in [−MAX_EXP, MAX_EXP] reads
/// entry ⌊(x + MAX_EXP) · TABLE / (2 · MAX_EXP)⌋ (x = MAX_EXP reads the last one).
#define LECTERN_W2V_TABLE 1000
#define LECTERN_W2V_MAX_EXP 6
#define LECTERN_W2V_TABLE_ENTRIES (LECTERN_W2V_TABLE + 1)

/// Everything one worker's inner loop reads: shared weights (updated without locks, as word2vec.c and
/// gensim do), the sampling tables, and the worker's own scratch space.
typedef struct {
    float *syn0;                    // vocab × dim input vectors (the word vectors)
    float *syn1neg;                 // vocab × dim output vectors for negative sampling
    int64_t dim;
    int64_t vocab;
    const uint32_t *keep;           // sub-sampling: keep word w when a random u32 <= keep[w] (Subsampler.keeps);
                                    //   0xFFFFFFFF keeps all
    const uint32_t *alias_prob;     // Walker alias table for the negative distribution (∝ count^0.75):
    const int32_t *alias_index;     //   column i, keep i when a random u32 < alias_prob[i], else alias_index[i]
                                    //   (UnigramTable.columns)
    const float *sigmoid;           // σ(x_i), LECTERN_W2V_TABLE_ENTRIES entries
    const float *log_sigmoid;       // log σ(x_i) on the same grid, for the reported loss
    int32_t window;                 // ≥ 1
    int32_t negative;               // ≥ 0
    int32_t cbow;                   // 0: skip-gram, 1: CBOW (mean of the context)
    float *neu1;                    // dim scratch (per worker)
    float *neu1e;                   // dim scratch (per worker)
    int32_t *kept;                  // scratch for one sentence's kept tokens: room for the longest sentence (per worker)
} lectern_w2v_model;

/// Counters one call adds to.
typedef struct {
    int64_t words;                  // tokens of the sentence (before sub-sampling)
    int64_t pairs;                  // (centre, context) pairs trained
    double loss;                    // Σ of −log σ(±f) over every positive and negative sample
    int64_t samples;                // how many terms `loss` sums
} lectern_w2v_counts;

/// Trains on one sentence with learning rate `alpha`. `rng` is the worker's word2vec.c-style LCG state.
void lectern_w2v_sentence(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                          uint64_t *rng, lectern_w2v_counts *counts);

/// Skip-gram with the negative samples shared across a centre word's context window (Ji et al., 2016,
/// "Parallelizing Word2Vec in Shared and Distributed Memory"): the context vectors (≤ 2·window rows) and the
/// targets (the centre word and `negative` samples) form two small matrices, and the updates become small
/// dense products — the same number of multiply-adds as the per-pair loop, with each row loaded once per
/// centre word instead of once per pair. Skip-gram only (m->cbow is ignored).
///
/// `scratch` is the worker's own and must hold lectern_w2v_shared_scratch_floats(window, negative, dim) floats,
/// exactly 2·window·(dim + negative + 2) + negative + 1: the context-gradient rows (2·window × dim), the score
/// gradients (2·window × (negative + 1)), then the context and target word indices (2·window and negative + 1
/// int32). The kernel keeps nothing on the stack, so any window and negative fit. rowsMax · (dim + rowsMax) with
/// rowsMax = 2·window + negative + 1 (what Word2VecTrainer allocates) is always at least that much.
void lectern_w2v_sentence_shared(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                                 uint64_t *rng, lectern_w2v_counts *counts, float *scratch);

/// The floats of scratch lectern_w2v_sentence_shared needs (see there).
static inline int64_t lectern_w2v_shared_scratch_floats(int32_t window, int32_t negative, int64_t dim) {
    return 2 * (int64_t)window * (dim + (int64_t)negative + 2) + (int64_t)negative + 1;
}

#endif

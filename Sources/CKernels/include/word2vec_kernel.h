#ifndef LECTERN_WORD2VEC_KERNEL_H
#define LECTERN_WORD2VEC_KERNEL_H

#include <stdint.h>

/// Sigmoid values on [-LECTERN_W2V_MAX_EXP, LECTERN_W2V_MAX_EXP] in LECTERN_W2V_TABLE steps, as word2vec.c.
#define LECTERN_W2V_TABLE 1000
#define LECTERN_W2V_MAX_EXP 6

/// Everything one worker's inner loop reads: shared weights (updated without locks, as word2vec.c and
/// gensim do), the sampling tables, and the worker's own scratch space.
typedef struct {
    float *syn0;                    // vocab × dim input vectors (the word vectors)
    float *syn1neg;                 // vocab × dim output vectors for negative sampling
    int64_t dim;
    int64_t vocab;
    const uint32_t *keep;           // sub-sampling: keep word w when a random u32 < keep[w]; 0xFFFFFFFF keeps all
    const uint32_t *alias_prob;     // Walker alias table for the negative distribution (∝ count^0.75):
    const int32_t *alias_index;     //   column i, keep i when a random u32 < alias_prob[i], else alias_index[i]
    const float *sigmoid;           // LECTERN_W2V_TABLE entries
    const float *log_sigmoid;       // log σ(x) on the same grid, for the reported loss
    int32_t window;
    int32_t negative;
    int32_t cbow;                   // 0: skip-gram, 1: CBOW (mean of the context)
    float *neu1;                    // dim scratch (per worker)
    float *neu1e;                   // dim scratch (per worker)
    int32_t *kept;                  // scratch for one sentence's kept tokens (per worker)
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
/// centre word instead of once per pair. `scratch` needs (2·window + negative + 1) · (dim + 1) floats.
void lectern_w2v_sentence_shared(const lectern_w2v_model *m, const int32_t *tokens, int64_t n, float alpha,
                                 uint64_t *rng, lectern_w2v_counts *counts, float *scratch);

#endif

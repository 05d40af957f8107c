// Internal pieces shared by the kernels (not part of the module's public headers): the run-time CPU dispatch
// attribute, and the random draws and table look-ups of the Word2Vec inner loops (word2vec.c, word2vec_shared.c).
#ifndef LECTERN_KERNEL_COMMON_H
#define LECTERN_KERNEL_COMMON_H

#include <stdint.h>
#include "word2vec_kernel.h"

/// An AVX2/FMA clone chosen at run time where the CPU has it (x86-64 Linux with clang), else the plain build.
/// Not under ThreadSanitizer: the clone's resolver runs while the loader relocates, before the TSan runtime
/// is up, and its instrumented entry crashes the process (`make tsan`).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define LECTERN_NO_CLONES 1
#endif
#endif
#if defined(__x86_64__) && defined(__linux__) && defined(__clang__) && !defined(LECTERN_NO_CLONES)
#define LECTERN_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define LECTERN_CLONES
#endif

// MARK: - Random numbers

/// word2vec.c's linear congruential generator; returns the new state.
static inline uint64_t lectern_lcg(uint64_t *state) {
    *state = *state * 25214903917ULL + 11ULL;
    return *state;
}

/// A random u32 from the high bits of the LCG (its low bits are weak).
static inline uint32_t lectern_rand32(uint64_t *state) { return (uint32_t)(lectern_lcg(state) >> 16); }

// MARK: - Word2Vec sampling

/// Sub-sampling, as word2vec.c does before the windows are formed: copies the tokens of the sentence that
/// survive into m->kept (which needs room for n) and returns how many did. Occurrence of w is kept when a random
/// u32 r satisfies r <= keep[w] (the rule of Subsampler.keeps and gensim; keep[w] = 0xFFFFFFFF keeps always).
static inline int64_t lectern_w2v_subsample(const lectern_w2v_model *m, const int32_t *tokens, int64_t n,
                                            uint64_t *rng) {
    int64_t len = 0;
    for (int64_t i = 0; i < n; i++) {
        const int32_t w = tokens[i];
        if (lectern_rand32(rng) <= m->keep[w]) m->kept[len++] = w;
    }
    return len;
}

/// word2vec.c's dynamic window around kept position `pos` of `len`: a half-width drawn uniformly from
/// 1 … window, clipped to the sentence; the context is kept[*start ..< *end] without pos itself.
static inline void lectern_w2v_window(const lectern_w2v_model *m, uint64_t *rng, int64_t pos, int64_t len,
                                      int64_t *start, int64_t *end) {
    const int64_t half = m->window - (int64_t)(lectern_lcg(rng) % (uint64_t)m->window);
    *start = pos - half < 0 ? 0 : pos - half;
    *end = pos + half + 1 > len ? len : pos + half + 1;
}

/// A negative sample from the Walker alias table, with UnigramTable.columns's rule: a uniform u32 picks column
/// c by multiply-shift, and a second one answers c when it is < alias_prob[c], else alias_index[c].
static inline int32_t lectern_w2v_negative(const lectern_w2v_model *m, uint64_t *rng) {
    const uint32_t column = (uint32_t)(((uint64_t)lectern_rand32(rng) * (uint64_t)m->vocab) >> 32);
    return lectern_rand32(rng) < m->alias_prob[column] ? (int32_t)column : m->alias_index[column];
}

// MARK: - σ and loss look-ups

/// Table entries per unit of x: entry i is at x_i = i / scale − MAX_EXP = (2i / TABLE − 1) · MAX_EXP, the grid
/// SamplingTables.swift fills, so index ⌊(x + MAX_EXP) · scale⌋ is the entry at or just below x.
#define LECTERN_W2V_SCALE ((float)LECTERN_W2V_TABLE / (2.0f * LECTERN_W2V_MAX_EXP))

/// The table entry for x in [−MAX_EXP, MAX_EXP]: 0 … LECTERN_W2V_TABLE (x = MAX_EXP, or x just below it after
/// rounding, gives TABLE itself, the reason the tables have TABLE + 1 entries).
static inline int lectern_w2v_table_index(float x) {
    return (int)((x + LECTERN_W2V_MAX_EXP) * LECTERN_W2V_SCALE);
}

/// The gradient factor (label − σ(f)) · α of one sample with score f, σ saturating to 0 / 1 beyond ±MAX_EXP
/// as in word2vec.c. (A NaN score takes the last branch rather than indexing the table with garbage.)
static inline float lectern_w2v_gradient(const lectern_w2v_model *m, float f, float label, float alpha) {
    if (f > LECTERN_W2V_MAX_EXP) return (label - 1) * alpha;
    if (f >= -LECTERN_W2V_MAX_EXP) return (label - m->sigmoid[lectern_w2v_table_index(f)]) * alpha;
    return label * alpha;
}

/// The loss of one sample: −log σ(f) for the true word (label 1), −log σ(−f) for a negative one (label 0);
/// 0 beyond +MAX_EXP and the asymptote −x beyond −MAX_EXP.
static inline float lectern_w2v_loss(const lectern_w2v_model *m, float f, float label) {
    const float sf = label > 0 ? f : -f;
    if (sf >= LECTERN_W2V_MAX_EXP) return 0;
    if (sf > -LECTERN_W2V_MAX_EXP) return -m->log_sigmoid[lectern_w2v_table_index(sf)];
    return -sf;
}

#endif

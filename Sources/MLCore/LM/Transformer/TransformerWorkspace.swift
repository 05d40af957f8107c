/// The activations a Transformer's forward pass keeps for its backward pass, and the backward's scratch, in
/// buffers that grow to the largest batch seen and are reused after that (no allocation per step).
///
/// A model owns one; a copy of the model that is about to run makes its own (see `TransformerModel`), so no two
/// models ever write the same workspace — the reason it may be marked Sendable.
final class TransformerWorkspace: @unchecked Sendable {
    /// One growable buffer.
    struct Buffer {
        var pointer: UnsafeMutablePointer<Float>
        var capacity: Int
        init() { pointer = .allocate(capacity: 1); capacity = 1 }
        mutating func reserve(_ n: Int) {
            guard n > capacity else { return }
            pointer.deallocate()
            pointer = .allocate(capacity: n)
            capacity = n
        }
    }

    // Per layer (layer stride = rows × width of the current call).
    var x = Buffer()        // (layers + 1) × rows × C: the residual stream entering each block, then the last
    var mid = Buffer()      // layers × rows × C: after the attention's residual
    var ln1 = Buffer(), ln2 = Buffer()             // layers × rows × C
    var ln1Stats = Buffer(), ln2Stats = Buffer()   // layers × 2 × rows: mean, then rstd
    var qkv = Buffer()      // layers × rows × 3C
    var probs = Buffer()    // layers × batch × heads × T × T
    var attY = Buffer()     // layers × rows × C
    var fcPre = Buffer(), fcAct = Buffer()         // layers × rows × 4C
    // Once.
    var lnf = Buffer(), lnfStats = Buffer(), logits = Buffer()
    // Backward scratch.
    var dx = Buffer(), dln = Buffer(), dqkv = Buffer(), dAttY = Buffer(), dfc = Buffer(), dLogits = Buffer()
    /// The shape of the last forward pass (what `probs` holds).
    var batch = 0, length = 0

    func reserve(_ config: TransformerConfig, batch: Int, length: Int) {
        let rows = batch * length, c = config.embedding, l = config.layers
        x.reserve((l + 1) * rows * c)
        mid.reserve(l * rows * c)
        ln1.reserve(l * rows * c)
        ln2.reserve(l * rows * c)
        ln1Stats.reserve(l * 2 * rows)
        ln2Stats.reserve(l * 2 * rows)
        qkv.reserve(l * rows * 3 * c)
        probs.reserve(l * batch * config.heads * length * length)
        attY.reserve(l * rows * c)
        fcPre.reserve(l * rows * 4 * c)
        fcAct.reserve(l * rows * 4 * c)
        lnf.reserve(rows * c)
        lnfStats.reserve(2 * rows)
        logits.reserve(rows * config.vocabularySize)
        self.batch = batch
        self.length = length
    }

    func reserveBackward(_ config: TransformerConfig, rows: Int) {
        let c = config.embedding
        dx.reserve(rows * c)
        dln.reserve(rows * c)
        dqkv.reserve(rows * 3 * c)
        dAttY.reserve(rows * c)
        dfc.reserve(rows * 4 * c)
        dLogits.reserve(rows * config.vocabularySize)
    }

    /// Bytes held (the memory report).
    var bytes: Int {
        [x, mid, ln1, ln2, ln1Stats, ln2Stats, qkv, probs, attY, fcPre, fcAct, lnf, lnfStats, logits,
         dx, dln, dqkv, dAttY, dfc, dLogits].reduce(0) { $0 + $1.capacity * 4 }
    }

    deinit {
        for b in [x, mid, ln1, ln2, ln1Stats, ln2Stats, qkv, probs, attY, fcPre, fcAct, lnf, lnfStats, logits,
                  dx, dln, dqkv, dAttY, dfc, dLogits] { b.pointer.deallocate() }
    }
}

import Testing
@testable import MLCore

@Suite struct SplitMix64Tests {
    @Test func matchesReferenceSequence() {
        // Reference values of SplitMix64 seeded with 0 (as in Vigna's splitmix64.c).
        var rng = SplitMix64(seed: 0)
        #expect(rng.next() == 0xE220_A839_7B1D_CDAF)
        #expect(rng.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(rng.next() == 0x06C4_5D18_8009_454F)
    }

    @Test func sameSeedSameSequenceDifferentSeedDiffers() {
        var a = SplitMix64(seed: 42), b = SplitMix64(seed: 42), c = SplitMix64(seed: 43)
        let xs = (0..<8).map { _ in a.next() }
        #expect(xs == (0..<8).map { _ in b.next() })
        #expect(xs != (0..<8).map { _ in c.next() })
    }

    @Test func unitFloatsStayInRange() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<10_000 {
            let f = rng.nextUnitFloat()
            #expect(f >= 0 && f < 1)
        }
    }
}

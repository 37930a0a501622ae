/// Small, fast 64-bit hashes of bytes for the hot paths of scoring and deduplication.
///
/// Not cryptographic and not meant to be: they name words and shingles inside one run. FNV-1a
/// over the bytes, then the SplitMix64 finaliser, so that every input bit reaches every
/// output bit (MinHash takes minima, which only look at the high bits).
package enum ByteHash {
    @inline(__always)
    package static func fnv1a<Bytes: Sequence>(_ bytes: Bytes) -> UInt64 where Bytes.Element == UInt8 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return mix(hash)
    }

    /// The SplitMix64 finaliser: a bijection with full avalanche.
    @inline(__always)
    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Order-sensitive combination of a running hash with the next value.
    @inline(__always)
    package static func combine(_ hash: UInt64, _ value: UInt64) -> UInt64 {
        mix((hash &* 0x9E37_79B9_7F4A_7C15) ^ value)
    }
}

/// The SplitMix64 generator: a seeded, platform-independent stream of 64-bit values, so that
/// hash-family parameters are the same on every machine and in every run.
package struct SplitMix64: Sendable {
    private var state: UInt64
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return ByteHash.mix(state)
    }
}

/// MinHash signatures of texts over word n-gram shingles, with 64-bit hashing throughout.
///
/// Words are runs of ASCII letters and digits and of non-ASCII bytes, lower-cased; everything
/// else separates them, so punctuation, whitespace and comment markers do not change a
/// shingle. Each word is hashed once; a shingle's hash combines its words' hashes in order.
/// The `bands × rows` hash functions are the xor-multiply family `h_i(x) = (x ^ a_i) * m_i`
/// (mod 2^64, `m_i` odd, both from a seeded SplitMix64 stream): each is a bijection of 64-bit
/// values, and the minimum over a set is decided by the high bits, which depend on all of `x`.
public struct MinHasher: Sendable {
    public let shingleSize: Int
    public let bands: Int
    public let rows: Int
    public var hashCount: Int { bands * rows }
    private let xors: [UInt64]
    private let multipliers: [UInt64]

    public init(shingleSize: Int = 5, bands: Int = 14, rows: Int = 8, seed: UInt64 = 1) {
        precondition(shingleSize > 0 && bands > 0 && rows > 0)
        self.shingleSize = shingleSize
        self.bands = bands
        self.rows = rows
        var generator = SplitMix64(seed: seed)
        var xors = [UInt64]()
        var multipliers = [UInt64]()
        for _ in 0..<(bands * rows) {
            xors.append(generator.next())
            multipliers.append(generator.next() | 1)
        }
        self.xors = xors
        self.multipliers = multipliers
    }

    /// The shingle hashes of `text`, in order (repeats included). A text with fewer words than
    /// a shingle gives one shingle of all its words; a text without words gives none.
    public func shingles(_ text: UnsafeBufferPointer<UInt8>, into result: inout [UInt64]) {
        result.removeAll(keepingCapacity: true)
        let n = shingleSize
        var window = [UInt64](repeating: 0, count: n)
        var words = 0
        var index = 0
        let count = text.count
        window.withUnsafeMutableBufferPointer { window in
            while index < count {
                // Skip separators.
                while index < count, !Self.isWordByte(text[index]) { index += 1 }
                guard index < count else { break }
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                while index < count, Self.isWordByte(text[index]) {
                    hash = (hash ^ UInt64(Self.lowered(text[index]))) &* 0x0000_0100_0000_01B3
                    index += 1
                }
                window[words % n] = hash
                words += 1
                if words >= n { result.append(Self.shingleHash(window, newest: words)) }
            }
            if words > 0 && words < n { result.append(Self.shingleHash(UnsafeMutableBufferPointer(rebasing: window[0..<words]), newest: words)) }
        }
    }

    /// Writes the signature of `text` (`hashCount` values) into `signature`; a text without
    /// words gets all `UInt64.max`, which the clusterer treats as "no signature".
    public func signature(_ text: UnsafeBufferPointer<UInt8>, shingleBuffer: inout [UInt64],
                           into signature: UnsafeMutableBufferPointer<UInt64>) {
        shingles(text, into: &shingleBuffer)
        for slot in 0..<hashCount { signature[slot] = .max }
        xors.withUnsafeBufferPointer { xors in
            multipliers.withUnsafeBufferPointer { multipliers in
                shingleBuffer.withUnsafeBufferPointer { shingles in
                    // One hash function at a time over all shingles keeps a and m in registers
                    // and lets the compiler vectorise the inner loop.
                    for slot in 0..<hashCount {
                        let a = xors[slot], m = multipliers[slot]
                        var low = UInt64.max
                        for shingle in shingles {
                            let value = (shingle ^ a) &* m
                            low = value < low ? value : low
                        }
                        signature[slot] = low
                    }
                }
            }
        }
    }

    /// Bytes that belong to words: ASCII letters and digits, and every byte of a non-ASCII
    /// character.
    @inline(__always)
    static func isWordByte(_ byte: UInt8) -> Bool {
        byte >= 0x80 || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
    }

    @inline(__always)
    static func lowered(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Combines the words of a window in reading order; `newest` counts the words so far, so
    /// the oldest word sits at `newest % n` in the ring.
    @inline(__always)
    private static func shingleHash(_ window: UnsafeMutableBufferPointer<UInt64>, newest: Int) -> UInt64 {
        let n = window.count
        var hash: UInt64 = 0x243F_6A88_85A3_08D3
        for offset in 0..<n { hash = ByteHash.combine(hash, window[(newest + offset) % n]) }
        return hash
    }
}

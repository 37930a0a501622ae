/// An open-addressing hash table from a pair of token ids to a 64-bit value: merge ranks in
/// the encoder, pair slots in the trainer.
struct PairTable {
    private var keys: [UInt64]
    private(set) var values: [UInt64]
    private(set) var count = 0
    private var mask: Int
    private static let empty = UInt64.max

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [UInt64](repeating: 0, count: size)
    }

    @inline(__always)
    static func key(_ a: UInt32, _ b: UInt32) -> UInt64 { UInt64(a) << 32 | UInt64(b) }

    @inline(__always)
    private func slot(_ key: UInt64) -> Int {
        var h = key &* 0x9E3779B97F4A7C15
        h ^= h >> 29
        var index = Int(truncatingIfNeeded: h) & mask
        while true {
            let stored = keys[index]
            if stored == key || stored == Self.empty { return index }
            index = (index + 1) & mask
        }
    }

    @inline(__always)
    func value(_ key: UInt64) -> UInt64? {
        let index = slot(key)
        return keys[index] == Self.empty ? nil : values[index]
    }

    /// The value of `key`, inserting `make()` first when absent.
    @inline(__always)
    mutating func value(_ key: UInt64, orInsert make: () -> UInt64) -> UInt64 {
        var index = slot(key)
        if keys[index] == Self.empty {
            if (count + 1) * 2 > mask + 1 {
                grow()
                index = slot(key)
            }
            keys[index] = key
            values[index] = make()
            count += 1
        }
        return values[index]
    }

    mutating func set(_ key: UInt64, _ value: UInt64) {
        _ = self.value(key) { value }
        values[slot(key)] = value
    }

    private mutating func grow() {
        let (oldKeys, oldValues) = (keys, values)
        let size = (mask + 1) * 2
        mask = size - 1
        keys = [UInt64](repeating: Self.empty, count: size)
        values = [UInt64](repeating: 0, count: size)
        for i in 0..<oldKeys.count where oldKeys[i] != Self.empty {
            let index = slot(oldKeys[i])
            keys[index] = oldKeys[i]
            values[index] = oldValues[i]
        }
    }
}

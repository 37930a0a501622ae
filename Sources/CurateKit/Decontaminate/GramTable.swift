/// A hash table from 64-bit n-gram hashes to the evaluation items that hold them: open
/// addressing with linear probing over two flat arrays, so a lookup that misses (nearly every
/// lookup of a clean sample) costs one or two cache lines and no allocation.
struct GramTable: Sendable {
    private var keys: [UInt64]
    /// The item of a key, or `overflowFlag | i` when several items share it (`overflow[i]`).
    private var values: [UInt32]
    private var overflow: [[UInt32]] = []
    private let mask: Int
    private static let overflowFlag: UInt32 = 1 << 31
    private(set) var count = 0

    init(expected: Int) {
        var capacity = 16
        while capacity < expected * 2 { capacity <<= 1 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [UInt32](repeating: 0, count: capacity)
        mask = capacity - 1
    }

    /// Keys are never 0: 0 marks an empty slot.
    @inline(__always) static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// Adds `item` to the key's items; returns false when it was there already.
    @discardableResult
    mutating func insert(_ hash: UInt64, item: UInt32) -> Bool {
        let key = Self.key(hash)
        var slot = Int(truncatingIfNeeded: key) & mask
        while keys[slot] != 0 {
            if keys[slot] == key {
                let value = values[slot]
                if value & Self.overflowFlag != 0 {
                    let list = Int(value & ~Self.overflowFlag)
                    if overflow[list].contains(item) { return false }
                    overflow[list].append(item)
                } else {
                    if value == item { return false }
                    overflow.append([value, item])
                    values[slot] = Self.overflowFlag | UInt32(overflow.count - 1)
                }
                return true
            }
            slot = (slot + 1) & mask
        }
        keys[slot] = key
        values[slot] = item
        count += 1
        return true
    }

    /// Calls `body` with each item holding the key.
    @inline(__always)
    func forEachItem(_ hash: UInt64, _ body: (UInt32) -> Void) {
        let key = Self.key(hash)
        var slot = Int(truncatingIfNeeded: key) & mask
        keys.withUnsafeBufferPointer { keys in
            while keys[slot] != 0 {
                if keys[slot] == key {
                    let value = values[slot]
                    if value & Self.overflowFlag != 0 {
                        for item in overflow[Int(value & ~Self.overflowFlag)] { body(item) }
                    } else {
                        body(value)
                    }
                    return
                }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// The hashes of every window of `n` consecutive tokens, rolled in constant time per window
/// (a polynomial over the tokens' hashes, then a finaliser so nearby windows spread).
enum RollingGrams {
    static let base: UInt64 = 0x100_0000_01B3

    static func forEach(_ tokens: [UInt64], n: Int, _ body: (UInt64) -> Void) {
        guard n > 0, tokens.count >= n else { return }
        var power: UInt64 = 1
        for _ in 1..<n { power = power &* base }
        var hash: UInt64 = 0
        tokens.withUnsafeBufferPointer { tokens in
            for index in 0..<n { hash = hash &* base &+ tokens[index] }
            body(ByteHash.mix(hash))
            var index = n
            while index < tokens.count {
                hash = (hash &- tokens[index - n] &* power) &* base &+ tokens[index]
                body(ByteHash.mix(hash))
                index += 1
            }
        }
    }
}

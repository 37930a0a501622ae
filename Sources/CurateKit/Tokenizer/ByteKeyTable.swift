import Foundation

/// An open-addressing hash table from byte strings to a 64-bit value, with the keys kept in
/// one arena: counting pieces, caching encoded pieces and looking tokens up by their bytes
/// all happen in the hot path, where a `Dictionary<[UInt8], …>` would allocate per lookup.
struct ByteKeyTable {
    private var hashes: [UInt64]
    private var keyStarts: [UInt32]
    private var keyLengths: [UInt32]
    private(set) var values: [UInt64]
    private var arena: [UInt8] = []
    private(set) var count = 0
    private var mask: Int

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        mask = size - 1
        hashes = [UInt64](repeating: 0, count: size)
        keyStarts = [UInt32](repeating: 0, count: size)
        keyLengths = [UInt32](repeating: 0, count: size)
        values = [UInt64](repeating: 0, count: size)
    }

    /// Bytes held by keys, a measure of the table's memory.
    var arenaBytes: Int { arena.count }

    /// FNV-1a over 8-byte words then the tail, finished with a multiply-shift mix; 0 is
    /// reserved for empty slots.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf29ce484222325
        var i = 0
        let n = bytes.count
        guard n > 0, let base = bytes.baseAddress else { return 0x9E3779B97F4A7C15 }
        while i + 8 <= n {
            let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            h = (h ^ word) &* 0x100000001b3
            h ^= h >> 29
            i += 8
        }
        while i < n {
            h = (h ^ UInt64(base[i])) &* 0x100000001b3
            i += 1
        }
        h ^= UInt64(n)
        h = (h ^ (h >> 32)) &* 0xd6e8feb86659fd93
        h ^= h >> 32
        return h == 0 ? 1 : h
    }

    @inline(__always)
    private func slot(for key: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = hashes[index]
            if stored == 0 { return index }
            if stored == hash, Int(keyLengths[index]) == key.count {
                let start = Int(keyStarts[index])
                let same = arena.withUnsafeBufferPointer { a in
                    key.count == 0 || memcmp(a.baseAddress! + start, key.baseAddress!, key.count) == 0
                }
                if same { return index }
            }
            index = (index + 1) & mask
        }
    }

    /// The value stored for `key`, if any.
    @inline(__always)
    func value(for key: UnsafeBufferPointer<UInt8>) -> UInt64? {
        let index = slot(for: key, hash: Self.hash(key))
        return hashes[index] == 0 ? nil : values[index]
    }

    func value(for key: [UInt8]) -> UInt64? {
        key.withUnsafeBufferPointer { value(for: $0) }
    }

    /// Adds `amount` to the value of `key`, inserting it with `amount` when absent.
    @inline(__always)
    mutating func add(_ key: UnsafeBufferPointer<UInt8>, _ amount: UInt64) {
        update(key, hash: Self.hash(key)) { $0 &+= amount }
    }

    /// Sets the value of `key`.
    mutating func set(_ key: UnsafeBufferPointer<UInt8>, _ value: UInt64) {
        update(key, hash: Self.hash(key)) { $0 = value }
    }

    mutating func set(_ key: [UInt8], _ value: UInt64) {
        key.withUnsafeBufferPointer { set($0, value) }
    }

    @inline(__always)
    private mutating func update(_ key: UnsafeBufferPointer<UInt8>, hash: UInt64, _ change: (inout UInt64) -> Void) {
        var index = slot(for: key, hash: hash)
        if hashes[index] == 0 {
            if (count + 1) * 4 > (mask + 1) * 3 {
                grow()
                index = slot(for: key, hash: hash)
            }
            hashes[index] = hash
            keyStarts[index] = UInt32(arena.count)
            keyLengths[index] = UInt32(key.count)
            arena.append(contentsOf: key)
            values[index] = 0
            count += 1
        }
        change(&values[index])
    }

    private mutating func grow() {
        let old = (hashes, keyStarts, keyLengths, values)
        let size = (mask + 1) * 2
        mask = size - 1
        hashes = [UInt64](repeating: 0, count: size)
        keyStarts = [UInt32](repeating: 0, count: size)
        keyLengths = [UInt32](repeating: 0, count: size)
        values = [UInt64](repeating: 0, count: size)
        for i in 0..<old.0.count where old.0[i] != 0 {
            var index = Int(truncatingIfNeeded: old.0[i]) & mask
            while hashes[index] != 0 { index = (index + 1) & mask }
            hashes[index] = old.0[i]
            keyStarts[index] = old.1[i]
            keyLengths[index] = old.2[i]
            values[index] = old.3[i]
        }
    }

    /// Empties the table but keeps its capacity.
    mutating func removeAll() {
        for i in 0..<hashes.count { hashes[i] = 0 }
        arena.removeAll(keepingCapacity: true)
        count = 0
    }

    /// Calls `body` with every key and value, in slot order.
    func forEach(_ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Void) {
        arena.withUnsafeBufferPointer { a in
            for i in 0..<hashes.count where hashes[i] != 0 {
                let start = Int(keyStarts[i])
                body(UnsafeBufferPointer(rebasing: a[start..<start + Int(keyLengths[i])]), values[i])
            }
        }
    }
}

/// Encodes pieces with a `BPEModel`, keeping a bounded cache of pieces seen before.
///
/// One encoder belongs to one thread. Short pieces merge in place over a small array (the
/// common case, a few symbols); long ones (a run of thousands of one character) use a linked
/// list and a heap so the cost stays near n log n.
struct BPEEncoder {
    let model: BPEModel
    private var cache = ByteKeyTable(capacity: 256)
    private var cachedIDs: [UInt32] = []
    private var ids: [UInt32] = []
    private var ranks: [UInt32] = []

    /// Pieces longer than this are not cached; the cache is emptied when it holds more ids than
    /// `cacheLimit`, so memory stays bounded whatever the input.
    static let cacheablePiece = 128
    static let cacheLimit = 1 << 20
    static let shortPiece = 96

    init(model: BPEModel) {
        self.model = model
    }

    /// Appends the ids of one piece.
    @inline(__always)
    mutating func encode(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        let n = piece.count
        if n == 1 {
            let id = model.byteIDs[Int(piece[0])]
            if id != .max { out.append(id) }
            return
        }
        if n <= Self.cacheablePiece, let found = cache.value(for: piece) {
            let start = Int(found >> 32), count = Int(found & 0xFFFF_FFFF)
            out.append(contentsOf: cachedIDs[start..<start + count])
            return
        }
        let before = out.count
        if model.ignoreMerges, let whole = model.wholeToken(piece) {
            out.append(whole)
        } else if n <= Self.shortPiece {
            mergeShort(piece, into: &out)
        } else {
            mergeLong(piece, into: &out)
        }
        if n <= Self.cacheablePiece {
            if cachedIDs.count > Self.cacheLimit {
                cache.removeAll()
                cachedIDs.removeAll(keepingCapacity: true)
            }
            cache.set(piece, UInt64(cachedIDs.count) << 32 | UInt64(out.count - before))
            cachedIDs.append(contentsOf: out[before...])
        }
    }

    mutating func mergeShort(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        ids.removeAll(keepingCapacity: true)
        for byte in piece {
            let id = model.byteIDs[Int(byte)]
            if id != .max { ids.append(id) }
        }
        ranks.removeAll(keepingCapacity: true)
        if ids.count > 1 {
            for i in 0..<ids.count - 1 { ranks.append(model.merge(ids[i], ids[i + 1])?.rank ?? .max) }
        }
        while ids.count > 1 {
            var best = 0
            var bestRank = ranks[0]
            for i in 1..<ranks.count where ranks[i] < bestRank {
                best = i
                bestRank = ranks[i]
            }
            if bestRank == .max { break }
            ids[best] = model.merge(ids[best], ids[best + 1])!.id
            ids.remove(at: best + 1)
            ranks.remove(at: best)
            if best > 0 { ranks[best - 1] = model.merge(ids[best - 1], ids[best])?.rank ?? .max }
            if best < ranks.count { ranks[best] = model.merge(ids[best], ids[best + 1])?.rank ?? .max }
        }
        out.append(contentsOf: ids)
    }

    func mergeLong(_ piece: UnsafeBufferPointer<UInt8>, into out: inout [UInt32]) {
        var symbols = [UInt32]()
        symbols.reserveCapacity(piece.count)
        for byte in piece {
            let id = model.byteIDs[Int(byte)]
            if id != .max { symbols.append(id) }
        }
        let n = symbols.count
        guard n > 1 else { out.append(contentsOf: symbols); return }
        var next = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i + 1) }; c = n }
        var prev = [Int32](unsafeUninitializedCapacity: n) { b, c in for i in 0..<n { b[i] = Int32(i - 1) }; c = n }
        next[n - 1] = -1
        var alive = [Bool](repeating: true, count: n)
        // Heap entries: rank in the high half, position in the low half; smallest first.
        var heap = MinHeap()
        for i in 0..<n - 1 {
            if let m = model.merge(symbols[i], symbols[i + 1]) { heap.push(UInt64(m.rank) << 32 | UInt64(i)) }
        }
        while let top = heap.pop() {
            let rank = UInt32(top >> 32), pos = Int(top & 0xFFFF_FFFF)
            guard alive[pos], next[pos] >= 0 else { continue }
            let right = Int(next[pos])
            guard let m = model.merge(symbols[pos], symbols[right]), m.rank == rank else { continue }
            symbols[pos] = m.id
            alive[right] = false
            next[pos] = next[right]
            if next[pos] >= 0 { prev[Int(next[pos])] = Int32(pos) }
            if prev[pos] >= 0, let left = model.merge(symbols[Int(prev[pos])], m.id) {
                heap.push(UInt64(left.rank) << 32 | UInt64(prev[pos]))
            }
            if next[pos] >= 0, let after = model.merge(m.id, symbols[Int(next[pos])]) {
                heap.push(UInt64(after.rank) << 32 | UInt64(pos))
            }
        }
        var i = 0
        while i >= 0 {
            out.append(symbols[i])
            i = Int(next[i])
        }
    }
}

/// A binary min-heap of 64-bit keys.
struct MinHeap {
    private var items: [UInt64] = []

    var isEmpty: Bool { items.isEmpty }

    mutating func push(_ item: UInt64) {
        items.append(item)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if items[parent] <= items[i] { break }
            items.swapAt(parent, i)
            i = parent
        }
    }

    mutating func pop() -> UInt64? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < items.count, items[l] < items[smallest] { smallest = l }
                if r < items.count, items[r] < items[smallest] { smallest = r }
                if smallest == i { break }
                items.swapAt(i, smallest)
                i = smallest
            }
        }
        return first
    }
}

/// Settings of BPE training, from a domain's `[tokenizer]` section or the command line.
public struct BPETrainingSettings: Sendable, Hashable {
    /// Target vocabulary size, added tokens and the 256 bytes included.
    public var vocabularySize: Int
    /// A pair seen fewer times than this is never merged.
    public var minimumFrequency: Int
    public var pattern: PreTokenizerPattern
    /// Added tokens, all special, given the first ids in this order.
    public var specialTokens: [String]

    public init(vocabularySize: Int, minimumFrequency: Int = 2, pattern: PreTokenizerPattern = .gpt4, specialTokens: [String] = []) {
        self.vocabularySize = vocabularySize
        self.minimumFrequency = minimumFrequency
        self.pattern = pattern
        self.specialTokens = specialTokens
    }
}

/// Learns byte-level BPE merges from counted pieces.
///
/// Each step merges the pair with the highest count, ties going to the smaller pair of ids;
/// ids are given as Hugging Face's `BpeTrainer` gives them (special tokens, then the 256 byte
/// characters in code point order, then merged tokens in order), so on the same pieces both
/// learn the same merges. Pair counts live in a table over integer ids; a max-heap holds
/// candidate pairs and is corrected lazily (a popped pair whose count changed is pushed again
/// with its true count); a merge touches only the words that contain its pair.
public enum BPETrainer {
    public static func train(_ counter: PieceCounter, _ settings: BPETrainingSettings) throws -> Tokenizer {
        try train(pieces: counter.merged(), settings)
    }

    /// Trains on distinct pieces and their counts, however they were counted: the merges
    /// depend only on the counts, not on the order the pieces come in.
    static func train(pieces: ByteKeyTable, _ settings: BPETrainingSettings) throws -> Tokenizer {
        var state = MergeState(pieces: pieces, specials: settings.specialTokens)
        state.run(vocabularySize: settings.vocabularySize, minimumFrequency: settings.minimumFrequency)
        return try state.tokenizer(pattern: settings.pattern)
    }
}

/// A candidate pair in the heap: more frequent first, then the smaller pair.
struct PairCandidate {
    var count: Int64
    var key: UInt64

    @inline(__always)
    func before(_ other: PairCandidate) -> Bool {
        count != other.count ? count > other.count : key < other.key
    }
}

/// The state of the merge loop: words as id sequences in one arena, pair counts, and which
/// words hold each pair.
struct MergeState {
    private var symbols: [UInt32] = []
    private var wordStart: [Int] = []
    private var wordLength: [Int32] = []
    private var wordCount: [Int64] = []
    private var wordStamp: [Int32] = []

    private var pairSlots = PairTable(capacity: 1 << 16)
    private var pairCount: [Int64] = []
    private var pairWords: [[Int32]] = []
    private var pairStamp: [Int32] = []
    private var heap: [PairCandidate] = []

    private(set) var tokenBytes: [[UInt8]] = []
    private var specials: [String]
    private var idsByBytes = ByteKeyTable(capacity: 1 << 16)
    private(set) var merges: [(UInt32, UInt32)] = []
    private var tokenCount: Int

    init(pieces: ByteKeyTable, specials: [String]) {
        self.specials = []
        for special in specials where !self.specials.contains(special) { self.specials.append(special) }
        tokenBytes = self.specials.map { _ in [] }
        // The byte characters in code point order, after the special tokens.
        var byteID = [UInt32](repeating: 0, count: 256)
        let order = (0..<256).sorted { ByteLevelAlphabet.scalarForByte[$0] < ByteLevelAlphabet.scalarForByte[$1] }
        for byte in order {
            byteID[byte] = UInt32(tokenBytes.count)
            idsByBytes.set([UInt8(byte)], UInt64(tokenBytes.count))
            tokenBytes.append([UInt8(byte)])
        }
        tokenCount = tokenBytes.count

        wordStart.reserveCapacity(pieces.count)
        pieces.forEach { key, count in
            guard key.count > 1 else { return }
            wordStart.append(symbols.count)
            wordLength.append(Int32(key.count))
            wordCount.append(Int64(count))
            for byte in key { symbols.append(byteID[Int(byte)]) }
        }
        wordStamp = [Int32](repeating: -1, count: wordStart.count)
        for w in 0..<wordStart.count {
            let start = wordStart[w], count = wordCount[w]
            for i in start..<start + Int(wordLength[w]) - 1 {
                let p = slot(symbols[i], symbols[i + 1])
                pairCount[p] += count
                if pairWords[p].last != Int32(w) { pairWords[p].append(Int32(w)) }
            }
        }
        for p in 0..<pairCount.count where pairCount[p] > 0 {
            heap.append(PairCandidate(count: pairCount[p], key: pairKeys[p]))
        }
        heapify()
    }

    private var pairKeys: [UInt64] = []

    @inline(__always)
    private mutating func slot(_ a: UInt32, _ b: UInt32) -> Int {
        let key = PairTable.key(a, b)
        let next = UInt64(pairCount.count)
        let index = Int(pairSlots.value(key) { next })
        if index == pairCount.count {
            pairCount.append(0)
            pairWords.append([])
            pairStamp.append(-1)
            pairKeys.append(key)
        }
        return index
    }

    mutating func run(vocabularySize: Int, minimumFrequency: Int) {
        var stamp: Int32 = 0
        var touched = [Int]()
        while tokenCount < vocabularySize, let top = popHeap() {
            let p = Int(pairSlots.value(top.key)!)
            let actual = pairCount[p]
            if top.count != actual {
                if actual > 0 { pushHeap(PairCandidate(count: actual, key: top.key)) }
                continue
            }
            if actual < 1 || actual < Int64(minimumFrequency) { break }
            let a = UInt32(top.key >> 32), b = UInt32(top.key & 0xFFFF_FFFF)
            let bytes = tokenBytes[Int(a)] + tokenBytes[Int(b)]
            let z: UInt32
            if let existing = idsByBytes.value(for: bytes) {
                z = UInt32(existing)
            } else {
                z = UInt32(tokenBytes.count)
                idsByBytes.set(bytes, UInt64(z))
                tokenBytes.append(bytes)
                tokenCount += 1
            }
            merges.append((a, b))

            stamp += 1
            touched.removeAll(keepingCapacity: true)
            let words = pairWords[p]
            pairWords[p] = []
            for w32 in words {
                let w = Int(w32)
                if wordStamp[w] == stamp { continue }
                wordStamp[w] = stamp
                mergeWord(w, a, b, z, stamp: stamp, touched: &touched)
            }
            for q in touched where pairCount[q] > 0 {
                pushHeap(PairCandidate(count: pairCount[q], key: pairKeys[q]))
            }
        }
    }

    /// Replaces each `a b` in word `w` (left to right, not overlapping) by `z`, updating counts.
    @inline(__always)
    private mutating func mergeWord(_ w: Int, _ a: UInt32, _ b: UInt32, _ z: UInt32, stamp: Int32, touched: inout [Int]) {
        let start = wordStart[w], length = Int(wordLength[w]), count = wordCount[w]
        var i = 0, j = 0
        while i < length {
            let s = symbols[start + i]
            if s == a, i + 1 < length, symbols[start + i + 1] == b {
                if j > 0 {
                    let before = symbols[start + j - 1]
                    pairCount[slot(before, a)] -= count
                    gain(slot(before, z), w, count, stamp, &touched)
                }
                symbols[start + j] = z
                j += 1
                i += 2
                if i < length {
                    let after = symbols[start + i]
                    pairCount[slot(b, after)] -= count
                    gain(slot(z, after), w, count, stamp, &touched)
                }
            } else {
                symbols[start + j] = s
                j += 1
                i += 1
            }
        }
        wordLength[w] = Int32(j)
    }

    @inline(__always)
    private mutating func gain(_ q: Int, _ w: Int, _ count: Int64, _ stamp: Int32, _ touched: inout [Int]) {
        pairCount[q] += count
        if pairWords[q].last != Int32(w) { pairWords[q].append(Int32(w)) }
        if pairStamp[q] != stamp {
            pairStamp[q] = stamp
            touched.append(q)
        }
    }

    // MARK: - Heap

    private mutating func heapify() {
        var i = heap.count / 2 - 1
        while i >= 0 { siftDown(i); i -= 1 }
    }

    private mutating func pushHeap(_ item: PairCandidate) {
        heap.append(item)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            if !heap[i].before(heap[parent]) { break }
            heap.swapAt(parent, i)
            i = parent
        }
    }

    private mutating func popHeap() -> PairCandidate? {
        guard let first = heap.first else { return nil }
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(0)
        }
        return first
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < n, heap[l].before(heap[best]) { best = l }
            if r < n, heap[r].before(heap[best]) { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }

    // MARK: - Result

    func tokenizer(pattern: PreTokenizerPattern) throws -> Tokenizer {
        var vocab = [(String, UInt32)]()
        vocab.reserveCapacity(tokenBytes.count)
        for (id, special) in specials.enumerated() { vocab.append((special, UInt32(id))) }
        for id in specials.count..<tokenBytes.count {
            vocab.append((ByteLevelAlphabet.encode(tokenBytes[id]), UInt32(id)))
        }
        let mergeStrings = merges.map { (ByteLevelAlphabet.encode(tokenBytes[Int($0.0)]), ByteLevelAlphabet.encode(tokenBytes[Int($0.1)])) }
        let model = try BPEModel(vocab: vocab, merges: mergeStrings)
        let added = specials.enumerated().map { AddedToken(id: UInt32($0.offset), content: $0.element, special: true) }
        return Tokenizer(model: model, pattern: pattern, addedTokens: added)
    }
}

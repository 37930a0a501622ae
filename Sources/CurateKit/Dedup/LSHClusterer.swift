/// Groups MinHash signatures into near-duplicate clusters with LSH banding.
///
/// Two signatures that agree on all rows of some band are candidates (the probability of that
/// is `1 - (1 - s^rows)^bands` for Jaccard similarity `s`); a candidate pair is joined only if
/// the share of equal values over the whole signature, an estimate of `s`, reaches
/// `minSimilarity`, which keeps pairs that met by chance in one band apart. Clusters are the
/// connected components of joined pairs. Each band's (key, document) pairs are sorted, so the
/// result depends only on the signatures, never on order or threads.
///
/// With `nearMissProbes`, a band also yields one key per left-out row, so signatures that agree
/// on all rows of a band but one are candidates too (multi-probe LSH): at Jaccard 0.8 a band
/// then matches with probability 0.50 instead of 0.17. The extra candidates cost sorting time
/// and are kept honest by the `minSimilarity` check.
public struct LSHClusterer: Sendable {
    public let bands: Int
    public let rows: Int
    public let minSimilarity: Double
    /// Above this many documents sharing a band key, a run is checked against its first and its
    /// neighbours only instead of all pairs, which bounds the work on degenerate inputs.
    public var allPairsLimit = 48
    public let nearMissProbes: Bool

    public init(bands: Int, rows: Int, minSimilarity: Double, nearMissProbes: Bool = false) {
        self.bands = bands
        self.rows = rows
        self.minSimilarity = minSimilarity
        self.nearMissProbes = nearMissProbes
    }

    /// The cluster of every document, named by its smallest member's index. `signatures` holds
    /// `count` signatures of `bands × rows` values one after another; an all-`UInt64.max`
    /// signature (a text without words) joins nothing.
    public func cluster(_ signatures: [UInt64], count: Int) -> [Int] {
        let width = bands * rows
        precondition(signatures.count == count * width)
        var sets = UnionFind(count: count)
        var keyed = [(key: UInt64, document: UInt32)]()
        keyed.reserveCapacity(count)
        let needed = neededEqualValues
        signatures.withUnsafeBufferPointer { all in
            func similarEnough(_ a: Int, _ b: Int) -> Bool {
                var equal = 0
                let left = a * width, right = b * width
                for slot in 0..<width where all[left + slot] == all[right + slot] { equal += 1 }
                return equal >= needed
            }
            func consider(_ a: Int, _ b: Int) {
                if sets.find(a) != sets.find(b), similarEnough(a, b) { sets.union(a, b) }
            }
            for band in 0..<bands {
                for probe in 0..<probes {
                    keyed.removeAll(keepingCapacity: true)
                    for document in 0..<count {
                        let start = document * width + band * rows
                        if all[document * width] == .max && all[document * width + width - 1] == .max { continue }
                        keyed.append((bandKey(band: band, probe: probe, rows: UnsafeBufferPointer(rebasing: all[start..<(start + rows)])),
                                      UInt32(document)))
                    }
                    keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.document < $1.document }
                    candidates(sorted: keyed, key: \.key, document: { Int($0.document) }, consider)
                }
            }
        }
        return (0..<count).map { sets.find($0) }
    }

    /// Equal values two signatures need to be joined: `minSimilarity` of them, rounded up.
    var neededEqualValues: Int { Int((minSimilarity * Double(bands * rows)).rounded(.up)) }

    /// Keys per band: probe 0 keys a band by all its rows; probe p > 0 leaves row p - 1 out.
    var probes: Int { nearMissProbes && rows > 1 ? rows + 1 : 1 }

    /// The key of one band of a signature (its `rows` values) under one probe.
    func bandKey(band: Int, probe: Int, rows values: UnsafeBufferPointer<UInt64>) -> UInt64 {
        var key: UInt64 = UInt64(band * probes + probe) &* 0x9E37_79B9_7F4A_7C15
        for row in 0..<rows where row != probe - 1 { key = ByteHash.combine(key, values[row]) }
        return key
    }

    /// True for the signature of a text without words, which joins nothing.
    static func isEmpty(_ signature: UnsafeBufferPointer<UInt64>) -> Bool {
        signature[0] == .max && signature[signature.count - 1] == .max
    }

    /// The candidate pairs of every run of two or more documents sharing a band key in `keyed`,
    /// which is sorted by key, then document.
    func candidates<Keyed>(sorted keyed: [Keyed], key: (Keyed) -> UInt64, document: (Keyed) -> Int, _ pair: (Int, Int) -> Void) {
        var runStart = 0
        while runStart < keyed.count {
            var runEnd = runStart + 1
            while runEnd < keyed.count, key(keyed[runEnd]) == key(keyed[runStart]) { runEnd += 1 }
            if runEnd - runStart > 1 { candidates(keyed[runStart..<runEnd].map(document), pair) }
            runStart = runEnd
        }
    }

    /// The candidate pairs of a run of documents sharing a band key, in key-then-document
    /// order: all pairs, or above `allPairsLimit` each with the first and with its neighbour.
    func candidates(_ run: [Int], _ pair: (Int, Int) -> Void) {
        if run.count <= allPairsLimit {
            for i in run.indices { for j in (i + 1)..<run.count { pair(run[i], run[j]) } }
        } else {
            for i in 1..<run.count { pair(run[0], run[i]); pair(run[i - 1], run[i]) }
        }
    }

    /// The share of equal values in two signatures: the MinHash estimate of their Jaccard similarity.
    public static func similarity(_ signatures: [UInt64], _ a: Int, _ b: Int, width: Int) -> Double {
        var equal = 0
        for slot in 0..<width where signatures[a * width + slot] == signatures[b * width + slot] { equal += 1 }
        return Double(equal) / Double(width)
    }
}

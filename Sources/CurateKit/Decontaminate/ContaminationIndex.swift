/// What a sample shares with one evaluation item.
public struct ContaminationMatch: Sendable, Hashable {
    /// The item, `<set>/<id>`.
    public var item: String
    /// How it was found: `words` (word n-grams), `code` (normalised code n-grams) or `exact`
    /// (a whole normalised top-level unit of code, such as a function, equal to one of the item's).
    public var method: String
    /// The share of the item's distinct n-grams found in the sample (1 for `exact`).
    public var overlap: Double
}

/// The n-grams and normalised code units of every evaluation item, built once, then asked
/// about sample after sample.
public final class ContaminationIndex: Sendable {
    public let items: [EvaluationItem]
    let settings: DecontaminateSettings
    let hashComments: Bool
    private let wordTable: GramTable
    private let codeTable: GramTable
    /// Distinct n-grams per item, the denominators of the overlap.
    private let wordCounts: [Int]
    private let codeCounts: [Int]
    private let units: [UInt64: [UInt32]]
    /// Items too short for an n-gram of either kind; only exact units can find them.
    public let shortItems: [String]

    public var wordGrams: Int { wordTable.count }
    public var codeGrams: Int { codeTable.count }

    /// `hashComments`: the code's comments start with `#` (shell, CMake), not `//` and `/*`.
    public init(items: [EvaluationItem], settings: DecontaminateSettings, hashComments: Bool) {
        self.items = items
        self.settings = settings
        self.hashComments = hashComments
        var words = [UInt64](), code = [UInt64](), ends = [Int]()
        var wordGramsOf = [[UInt64]](), codeGramsOf = [[UInt64]]()
        var units = [UInt64: [UInt32]]()
        var short = [String]()
        for (position, item) in items.enumerated() {
            ContaminationTokens.words(item.text, into: &words)
            ContaminationTokens.code(item.text, hashComments: hashComments, into: &code, units: &ends)
            var grams = [UInt64]()
            RollingGrams.forEach(words, n: settings.ngram) { grams.append($0) }
            wordGramsOf.append(Array(Set(grams)))
            grams.removeAll()
            RollingGrams.forEach(code, n: settings.codeNgram) { grams.append($0) }
            codeGramsOf.append(Array(Set(grams)))
            if wordGramsOf[position].isEmpty && codeGramsOf[position].isEmpty { short.append(item.name) }
            Self.forEachUnit(code, ends: ends, minimum: settings.minUnitTokens) { hash in
                if units[hash, default: []].last != UInt32(position) { units[hash, default: []].append(UInt32(position)) }
            }
        }
        // A gram many items share (code of only placeholders and punctuation, boilerplate)
        // says nothing about copying, and would make every sample hit every item.
        wordGramsOf = Self.withoutCommonGrams(wordGramsOf)
        codeGramsOf = Self.withoutCommonGrams(codeGramsOf)
        var wordTable = GramTable(expected: wordGramsOf.reduce(0) { $0 + $1.count })
        var codeTable = GramTable(expected: codeGramsOf.reduce(0) { $0 + $1.count })
        for (position, grams) in wordGramsOf.enumerated() { for gram in grams { wordTable.insert(gram, item: UInt32(position)) } }
        for (position, grams) in codeGramsOf.enumerated() { for gram in grams { codeTable.insert(gram, item: UInt32(position)) } }
        self.wordTable = wordTable
        self.codeTable = codeTable
        wordCounts = wordGramsOf.map(\.count)
        codeCounts = codeGramsOf.map(\.count)
        self.units = units
        shortItems = short
    }

    /// Items' grams without those held by more than 8 items.
    static func withoutCommonGrams(_ gramsOf: [[UInt64]]) -> [[UInt64]] {
        var holders = [UInt64: Int]()
        for grams in gramsOf { for gram in grams { holders[gram, default: 0] += 1 } }
        return gramsOf.map { $0.filter { holders[$0]! <= 8 } }
    }

    /// Hashes of the top-level units of at least `minimum` tokens.
    static func forEachUnit(_ tokens: [UInt64], ends: [Int], minimum: Int, _ body: (UInt64) -> Void) {
        var start = 0
        for end in ends {
            // A unit that is mostly placeholders is prose read as code, not a function.
            let names = tokens[start..<end].reduce(0) { $0 + ($1 == CodeVocabulary.placeholder ? 1 : 0) }
            if end - start >= minimum, names * 5 < (end - start) * 4 {
                var hash: UInt64 = 0x243F_6A88_85A3_08D3
                for index in start..<end { hash = ByteHash.combine(hash, tokens[index]) }
                body(hash)
            }
            start = end
        }
    }

    /// Reusable buffers for checking samples on one thread.
    public struct Scratch {
        var words = [UInt64]()
        var code = [UInt64]()
        var ends = [Int]()
        var hits = [UInt64]()
        public init() {}
    }

    /// The item the text overlaps most, when that overlap reaches the threshold.
    public func check(_ text: String, scratch: inout Scratch) -> ContaminationMatch? {
        var best: ContaminationMatch?
        func consider(_ item: Int, _ method: String, _ overlap: Double) {
            guard overlap >= settings.threshold else { return }
            if best == nil || overlap > best!.overlap || (overlap == best!.overlap && items[item].name < best!.item) {
                best = ContaminationMatch(item: items[item].name, method: method, overlap: overlap)
            }
        }
        ContaminationTokens.words(text, into: &scratch.words)
        shares(scratch.words, n: settings.ngram, table: wordTable, counts: wordCounts, hits: &scratch.hits) { consider($0, "words", $1) }
        ContaminationTokens.code(text, hashComments: hashComments, into: &scratch.code, units: &scratch.ends)
        shares(scratch.code, n: settings.codeNgram, table: codeTable, counts: codeCounts, hits: &scratch.hits) { consider($0, "code", $1) }
        if settings.exactUnits, !units.isEmpty {
            Self.forEachUnit(scratch.code, ends: scratch.ends, minimum: settings.minUnitTokens) { hash in
                for item in units[hash] ?? [] { consider(Int(item), "exact", 1) }
            }
        }
        return best
    }

    /// For every item with a gram in `tokens`, the share of its distinct grams found.
    private func shares(_ tokens: [UInt64], n: Int, table: GramTable, counts: [Int], hits: inout [UInt64],
                        _ body: (Int, Double) -> Void) {
        guard table.count > 0 else { return }
        hits.removeAll(keepingCapacity: true)
        RollingGrams.forEach(tokens, n: n) { gram in
            table.forEachItem(gram) { item in
                // Item in the high half, the gram's low bits below: sorting groups by item,
                // and equal values are the same gram of the same item seen twice.
                hits.append(UInt64(item) << 40 | (gram & 0xFF_FFFF_FFFF))
            }
        }
        guard !hits.isEmpty else { return }
        hits.sort()
        var index = 0
        while index < hits.count {
            let item = Int(hits[index] >> 40)
            var distinct = 0
            var previous: UInt64?
            while index < hits.count, Int(hits[index] >> 40) == item {
                if hits[index] != previous { distinct += 1 }
                previous = hits[index]
                index += 1
            }
            body(item, Double(distinct) / Double(max(1, counts[item])))
        }
    }
}

/// Judges the explanation parts of a sample with heuristics in the style of the Gopher and
/// FineWeb quality rules: word counts, mean word length, symbol-to-word ratio, share of
/// alphabetic words, share of lines ending in punctuation, repeated lines and repeated n-grams.
///
/// The thresholds follow those rules' published values where they fit condensed technical
/// prose, and are looser where they do not (a condensed answer is far shorter than a web page).
struct ProseScorer: Sendable {
    struct Settings: Sendable, Hashable {
        var minWords = 8
        var maxWords = 800
        var minMeanWordLength = 3.0
        var maxMeanWordLength = 10.0
        var maxSymbolRatio = 0.1
        var minAlphaWordFraction = 0.7
        var minLinePunctuation = 0.12
        var maxDuplicateLineFraction = 0.3
        /// Largest share of characters covered by the most frequent 2-, 3- and 4-gram.
        var maxTopNGramFraction = [0.2, 0.18, 0.16]
        /// Largest share of characters covered by 5-grams that occur more than once.
        var maxDuplicateFiveGramFraction = 0.15

        init() {}

        init(section: ConfigTable) throws {
            minWords = try section.int("min_words", default: minWords, range: 0...1_000_000)
            maxWords = try section.int("max_words", default: maxWords, range: 1...10_000_000)
            minMeanWordLength = try section.double("min_mean_word_length", default: minMeanWordLength)
            maxMeanWordLength = try section.double("max_mean_word_length", default: maxMeanWordLength)
            maxSymbolRatio = try section.double("max_symbol_ratio", default: maxSymbolRatio)
            minAlphaWordFraction = try section.double("min_alpha_word_fraction", default: minAlphaWordFraction)
            minLinePunctuation = try section.double("min_line_punctuation", default: minLinePunctuation)
            maxDuplicateLineFraction = try section.double("max_duplicate_line_fraction", default: maxDuplicateLineFraction)
            maxTopNGramFraction = [
                try section.double("max_top_2gram_fraction", default: maxTopNGramFraction[0]),
                try section.double("max_top_3gram_fraction", default: maxTopNGramFraction[1]),
                try section.double("max_top_4gram_fraction", default: maxTopNGramFraction[2]),
            ]
            maxDuplicateFiveGramFraction = try section.double("max_duplicate_5gram_fraction",
                                                              default: maxDuplicateFiveGramFraction)
            try section.rejectUnknownKeys()
        }
    }

    var settings = Settings()

    /// Nil when the sample has no explanation to judge.
    func score(_ anatomy: SampleAnatomy) -> ScoreResult? {
        guard !anatomy.prose.isEmpty else { return nil }
        let all = anatomy.prose.map(\.text).joined(separator: "\n")
        let stats = ProseStatistics(Array(all.utf8))
        let s = settings
        var checks = [
            ScoreResult.Check(stats.words.count >= s.minWords,
                              "prose.too_few_words: \(stats.words.count) words, fewer than \(s.minWords)"),
            ScoreResult.Check(stats.words.count <= s.maxWords,
                              "prose.too_many_words: \(stats.words.count) words, more than \(s.maxWords)"),
            ScoreResult.Check((s.minMeanWordLength...s.maxMeanWordLength).contains(stats.meanWordLength),
                              "prose.mean_word_length: \(formatted(stats.meanWordLength)) outside \(formatted(s.minMeanWordLength))...\(formatted(s.maxMeanWordLength))"),
            ScoreResult.Check(stats.symbolRatio <= s.maxSymbolRatio,
                              "prose.symbol_ratio: \(formatted(stats.symbolRatio)) symbols per word, above \(formatted(s.maxSymbolRatio))"),
            ScoreResult.Check(stats.alphaWordFraction >= s.minAlphaWordFraction,
                              "prose.alpha_words: \(formatted(stats.alphaWordFraction)) of words have a letter, below \(formatted(s.minAlphaWordFraction))"),
            ScoreResult.Check(stats.duplicateLineFraction <= s.maxDuplicateLineFraction,
                              "prose.duplicate_lines: \(formatted(stats.duplicateLineFraction)) of lines repeat, above \(formatted(s.maxDuplicateLineFraction))"),
        ]
        for (offset, limit) in s.maxTopNGramFraction.enumerated() {
            let n = offset + 2
            let fraction = stats.topNGramFraction(n)
            checks.append(ScoreResult.Check(fraction <= limit,
                                            "prose.top_\(n)gram: the most frequent \(n)-gram covers \(formatted(fraction)) of characters, above \(formatted(limit))"))
        }
        let duplicated = stats.duplicateNGramFraction(5)
        checks.append(ScoreResult.Check(duplicated <= s.maxDuplicateFiveGramFraction,
                                        "prose.duplicate_5grams: repeated 5-grams cover \(formatted(duplicated)) of characters, above \(formatted(s.maxDuplicateFiveGramFraction))"))
        // Numbered reasoning steps are terse by design; only explanations are held to sentences.
        let explanation = anatomy.prose.filter { $0.role == .explanation }.map(\.text).joined(separator: "\n")
        if !explanation.isEmpty {
            let share = ProseStatistics(Array(explanation.utf8)).linePunctuationFraction
            checks.append(ScoreResult.Check(share >= s.minLinePunctuation,
                                            "prose.line_punctuation: \(formatted(share)) of lines end in punctuation, below \(formatted(s.minLinePunctuation))"))
        }
        return ScoreResult(checks: checks)
    }
}

/// Word and line statistics of a text, computed on its UTF-8 bytes.
struct ProseStatistics {
    /// Words as byte ranges (runs of non-whitespace).
    let words: [Range<Int>]
    let bytes: [UInt8]
    /// Each word's hash, so that n-grams compare as integers.
    private let wordHashes: [UInt64]
    private let lines: [ArraySlice<UInt8>]

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var words = [Range<Int>]()
        var start: Int?
        for (index, byte) in bytes.enumerated() {
            if byte.isASCIIWhitespace {
                if let begin = start { words.append(begin..<index); start = nil }
            } else if start == nil {
                start = index
            }
        }
        if let begin = start { words.append(begin..<bytes.count) }
        self.words = words
        wordHashes = words.map { ByteHash.fnv1a(bytes[$0]) }
        lines = bytes.split(separator: UInt8(ascii: "\n")).map { line in
            var slice = line
            while let last = slice.last, last.isASCIIWhitespace { slice.removeLast() }
            while let first = slice.first, first.isASCIIWhitespace { slice.removeFirst() }
            return slice
        }.filter { !$0.isEmpty }
    }

    /// Characters of a word: UTF-8 continuation bytes are not counted.
    private func characters(_ range: Range<Int>) -> Int {
        bytes[range].reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    var meanWordLength: Double {
        words.isEmpty ? 0 : Double(words.reduce(0) { $0 + characters($1) }) / Double(words.count)
    }

    /// Hash marks and ellipses per word (Gopher's symbol-to-word ratio).
    var symbolRatio: Double {
        guard !words.isEmpty else { return 0 }
        var symbols = 0
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "#") {
                symbols += 1
            } else if bytes[index] == UInt8(ascii: "."), index + 2 < bytes.count,
                      bytes[index + 1] == UInt8(ascii: "."), bytes[index + 2] == UInt8(ascii: ".") {
                symbols += 1
                index += 2
            } else if bytes[index] == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA6 {
                symbols += 1 // U+2026 HORIZONTAL ELLIPSIS
                index += 2
            }
            index += 1
        }
        return Double(symbols) / Double(words.count)
    }

    var alphaWordFraction: Double {
        guard !words.isEmpty else { return 0 }
        let alpha = words.filter { range in bytes[range].contains { $0.isASCIILetter || $0 >= 0x80 } }.count
        return Double(alpha) / Double(words.count)
    }

    var linePunctuationFraction: Double {
        guard !lines.isEmpty else { return 0 }
        let ending: Set<UInt8> = Set(".!?:;,)\"'`".utf8)
        return Double(lines.filter { ending.contains($0.last!) }.count) / Double(lines.count)
    }

    var duplicateLineFraction: Double {
        guard !lines.isEmpty else { return 0 }
        var seen = Set<ArraySlice<UInt8>>()
        var repeats = 0
        for line in lines where !seen.insert(line).inserted { repeats += 1 }
        return Double(repeats) / Double(lines.count)
    }

    private func nGramHash(at start: Int, _ n: Int) -> UInt64 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15
        for offset in 0..<n { hash = ByteHash.combine(hash, wordHashes[start + offset]) }
        return hash
    }

    private var totalCharacters: Int { words.reduce(0) { $0 + characters($1) } }

    /// Share of word characters taken by the most frequent n-gram's occurrences.
    func topNGramFraction(_ n: Int) -> Double {
        guard words.count >= n, totalCharacters > 0 else { return 0 }
        var counts = [UInt64: (count: Int, first: Int)]()
        for start in 0...(words.count - n) {
            let hash = nGramHash(at: start, n)
            counts[hash, default: (0, start)].count += 1
        }
        // The most frequent n-gram; among equals the earliest, so the result never depends on hashing order.
        guard let top = counts.values.max(by: { ($0.count, -$0.first) < ($1.count, -$1.first) }), top.count > 1 else {
            return 0
        }
        let length = (top.first..<(top.first + n)).reduce(0) { $0 + characters(words[$1]) }
        return Double(top.count * length) / Double(totalCharacters)
    }

    /// Share of word characters inside n-grams that occur more than once (each word counted once).
    func duplicateNGramFraction(_ n: Int) -> Double {
        guard words.count >= n, totalCharacters > 0 else { return 0 }
        var counts = [UInt64: Int]()
        for start in 0...(words.count - n) { counts[nGramHash(at: start, n), default: 0] += 1 }
        var covered = [Bool](repeating: false, count: words.count)
        for start in 0...(words.count - n) where counts[nGramHash(at: start, n)]! > 1 {
            for offset in 0..<n { covered[start + offset] = true }
        }
        let characters = words.indices.filter { covered[$0] }.reduce(0) { $0 + self.characters(words[$1]) }
        return Double(characters) / Double(totalCharacters)
    }
}

extension UInt8 {
    var isASCIIWhitespace: Bool { self == 0x20 || self == 0x0A || self == 0x09 || self == 0x0D || self == 0x0B || self == 0x0C }
    var isASCIILetter: Bool { (self | 0x20) >= UInt8(ascii: "a") && (self | 0x20) <= UInt8(ascii: "z") }
    var isASCIIDigit: Bool { self >= UInt8(ascii: "0") && self <= UInt8(ascii: "9") }
}

import Foundation

/// What `curate inspect converter` prints: the two tokenizers, coverage of the decomposition
/// table, the most ambiguous A tokens (spread over many B tokens), and, on some text, how
/// much of it the table settles and how fast conversion is against decoding and encoding again.
public enum ConverterInspection {
    /// Entropy in bits of an observed row's weights: 0 when an A token always meets one B token.
    static func entropy(_ row: [(id: UInt32, weight: Float, bytes: Int64)]) -> Double {
        row.reduce(0.0) { sum, entry in entry.weight > 0 ? sum - Double(entry.weight) * log2(Double(entry.weight)) : sum }
    }

    /// Conversion of some texts' A ids: statistics, and the seconds of converting against
    /// decoding to text and encoding with B (the best of `rounds`, so caches are warm in both).
    public struct Timing: Sendable {
        public var statistics: ConversionStatistics
        public var convertSeconds: Double
        public var decodeEncodeSeconds: Double
        public var fromTokens: Int
        public var speedup: Double { convertSeconds == 0 ? 0 : decodeEncodeSeconds / convertSeconds }
    }

    /// Times both paths on `texts` and checks they agree on every text.
    public static func time(_ loaded: LoadedConverter, texts: [String], rounds: Int = 5) throws -> Timing {
        var encodeA = loaded.source.makeEncoder()
        let streams = texts.map { encodeA.encode($0) }
        // Both paths keep their encoder (and its piece cache) across rounds, and a first round
        // that is not timed warms both, so neither pays for building tables or caches.
        var stream = loaded.makeStreamConverter()
        var encodeB = loaded.target.makeEncoder()
        var converted = streams.map { stream.convert($0) }
        var reencoded = streams.map { encodeB.encode(loaded.source.decodeText($0)) }
        let statistics = stream.statistics
        var best = (convert: Double.infinity, decodeEncode: Double.infinity)
        for _ in 0..<max(1, rounds) {
            var start = DispatchTime.now().uptimeNanoseconds
            converted = streams.map { stream.convert($0) }
            best.convert = min(best.convert, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            start = DispatchTime.now().uptimeNanoseconds
            reencoded = streams.map { encodeB.encode(loaded.source.decodeText($0)) }
            best.decodeEncode = min(best.decodeEncode, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        if let index = converted.indices.first(where: { converted[$0] != reencoded[$0] }) {
            throw InputRejected("text \(index + 1): conversion differs from decoding and encoding again")
        }
        return Timing(statistics: statistics, convertSeconds: best.convert, decodeEncodeSeconds: best.decodeEncode,
                      fromTokens: streams.reduce(0) { $0 + $1.count })
    }

    /// The report; `texts` are converted and timed when given.
    public static func report(_ loaded: LoadedConverter, texts: [String] = [], top: Int = 10) throws -> String {
        let c = loaded.converter
        let known = (0..<c.from.size).filter { loaded.source.isKnown(UInt32($0)) }
        let exact = known.filter { c.exact[$0] != 0 }.count
        let observed = known.filter { c.observed[$0] != 0 }.count
        func share(_ n: Int) -> String { String(format: "%.1f%%", known.isEmpty ? 0 : 100 * Double(n) / Double(known.count)) }
        func show(_ tokenizer: Tokenizer, _ id: UInt32) -> String { TokenizerInspection.display(tokenizer.decode([id])) }
        var lines = [String]()
        lines.append("converter        \(c.from.domain) → \(c.to.domain)")
        lines.append("from tokenizer   \(c.from.domain) sha256 \(c.from.sha256), \(c.from.size) ids")
        lines.append("to tokenizer     \(c.to.domain) sha256 \(c.to.sha256), \(c.to.size) ids")
        lines.append("trained on       \(c.trainingBytes) bytes; \(c.columns.count) aligned pairs")
        lines.append("exact table      \(exact) of \(known.count) tokens (\(share(exact)))")
        lines.append("seen in text     \(observed) of \(known.count) tokens (\(share(observed)))")
        let ambiguous = known.filter { c.observed[$0] != 0 }
            .map { (id: UInt32($0), entropy: entropy(c.row(UInt32($0)))) }
            .sorted { ($0.entropy, $1.id) > ($1.entropy, $0.id) }
            .prefix(top)
        lines.append("most ambiguous tokens (entropy of their B weights, in bits)")
        for token in ambiguous {
            let spread = c.row(token.id).sorted { $0.weight > $1.weight }.prefix(3)
                .map { "\(show(loaded.target, $0.id)) \(String(format: "%.2f", $0.weight))" }.joined(separator: ", ")
            lines.append("  \(token.id)\t\(show(loaded.source, token.id))\t\(String(format: "%.2f", token.entropy))\t\(spread)")
        }
        if !texts.isEmpty {
            let timing = try time(loaded, texts: texts)
            let s = timing.statistics
            lines.append("on \(texts.count) texts, \(s.bytes) bytes, \(timing.fromTokens) \(c.from.domain) tokens (all exact)")
            lines.append(String(format: "  settled by table  %.1f%% of bytes (%d pieces), merged again %d pieces, repaired streams %d",
                                100 * s.tableShare, s.tablePieces, s.mergedPieces, s.repairedStreams))
            lines.append(String(format: "  convert %.3f s, decode+encode %.3f s: %.2fx", timing.convertSeconds,
                                timing.decodeEncodeSeconds, timing.speedup))
        }
        return lines.joined(separator: "\n")
    }
}

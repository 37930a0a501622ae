import Foundation

/// Figures of one trained converter, written beside it as `<target>.json`: what it was
/// trained on, how much of A's vocabulary has an exact decomposition, and how held-out samples
/// converted (every one must equal B's own encoding; the share settled by the table).
public struct ConverterReport: Codable, Sendable {
    public var from: String
    public var to: String
    public var fromTokenizerSha256: String
    public var toTokenizerSha256: String
    public var trainingDocuments: Int
    public var trainingBytes: Int
    /// A ids that exist (vocabulary and added tokens), and how many of them have an exact
    /// decomposition and were seen in the training text.
    public var fromTokens: Int
    public var exactTokens: Int
    public var observedTokens: Int
    /// Non-zero entries of the alignment matrix.
    public var alignmentEntries: Int
    public var heldOutSamples: Int
    public var heldOutBytes: Int
    public var heldOutFromTokens: Int
    public var heldOutToTokens: Int
    public var conversion: ConversionStatistics

    public var exactShare: Double { fromTokens == 0 ? 0 : Double(exactTokens) / Double(fromTokens) }

    /// Converts every held-out text's A ids and checks the result against B's encoding of the
    /// same text; a difference is a bug and fails the run, naming the sample.
    public static func measure(_ converter: SpaceConverter, source: Tokenizer, target: Tokenizer, trainingDocuments: Int,
                               heldOut: [(id: String, text: String)]) throws -> ConverterReport {
        var stream = TokenStreamConverter(source: source, target: target, converter: converter)
        var encodeA = source.makeEncoder(), encodeB = target.makeEncoder()
        var fromTokens = 0, toTokens = 0, bytes = 0
        for (id, text) in heldOut {
            let ids = encodeA.encode(text)
            let expected = encodeB.encode(text)
            let converted = stream.convert(ids)
            guard converted == expected else {
                let at = zip(converted, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(converted.count, expected.count)
                throw InputRejected("\(converter.from.domain)→\(converter.to.domain): conversion of held-out sample \(id) "
                                    + "differs from \(converter.to.domain)'s encoding at token \(at)")
            }
            fromTokens += ids.count
            toTokens += expected.count
            bytes += text.utf8.count
        }
        let existing = (0..<converter.from.size).filter { source.isKnown(UInt32($0)) }
        return ConverterReport(
            from: converter.from.domain, to: converter.to.domain, fromTokenizerSha256: converter.from.sha256,
            toTokenizerSha256: converter.to.sha256, trainingDocuments: trainingDocuments, trainingBytes: converter.trainingBytes,
            fromTokens: existing.count, exactTokens: existing.filter { converter.exact[$0] != 0 }.count,
            observedTokens: existing.filter { converter.observed[$0] != 0 }.count, alignmentEntries: converter.columns.count,
            heldOutSamples: heldOut.count, heldOutBytes: bytes, heldOutFromTokens: fromTokens, heldOutToTokens: toTokens,
            conversion: stream.statistics)
    }
}

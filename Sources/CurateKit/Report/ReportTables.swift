import Foundation

/// The report's tables: what the charts cannot show exactly (counts a trainer plans with).
extension HTMLReport {
    /// Documents, tokens and shard sizes of every domain, phase and split, from the manifests.
    static func shardTable(outputRoot: URL) -> String {
        let layout = OutputLayout(root: outputRoot)
        var rows = [[String]]()
        for domain in layout.domains {
            for phase in Phase.allCases {
                guard let manifest = try? ShardManifest.load(layout.shardManifest(phase.name, domain: domain)) else { continue }
                for split in Split.allCases {
                    let shards = manifest.shards.filter { $0.split == split }
                    guard let totals = manifest.splits[split.rawValue], totals.documents > 0 || !shards.isEmpty else { continue }
                    let bytes = shards.map(\.binBytes)
                    rows.append([domain, phase.name, split.rawValue, "\(totals.documents)", "\(totals.tokens)", "\(shards.count)",
                                 byteCount(bytes.max() ?? 0), byteCount(bytes.reduce(0, +))])
                }
            }
        }
        return HTML.table(header: ["domain", "phase", "split", "documents", "tokens", "shards", "largest .bin", "all .bin"],
                          rows: rows, numericFrom: 3, empty: "no shards written yet")
    }

    /// Bytes per token of each domain's held-out samples (those its tokenizer never trained on)
    /// under its own tokenizer and under every other domain's: what the domain tokenizer saves.
    static func crossTokenizerTable(outputRoot: URL, heldOut: [String: [String]]) -> String {
        let layout = OutputLayout(root: outputRoot)
        let tokenizers = layout.domains.compactMap { domain -> (domain: String, tokenizer: Tokenizer)? in
            (try? TokenizerFile.read(layout.tokenizer(domain: domain))).map { (domain, $0) }
        }
        let rows = tokenizers.compactMap { text -> [String]? in
            guard let documents = heldOut[text.domain] else { return nil }
            return [text.domain, "\(documents.count)"] + tokenizers.map { candidate in
                bytesPerToken(TokenizerInspection.measure(candidate.tokenizer, documents: documents))
            }
        }
        return HTML.table(header: ["held-out samples of", "samples"] + tokenizers.map { "\($0.domain) tokenizer" }, rows: rows,
                          numericFrom: 1, empty: "no domain tokenizer with held-out samples yet")
    }

    /// Each domain's held-out samples under its own tokenizer and under a mixed tokenizer of the
    /// same vocabulary size trained on every domain (`MixedTokenizer`), and the share of tokens
    /// the domain tokenizer saves.
    static func mixedTokenizerTable(outputRoot: URL, heldOut: [String: [String]], threads: Int,
                                    log: (String) -> Void) throws -> String {
        let layout = OutputLayout(root: outputRoot)
        let sources = MixedTokenizer.sources(layout)
        let mixed = try MixedTokenizer.tokenizers(layout, sources: sources, threads: threads, log: log)
        let rows = sources.compactMap { source -> [String]? in
            guard let own = try? TokenizerFile.read(layout.tokenizer(domain: source.domain)),
                  let shared = mixed[source.training.vocabularySize],
                  let documents = heldOut[source.domain] else { return nil }
            let domain = TokenizerInspection.measure(own, documents: documents)
            let other = TokenizerInspection.measure(shared, documents: documents)
            let saved = other.tokens == 0 ? "" : String(format: "%.1f", 100 * (1 - Double(domain.tokens) / Double(other.tokens)))
            return [source.domain, "\(documents.count)", "\(source.training.vocabularySize)",
                    bytesPerToken(domain), bytesPerToken(other), saved]
        }
        return HTML.table(header: ["held-out samples of", "samples", "vocabulary", "domain tokenizer", "mixed tokenizer", "% tokens saved"],
                          rows: rows, numericFrom: 1, empty: "no domain tokenizer with held-out samples yet")
    }

    /// The samples each domain's tokenizer held out of training, read back from its parts; a
    /// domain without any (or whose parts cannot be read) is left out.
    static func heldOutDocuments(_ layout: OutputLayout) -> [String: [String]] {
        var result = [String: [String]]()
        for source in MixedTokenizer.sources(layout) {
            var documents = [String]()
            let parts = source.training.upstream.map { layout.url(relative: $0) }
            guard (try? TrainingCorpus.forEachBatch(parts, heldOutPerMille: source.training.heldOutPerMille,
                                                    heldOut: { documents.append($0) }) { _ in }) != nil,
                  !documents.isEmpty else { continue }
            result[source.domain] = documents
        }
        return result
    }

    static func bytesPerToken(_ measure: (bytes: Int, tokens: Int)) -> String {
        measure.tokens == 0 ? "" : String(format: "%.2f", Double(measure.bytes) / Double(measure.tokens))
    }

    static func byteCount(_ bytes: Int) -> String {
        ByteCountFormatter.string(fromByteCount: Int64(bytes), countStyle: .file)
    }
}

extension HTML {
    /// A table with a header row; columns from `numericFrom` on are right-aligned numbers.
    static func table(header: [String], rows: [[String]], numericFrom: Int, empty: String) -> String {
        guard !rows.isEmpty else { return "<p class=\"empty\">\(escape(empty))</p>" }
        func cells(_ values: [String], tag: String) -> String {
            values.enumerated().map { index, value in
                "<\(tag)\(index >= numericFrom ? " class=\"count\"" : "")>\(escape(value))</\(tag)>"
            }.joined()
        }
        return "<table class=\"figures\">\n<tr>\(cells(header, tag: "th"))</tr>\n"
            + rows.map { "<tr>\(cells($0, tag: "td"))</tr>" }.joined(separator: "\n") + "\n</table>"
    }
}

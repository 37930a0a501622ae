import Foundation

/// The tokenizer a trainer would use instead of one per domain: one byte-level BPE over every
/// domain's training samples together, of the same vocabulary size as a domain's own. The report
/// measures each domain's held-out samples under both, which says what the domain tokenizer saves.
///
/// Trained from what each domain's tokenizer trained on (`training.json`: its parts and held-out
/// share, so held-out samples stay unseen by the mixed tokenizer too), with the generic `gpt4`
/// pre-tokenizer (a mixed tokenizer has no one domain's pattern) and the shared special tokens.
/// Kept under `out/.report/` with the digest of the domains' tokenizer files, so a report rerun
/// on unchanged data does not train again.
enum MixedTokenizer {
    static let pattern = PreTokenizerPattern.gpt4

    /// What the mixed tokenizers are trained from: each domain's `training.json`.
    struct Source {
        var domain: String
        var training: TrainingReport
    }

    static func sources(_ layout: OutputLayout) -> [Source] {
        layout.domains.compactMap { domain in
            (try? JSONCoding.readDocument(TrainingReport.self, from: layout.tokenizerTraining(domain: domain)))
                .map { Source(domain: domain, training: $0) }
        }
    }

    /// One mixed tokenizer per vocabulary size the domains use, trained (or read back) as needed.
    static func tokenizers(_ layout: OutputLayout, sources: [Source], threads: Int,
                           log: (String) -> Void) throws -> [Int: Tokenizer] {
        let sizes = Set(sources.map(\.training.vocabularySize)).sorted()
        guard !sizes.isEmpty else { return [:] }
        let key = try cacheKey(layout, sources: sources)
        var result = [Int: Tokenizer]()
        var missing = [Int]()
        for size in sizes {
            let file = cacheFile(layout, vocabularySize: size)
            if (try? String(contentsOf: file.appendingPathExtension("key"), encoding: .utf8)) == key,
               let tokenizer = try? TokenizerFile.read(file) {
                result[size] = tokenizer
            } else {
                missing.append(size)
            }
        }
        guard !missing.isEmpty else { return result }
        // Pieces are counted once over all domains; each size is then only its merges.
        let counter = PieceCounter(pattern: pattern, addedTokens: SpecialTokens.defaults, threads: threads)
        for source in sources {
            let parts = source.training.upstream.map { layout.url(relative: $0) }
            try TrainingCorpus.forEachBatch(parts, heldOutPerMille: source.training.heldOutPerMille) { counter.add($0) }
        }
        log("report: trained a mixed tokenizer on \(counter.textsSeen) samples of \(sources.count) domains"
            + " (vocabulary \(missing.map(String.init).joined(separator: ", ")))")
        for size in missing {
            let settings = BPETrainingSettings(vocabularySize: size, minimumFrequency: 2, pattern: pattern,
                                               specialTokens: SpecialTokens.defaults)
            let tokenizer = try BPETrainer.train(counter, settings)
            let file = cacheFile(layout, vocabularySize: size)
            try AtomicFile.write(Data(TokenizerFile.json(tokenizer).utf8), to: file)
            try AtomicFile.write(Data(key.utf8), to: file.appendingPathExtension("key"))
            result[size] = tokenizer
        }
        return result
    }

    static func cacheFile(_ layout: OutputLayout, vocabularySize: Int) -> URL {
        layout.reportCache.appendingPathComponent("mixed-\(vocabularySize).tokenizer.json")
    }

    /// Changes whenever a domain's tokenizer was retrained (its data changed) or a domain came or went.
    static func cacheKey(_ layout: OutputLayout, sources: [Source]) throws -> String {
        var text = "mixed 1 \(pattern.name)\n"
        for source in sources {
            text += "\(source.domain) \(try Digest.sha256Hex(fileAt: layout.tokenizerTraining(domain: source.domain)))"
            text += " \(try Digest.sha256Hex(fileAt: layout.tokenizer(domain: source.domain)))\n"
        }
        return Digest.sha256Hex(text)
    }
}

import Foundation

/// What the `curate converter` and `curate inspect converter` commands do, one function each.
public enum ConverterTools {
    /// Converts lines of A ids (one stream a line) to lines of B ids with the trained converter.
    public static func apply(outputRoot: URL, from: String, to: String, input: String) throws -> String {
        try LoadedConverter.load(layout: OutputLayout(root: outputRoot), from: from, to: to).convertLines(input)
    }

    /// Trains a converter outside a pipeline: two `tokenizer.json` files, named `fromName` and
    /// `toName`, aligned on text files and sample parts; writes the safetensors file and
    /// returns its report as JSON.
    public static func train(source: URL, fromName: String, target: URL, toName: String, texts: [URL], output: URL,
                             threads: Int) throws -> String {
        let a = try ConverterTraining.Side.load(domain: fromName, url: source)
        let b = try ConverterTraining.Side.load(domain: toName, url: target)
        var documents = [String]()
        try TrainingCorpus.forEachBatch(TrainingCorpus.files(texts)) { documents += $0 }
        let converter = try ConverterTraining.train(from: a, to: b, documents: documents, threads: threads)
        try AtomicFile.write(try converter.safetensors(), to: output)
        let report = try ConverterReport.measure(converter, source: a.tokenizer, target: b.tokenizer,
                                                 trainingDocuments: documents.count, heldOut: [])
        return try JSONCoding.documentText(report)
    }

    /// The inspection report of a converter file; `texts` (text files or sample parts) are
    /// converted and timed against decoding and encoding again. The tokenizers are the
    /// domains' in `outputRoot` unless given.
    public static func inspect(file: URL, outputRoot: URL, texts: [URL], sourceTokenizer: URL? = nil,
                               targetTokenizer: URL? = nil) throws -> String {
        let loaded = try LoadedConverter.load(file: file, layout: OutputLayout(root: outputRoot),
                                              sourceTokenizer: sourceTokenizer, targetTokenizer: targetTokenizer)
        var documents = [String]()
        try TrainingCorpus.forEachBatch(TrainingCorpus.files(texts)) { documents += $0 }
        var report = try ConverterInspection.report(loaded, texts: documents)
        // The stage's figures beside the file: the held-out samples converted when it was trained.
        let figures = file.deletingPathExtension().appendingPathExtension("json")
        if let trained = try? JSONCoding.readDocument(ConverterReport.self, from: figures) {
            let c = trained.conversion
            report += String(format: "\nheld out at training: %d samples, %d bytes, all exact; table settled %.1f%% of bytes",
                             trained.heldOutSamples, trained.heldOutBytes, 100 * c.tableShare)
        }
        return report
    }

    /// Builds B's embedding matrix from A's (`EmbeddingTransfer.targetEmbeddings`) and writes it
    /// under the same tensor name, in a safetensors file whose metadata names both tokenizers;
    /// returns a one-line summary.
    public static func embeddings(outputRoot: URL, from: String, to: String, embeddings: URL, tensor: String?,
                                  output: URL) throws -> String {
        let loaded = try LoadedConverter.load(layout: OutputLayout(root: outputRoot), from: from, to: to)
        let (name, source) = try EmbeddingTransfer.readNamed(embeddings, tensor: tensor)
        let target = try EmbeddingTransfer.targetEmbeddings(source, loaded)
        let c = loaded.converter
        try EmbeddingTransfer.write(target, name: name, metadata: [
            "from_domain": c.from.domain, "from_tokenizer_sha256": c.from.sha256,
            "to_domain": c.to.domain, "to_tokenizer_sha256": c.to.sha256,
        ], to: output)
        return "\(target.rows)×\(target.columns) \(c.to.domain) embeddings from \(source.rows)×\(source.columns) \(c.from.domain) ones"
    }

    /// Fits a linear map from one model's embeddings to another's on the converter's aligned
    /// tokens (`EmbeddingFit`), writes it as safetensors (`map`, `[dim A, dim B]`, with the
    /// figures in the metadata) and returns a summary with the held-out cosine.
    public static func fitEmbeddings(outputRoot: URL, from: String, to: String, source: URL, sourceTensor: String?,
                                     target: URL, targetTensor: String?, method: EmbeddingFit.Method, heldOutPerMille: Int,
                                     output: URL) throws -> String {
        let converter = try LoadedConverter.load(layout: OutputLayout(root: outputRoot), from: from, to: to).converter
        let fit = try EmbeddingFit.fit(source: try EmbeddingTransfer.read(source, tensor: sourceTensor),
                                       target: try EmbeddingTransfer.read(target, tensor: targetTensor),
                                       converter: converter, method: method, heldOutPerMille: heldOutPerMille)
        let figures = [
            "method": fit.method.rawValue, "training_pairs": String(fit.trainingPairs), "held_out_pairs": String(fit.heldOutPairs),
            "training_cosine": String(format: "%.6f", fit.trainingCosine), "held_out_cosine": String(format: "%.6f", fit.heldOutCosine),
        ]
        try EmbeddingTransfer.write(fit.map, name: "map", metadata: figures.merging([
            "from_domain": from, "from_tokenizer_sha256": converter.from.sha256,
            "to_domain": to, "to_tokenizer_sha256": converter.to.sha256,
        ]) { first, _ in first }, to: output)
        return String(format: "%@ map %d×%d: %d training pairs (cosine %.4f), %d held-out pairs (cosine %.4f)",
                      fit.method.rawValue, fit.map.rows, fit.map.columns, fit.trainingPairs, fit.trainingCosine,
                      fit.heldOutPairs, fit.heldOutCosine)
    }
}

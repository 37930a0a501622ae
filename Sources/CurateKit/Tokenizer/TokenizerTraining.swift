import Foundation

/// The one way a tokenizer is trained, for the tokenizer stage and `curate tokenizer train`:
/// pieces counted over sample parts (each sample's training text) and plain text files (each
/// one document), then BPE merges.
public enum TokenizerTraining {
    /// A trained tokenizer and what it was trained on.
    public struct Result {
        public var tokenizer: Tokenizer
        /// Documents and bytes trained on.
        public var samples: Int
        public var bytes: Int
        /// Texts held out of training, to measure on.
        public var heldOut: [String]
    }

    /// Trains on the samples of `parts` and the text `files`; samples whose id digest falls in
    /// the held-out share are kept aside instead.
    public static func train(parts: [URL], files: [URL] = [], settings: BPETrainingSettings, heldOutPerMille: Int = 0,
                             threads: Int) throws -> Result {
        let counter = PieceCounter(pattern: settings.pattern, addedTokens: settings.specialTokens, threads: threads)
        var heldOut = [String]()
        var batch = [String]()
        var batchBytes = 0
        func add(_ text: String) {
            batch.append(text)
            batchBytes += text.utf8.count
            // Batches bound memory by their size, not the corpus; big enough for parallel counting.
            if batchBytes >= 32 << 20 || batch.count == 4096 {
                counter.add(batch)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
            }
        }
        try SampleParts.forEach(in: parts) { sample in
            if TokenizerStage.isHeldOut(sample.id, perMille: heldOutPerMille) {
                heldOut.append(sample.trainingText)
            } else {
                add(sample.trainingText)
            }
        }
        for file in files { add(String(decoding: try Data(contentsOf: file), as: UTF8.self)) }
        counter.add(batch)
        return Result(tokenizer: try BPETrainer.train(counter, settings), samples: counter.textsSeen,
                      bytes: counter.bytesSeen, heldOut: heldOut)
    }
}

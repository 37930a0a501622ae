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

    /// Trains on `files` (sample parts and text files, see `TrainingCorpus`); samples whose id
    /// digest falls in the held-out share are kept aside instead.
    public static func train(files: [URL], settings: BPETrainingSettings, heldOutPerMille: Int = 0,
                             threads: Int) throws -> Result {
        let counter = PieceCounter(pattern: settings.pattern, addedTokens: settings.specialTokens, threads: threads)
        var heldOut = [String]()
        try TrainingCorpus.forEachBatch(files, heldOutPerMille: heldOutPerMille, heldOut: { heldOut.append($0) }) {
            counter.add($0)
        }
        return Result(tokenizer: try BPETrainer.train(counter, settings), samples: counter.textsSeen,
                      bytes: counter.bytesSeen, heldOut: heldOut)
    }
}

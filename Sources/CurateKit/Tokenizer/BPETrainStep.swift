import Foundation

/// The last step of tokenizer training, one task: learns the BPE merges from every merged
/// count (`BPETrainer`) and writes `tokenizer.json`, then measures it on the held-out texts
/// for `training.json`. Counts are sums, so the merges are those of training on all the
/// samples at once, whatever the number of parts and tasks.
struct BPETrainStep: Step {
    let stage: TokenizerStage
    var name: String { "train" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = try stage.upstreamInputs(context).count
        let inputs = TokenizerFiles.inputs(stage.tasks, context, TokenizerFiles.merged)
            + TokenizerFiles.inputs(parts, context, TokenizerFiles.partFigures)
            + TokenizerFiles.inputs(parts, context, TokenizerFiles.heldOut)
        return [StepTask(index: 0, inputs: inputs)]
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let merged = TokenizerFiles.files(in: "merged", of: task)
        let (least, leftOut) = try Self.leastCount(in: merged, keeping: stage.maxPieces)
        var pieces = ByteKeyTable(capacity: 1 << 16)
        try PieceCountLine.forEach(in: merged) { piece, count in if count >= least { pieces.add(piece, count) } }
        let tokenizer = try BPETrainer.train(pieces: pieces, stage.settings)
        pieces = ByteKeyTable(capacity: 0)
        try AtomicFile.write(Data(TokenizerFile.json(tokenizer).utf8), to: try output.url("tokenizer.json"))

        let figures = try TokenizerFiles.files(in: "counts", of: task).map { try JSONCoding.readDocument(PartFigures.self, from: $0) }
        var report = try TrainingReport(tokenizer: tokenizer, upstream: figures.map(\.part), heldOutPerMille: stage.heldOutPerMille,
                                        trainingSamples: figures.reduce(0) { $0 + $1.samples },
                                        trainingBytes: figures.reduce(0) { $0 + $1.bytes }) { measure in
            for file in TokenizerFiles.files(in: "held-out", of: task) {
                try ZstdJSONLReader(url: file).forEach(String.self) { measure($0) }
            }
        }
        report.piecesLeftOut = leftOut
        try AtomicFile.write(try JSONCoding.document.encode(report), to: try output.url("training.json"))
        return TaskReport()
    }

    /// The least count a piece needs to be trained on so that at most `limit` distinct pieces
    /// are (1 when all fit), and how many are left out (nil when none). Decided from the
    /// histogram of counts, so ties go together and the choice does not depend on file order.
    static func leastCount(in files: [URL], keeping limit: Int) throws -> (least: UInt64, leftOut: Int?) {
        var histogram = [UInt64: Int]()
        var distinct = 0
        try PieceCountLine.forEach(in: files) { _, count in
            histogram[count, default: 0] += 1
            distinct += 1
        }
        guard distinct > limit else { return (1, nil) }
        var kept = 0
        var least = UInt64.max
        for count in histogram.keys.sorted(by: >) {
            guard kept + histogram[count]! <= limit else { break }
            kept += histogram[count]!
            least = count
        }
        return (least, distinct - kept)
    }
}

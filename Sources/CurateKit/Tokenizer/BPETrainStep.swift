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
        var pieces = ByteKeyTable(capacity: 1 << 16)
        try PieceCountLine.forEach(in: TokenizerFiles.files(in: "merged", of: task)) { pieces.add($0, $1) }
        let tokenizer = try BPETrainer.train(pieces: pieces, stage.settings)
        pieces = ByteKeyTable(capacity: 0)
        try AtomicFile.write(Data(TokenizerFile.json(tokenizer).utf8), to: try output.url("tokenizer.json"))

        let figures = try TokenizerFiles.files(in: "counts", of: task).map { try JSONCoding.readDocument(PartFigures.self, from: $0) }
        var heldOut = [String]()
        for file in TokenizerFiles.files(in: "held-out", of: task) {
            try ZstdJSONLReader(url: file).forEach(String.self) { heldOut.append($0) }
        }
        let report = TrainingReport(tokenizer: tokenizer, upstream: figures.map(\.part), heldOutPerMille: stage.heldOutPerMille,
                                    trainingSamples: figures.reduce(0) { $0 + $1.samples },
                                    trainingBytes: figures.reduce(0) { $0 + $1.bytes }, heldOut: heldOut)
        try AtomicFile.write(try JSONCoding.document.encode(report), to: try output.url("training.json"))
        return TaskReport()
    }
}

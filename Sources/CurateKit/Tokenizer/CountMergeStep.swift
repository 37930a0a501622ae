import Foundation

/// The reduce step of piece counting: task `t` of `n` sums, over every part's counts, the
/// pieces whose hash is `t` modulo `n`, so each task holds a share of the distinct pieces.
struct CountMergeStep: Step {
    let stage: TokenizerStage
    var name: String { "merge" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let counts = TokenizerFiles.inputs(try stage.upstreamInputs(context).count, context, TokenizerFiles.counts)
        return (0..<stage.tasks).map { StepTask(index: $0, inputs: counts) }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let share = UInt64(stage.tasks), mine = UInt64(task.index)
        var table = ByteKeyTable(capacity: 1 << 14)
        try PieceCountLine.forEach(in: task.inputs.map(\.url)) { piece, count in
            if ByteKeyTable.hash(piece) % share == mine { table.add(piece, count) }
        }
        try PieceCountLine.write(table, to: try output.sampleWriter(TokenizerFiles.merged(task.index)))
        return TaskReport()
    }
}

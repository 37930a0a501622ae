import Foundation

/// The reduce step of sharding: task `r` of `tasks` merges range `r` of every part, each
/// already in shard order, into one file in shard order. It holds one document per part.
struct ShuffleMergeStep: Step {
    let stage: ShardsStage
    var name: String { "shuffle" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = try stage.upstreamInputs(context).parts.count
        return (0..<stage.settings.tasks).map { range in
            StepTask(index: range, inputs: ShardFiles.inputs(parts, context) { ShardFiles.tokens(range: range, part: $0) })
        }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let readers = try task.inputs.map { try ShardDocumentFile.Reader(url: $0.url) }
        let writer = try output.sampleWriter(ShardFiles.shuffled(task.index))
        try ShardDocumentMerge.merge(readers) { try ShardDocumentFile.write($0, to: writer) }
        try writer.close()
        return TaskReport()
    }
}

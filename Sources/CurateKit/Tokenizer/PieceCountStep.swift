import Foundation

/// The map step of tokenizer training, one task per upstream part: counts the pre-tokenizer
/// pieces of the part's training texts (`counts/`), sets aside the held-out ones
/// (`held-out/`) and records what was trained on (`counts/figures-NNNNN.json`).
struct PieceCountStep: Step {
    let stage: TokenizerStage
    var name: String { "counts" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        try stage.upstreamInputs(context).enumerated().map { StepTask(index: $0.offset, inputs: [$0.element]) }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let input = task.inputs[0]
        let settings = stage.settings
        let counter = PieceCounter(pattern: settings.pattern, addedTokens: settings.specialTokens, threads: context.threads)
        let heldOut = try output.sampleWriter(TokenizerFiles.heldOut(task.index))
        var failure: Error?
        try TrainingCorpus.forEachBatch([input.url], heldOutPerMille: stage.heldOutPerMille, heldOut: { text in
            do { try heldOut.write(text) } catch { failure = failure ?? error }
        }) { counter.add($0) }
        if let failure { throw failure }
        try heldOut.close()
        try PieceCountLine.write(counter.merged(), to: try output.sampleWriter(TokenizerFiles.counts(task.index)))
        let figures = PartFigures(part: input.id, samples: counter.textsSeen, bytes: counter.bytesSeen)
        try AtomicFile.write(try JSONCoding.document.encode(figures), to: try output.url(TokenizerFiles.partFigures(task.index)))
        return TaskReport(inputs: [InputRecord(uri: input.id, digest: try output.digest(of: input))])
    }
}

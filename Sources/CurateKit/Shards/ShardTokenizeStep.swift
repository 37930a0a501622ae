import Foundation

/// The map step of sharding, one task per upstream part: tokenizes each sample's training
/// text, closes it with end-of-document, places it (split, shuffle key, phase-2 score) and
/// writes the part's documents by key range, each range in shard order; records the part's
/// tokens and phase-2 histogram.
struct ShardTokenizeStep: Step {
    let stage: ShardsStage
    var name: String { "tokenize" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let (parts, tokenizer) = try stage.upstreamInputs(context)
        return parts.enumerated().map { StepTask(index: $0.offset, inputs: [$0.element, tokenizer]) }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let part = task.inputs[0]
        let tokenizer = try stage.loadTokenizer(task.inputs[1].url)
        let encode = tokenizer.makeEncoder()
        let settings = stage.settings
        var documents = [ShardDocument]()
        var tokens = 0
        var histogram = ScoreHistogram()
        do {
            try SampleParts.forEach(in: [part.url]) { sample in
                let ids = encode(sample.trainingText) + [tokenizer.endOfDocumentID]
                let score = stage.phase2Score(sample)
                tokens += ids.count
                if let score { histogram.add(score, tokens: ids.count) }
                documents.append(ShardDocument(
                    key: DocumentPlacement.shuffleKey(of: sample.id, seed: settings.seed), id: sample.id,
                    split: DocumentPlacement.split(of: sample.id, valid: settings.validShare, test: settings.testShare),
                    phase2Score: score, tokens: ids))
            }
        } catch let error as IOError {
            throw UpstreamUnreadable(part: part.id, reason: "\(error)")
        }
        documents.sort(by: ShardDocument.before)
        var next = 0
        for range in 0..<settings.tasks {
            let writer = try output.sampleWriter(ShardFiles.tokens(range: range, part: task.index))
            while next < documents.count, ShardFiles.range(of: documents[next].key, ranges: settings.tasks) == range {
                try ShardDocumentFile.write(documents[next], to: writer)
                next += 1
            }
            try writer.close()
        }
        let figures = PartTokens(part: part.id, tokens: tokens, histogram: histogram)
        try AtomicFile.write(try JSONCoding.line.encode(figures), to: try output.url(ShardFiles.figures(task.index)))
        return TaskReport(inputs: [InputRecord(uri: part.id, digest: try output.digest(of: part), samples: documents.count)])
    }
}

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
        // Documents are sorted in memory up to `buffer_tokens`, then written to scratch as a
        // sorted run; the runs are merged at the end, so a task holds a buffer, not its part.
        var documents = [ShardDocument]()
        var buffered = 0
        var runs = [URL]()
        func spill() throws {
            documents.sort(by: ShardDocument.before)
            let run = try output.scratch.appendingPathComponent("run-" + PartFiles.name(runs.count))
            let writer = try ZstdJSONLWriter(url: run)
            for document in documents { try ShardDocumentFile.write(document, to: writer) }
            try writer.close()
            runs.append(run)
            documents.removeAll(keepingCapacity: true)
            buffered = 0
        }
        var count = 0
        var tokens = 0
        var histogram = ScoreHistogram()
        do {
            try SampleParts.forEach(in: [part.url]) { sample in
                let ids = encode(sample.trainingText) + [tokenizer.endOfDocumentID]
                let score = stage.phase2Score(sample)
                tokens += ids.count
                count += 1
                if let score { histogram.add(score, tokens: ids.count) }
                documents.append(ShardDocument(
                    key: DocumentPlacement.shuffleKey(of: sample.id, seed: settings.seed), id: sample.id,
                    split: DocumentPlacement.split(of: sample.id, valid: settings.validShare, test: settings.testShare),
                    phase2Score: score, tokens: ids))
                buffered += ids.count
                if buffered >= settings.bufferTokens {
                    do { try spill() } catch { throw ScratchUnwritable(error: error) }
                }
            }
        } catch let error as IOError {
            throw UpstreamUnreadable(part: part.id, reason: "\(error)")
        } catch let error as ScratchUnwritable {
            throw error.error
        }

        // Documents arrive in shard order, so their ranges only go up: one range file open at a time.
        var range = 0
        var writer = try output.sampleWriter(ShardFiles.tokens(range: range, part: task.index))
        func nextRange() throws {
            try writer.close()
            range += 1
            writer = try output.sampleWriter(ShardFiles.tokens(range: range, part: task.index))
        }
        func place(_ document: ShardDocument) throws {
            while range < ShardFiles.range(of: document.key, ranges: settings.tasks) { try nextRange() }
            try ShardDocumentFile.write(document, to: writer)
        }
        if runs.isEmpty {
            documents.sort(by: ShardDocument.before)
            for document in documents { try place(document) }
        } else {
            if !documents.isEmpty { try spill() }
            try ShardDocumentMerge.merge(try runs.map { try ShardDocumentFile.Reader(url: $0) }, place)
        }
        while range < settings.tasks - 1 { try nextRange() }
        try writer.close()
        let figures = PartTokens(part: part.id, tokens: tokens, histogram: histogram)
        try AtomicFile.write(try JSONCoding.line.encode(figures), to: try output.url(ShardFiles.figures(task.index)))
        return TaskReport(inputs: [InputRecord(uri: part.id, digest: try output.digest(of: part), samples: count)])
    }
}

/// Writing a sorted run failed: not the upstream part's fault, so not reported as it.
private struct ScratchUnwritable: Error {
    var error: Error
}

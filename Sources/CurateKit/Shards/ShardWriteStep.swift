import Foundation

/// The last step of sharding, one task: reads the shuffled ranges in order, puts each document
/// in its phase (phase 2 takes the best eligible scores up to its share of all the tokens) and
/// writes the shards and a manifest per phase. It holds one document at a time.
struct ShardWriteStep: Step {
    let stage: ShardsStage
    var name: String { "write" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let (parts, tokenizer) = try stage.upstreamInputs(context)
        return [StepTask(index: 0, inputs: [tokenizer]
            + ShardFiles.inputs(parts.count, context, ShardFiles.figures)
            + ShardFiles.inputs(stage.settings.tasks, context, ShardFiles.shuffled))]
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let settings = stage.settings
        let tokenizerInput = task.inputs[0]
        let tokenizer = try stage.loadTokenizer(tokenizerInput.url)
        let figureFiles = task.inputs.dropFirst().prefix { $0.url.pathExtension == "json" }
        let rangeFiles = task.inputs.dropFirst(1 + figureFiles.count)
        var total = 0
        var histogram = ScoreHistogram()
        for input in figureFiles {
            let figures = try JSONCoding.readDocument(PartTokens.self, from: input.url)
            total += figures.tokens
            histogram.merge(figures.histogram)
        }
        let threshold = histogram.threshold(forShare: settings.phase2Share, of: total)
        let dtype = TokenDType.forVocabulary(size: tokenizer.vocabularySize)

        var writers = [Phase: [Split: ShardSetWriter]]()
        for phase in Phase.allCases {
            let folder = try output.folder(phase.name)
            for split in Split.allCases {
                writers[phase, default: [:]][split] = ShardSetWriter(folder: folder, domain: context.domain.name, split: split, dtype: dtype,
                                                                   maxBytes: settings.maxShardBytes, packLength: settings.packLength)
            }
        }
        for input in rangeFiles {
            let reader = try ShardDocumentFile.Reader(url: input.url)
            while let document = try reader.next() {
                let phase: Phase = document.phase2Score.map { ScoreHistogram.bin(of: $0) >= threshold } == true ? .two : .one
                try writers[phase]![document.split]!.append(document.tokens)
            }
        }

        let tokenizerInfo = ShardManifest.Tokenizer(path: tokenizerInput.id, sha256: tokenizer.digest,
                                                    vocabularySize: tokenizer.vocabularySize, endOfDocumentId: tokenizer.endOfDocumentID)
        for phase in Phase.allCases {
            let splitWriters = Split.allCases.map { writers[phase]![$0]! }
            for writer in splitWriters { try writer.finish() }
            let shards = splitWriters.flatMap(\.finished)
            let tokens = splitWriters.reduce(0) { $0 + $1.totals.tokens }
            let manifest = ShardManifest(
                domain: context.domain.name, phase: phase.rawValue, dtype: dtype.name, seed: settings.seed,
                settingsDigest: settings.digest, tokenizer: tokenizerInfo,
                splits: Dictionary(uniqueKeysWithValues: splitWriters.map { ($0.split.rawValue, $0.totals) }),
                tokenShare: total == 0 ? 0 : Double(tokens) / Double(total),
                packLength: settings.packLength, shards: shards,
                blend: ShardBlend.make(weight: settings.blendWeight, shards: shards, folder: "\(context.domain.name)/\(ShardsStage.name)/\(phase.name)"))
            try AtomicFile.write(try JSONCoding.document.encode(manifest), to: try output.url("\(phase.name)/manifest.json"))
        }
        return TaskReport(inputs: [InputRecord(uri: tokenizerInput.id, digest: try output.digest(of: tokenizerInput))])
    }
}

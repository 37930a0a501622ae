import Foundation

/// The map step of deduplication, one task per upstream part: writes what the later steps need
/// of each sample, its id, quality and exact key (`members/`) and its MinHash signature
/// (`signatures/`), in the part's order. Samples are read a batch at a time.
struct SignatureStep: Step {
    let settings: DedupSettings
    var name: String { "signatures" }

    /// Samples whose texts are held at once while their signatures are computed.
    static let batch = 2048

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = context.partInputs(upstream: [settings.upstream])
        guard !parts.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to deduplicate; run the '\(settings.upstream)' stage first")
        }
        return parts.enumerated().map { StepTask(index: $0.offset, inputs: [$0.element]) }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let members = try output.sampleWriter(DedupFiles.members(task.index))
        let signatures = try output.sampleWriter(DedupFiles.signatures(task.index))
        let hasher = settings.hasher
        let threads = max(1, min(settings.threads, context.threads))
        var texts = [[UInt8]]()
        func flush() throws {
            guard settings.near, !texts.isEmpty else { return texts.removeAll() }
            let values = SignatureBatch.compute(texts, hasher: hasher, threads: threads)
            try values.withUnsafeBufferPointer { all in
                for document in texts.indices {
                    let row = UnsafeBufferPointer(rebasing: all[(document * hasher.hashCount)..<((document + 1) * hasher.hashCount)])
                    try signatures.writeLine(SignatureLine.encode(row))
                }
            }
            texts.removeAll(keepingCapacity: true)
        }
        for input in task.inputs {
            do {
                try SampleParts.forEach(in: [input.url]) { sample in
                    try members.write(DedupMember(id: sample.id, quality: sample.scores["quality"],
                                                  key: settings.exact ? settings.exactKey(sample) : nil))
                    if settings.near { texts.append(Array(sample.trainingText.utf8)) }
                    if texts.count >= Self.batch { try flush() }
                }
            } catch {
                throw UpstreamUnreadable(part: input.id, reason: "\(error)")
            }
            try flush()
        }
        try members.close()
        try signatures.close()
        return TaskReport()
    }
}

import Foundation

/// Drops exact and near duplicates among all of a domain's quality-scored samples.
///
/// Deduplication compares every sample with every other, so the stage has one step,
/// `clusters`, whose single task reads every upstream part (their digests make its key) and
/// writes one part. Removed samples are rejections of the part they came from, naming the
/// sample kept in their place; cluster membership is noted (`cluster`) on every sample of a
/// cluster, kept or not.
public struct DedupStage: Stage, Step {
    public static let name = "dedup"
    public static let version = "1"

    let settings: DedupSettings

    public init(section: ConfigTable, domain: DomainSettings) throws {
        settings = try DedupSettings(section: section)
    }

    init(settings: DedupSettings) {
        self.settings = settings
    }

    public var steps: [any Step] { [self] }
    public var name: String { "clusters" }

    public func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = context.partInputs(upstream: [settings.upstream])
        guard !parts.isEmpty else {
            throw InputRejected("\(context.domain.name): no sample parts to deduplicate; run the '\(settings.upstream)' stage first")
        }
        return [StepTask(index: 0, inputs: parts)]
    }

    public func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        var samples = [Sample]()
        var origin = [String: Int]()
        for (position, input) in task.inputs.enumerated() {
            try SampleParts.forEach(in: [input.url]) { sample in
                origin[sample.id] = origin[sample.id] ?? position
                samples.append(sample)
            }
        }
        let result = Deduplicator(settings: settings).run(samples)
        let writer = try output.sampleWriter(PartFiles.name(0))
        for sample in result.samples { try writer.write(sample) }
        try writer.close()

        var records = try task.inputs.map { InputRecord(uri: $0.id, digest: try output.digest(of: $0)) }
        for rejection in result.rejections { records[origin[rejection.locator] ?? 0].rejections.append(rejection) }
        for sample in result.samples { records[origin[sample.id] ?? 0].samples += 1 }
        return TaskReport(inputs: records, samples: result.samples.map(SampleRow.init), notes: result.notes)
    }
}

import Foundation

/// The last step of deduplication, one task per upstream part: copies the part's samples that
/// were not dropped to `part-NNNNN.jsonl.zst`, and records the dropped ones as rejections of
/// the part and every group member's `cluster` note, in the order the in-memory
/// `Deduplicator` gives them.
struct FilterStep: Step {
    let settings: DedupSettings
    var name: String { "filter" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = context.partInputs(upstream: [settings.upstream])
        let clusters = DedupFiles.inputs(parts.count, context, DedupFiles.clusters)
        return parts.indices.map { StepTask(index: $0, inputs: [parts[$0], clusters[$0]]) }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let part = task.inputs[0]
        var entries = [Int: [ClusterEntry]]()
        var ordered = [ClusterEntry]()
        try ZstdJSONLReader(url: task.inputs[1].url).forEach(ClusterEntry.self) { entry in
            entries[entry.index, default: []].append(entry)
            ordered.append(entry)
        }
        ordered.sort { $0.order < $1.order }

        var record = InputRecord(uri: part.id, digest: try output.digest(of: part))
        var ids = [Int: String]()
        var report = TaskReport()
        let writer = try output.sampleWriter(PartFiles.name(task.index))
        var index = 0
        do {
            try SampleParts.forEach(in: [part.url]) { sample in
                defer { index += 1 }
                if let mine = entries[index] {
                    ids[index] = sample.id
                    if mine.contains(where: { $0.reason != nil }) { return }
                }
                var sample = sample
                sample.lineage.append(LineageStep(stage: DedupStage.name, version: DedupStage.version))
                try writer.write(sample)
                report.samples.append(SampleRow(sample))
            }
        } catch let error as IOError {
            throw UpstreamUnreadable(part: part.id, reason: "\(error)")
        }
        try writer.close()
        for entry in ordered {
            guard let id = ids[entry.index] else {
                throw UpstreamUnreadable(part: part.id, reason: "line \(entry.index + 1) is named in a duplicate group but the part is shorter; the part changed since the signatures step read it")
            }
            report.notes.append(SampleNote(sampleID: id, key: "cluster", value: entry.cluster))
            if let reason = entry.reason { record.rejections.append(Finding(locator: id, reason: reason)) }
        }
        record.samples = report.samples.count
        report.inputs = [record]
        return report
    }
}

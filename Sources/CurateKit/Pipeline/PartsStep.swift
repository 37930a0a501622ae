import Foundation

/// The one step of a `SampleStage`: inputs are grouped into parts by a hash of their id, and
/// each part's samples become `part-NNNNN.jsonl.zst`.
struct PartsStep<S: SampleStage>: Step {
    let stage: S
    var name: String { "parts" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        var byID = [String: StageInput]()
        for input in try stage.inputs(context) { byID[input.id] = input }
        let inputs = byID.values.sorted { $0.id < $1.id }
        let count = max(1, min(context.parts, inputs.count))
        var parts = [[StageInput]](repeating: [], count: count)
        for input in inputs { parts[PartAssignment.part(of: input.id, among: count)].append(input) }
        return parts.enumerated().map { StepTask(index: $0.offset, inputs: $0.element) }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let writer = try output.sampleWriter(PartFiles.name(task.index))
        let redactor = Redactor.shared(context.domain.redaction)
        var report = TaskReport()
        for input in task.inputs {
            var record = InputRecord(uri: input.id)
            do {
                record.digest = try output.digest(of: input)
                // Outside text enters the pipeline here: nothing reaches a part, the catalog or
                // a log before the domain's redactor has seen it (docs/DESIGN.md, "Redaction").
                try stage.process(input, context) { piece in
                    let produced = redactor.redact(piece)
                    for sample in produced.samples { try writer.write(sample) }
                    record.samples += produced.samples.count
                    record.rejections += produced.rejections
                    record.skipped += produced.skipped
                    record.pending += produced.pending
                    try output.record(samples: produced.samples.map(SampleRow.init), notes: produced.notes)
                }
            } catch {
                // An upstream part that cannot be read is not bad input but a broken earlier
                // stage: fail the task, so this stage's good output is not replaced by less.
                if context.layout.relativePath(input.url) != nil { throw UpstreamUnreadable(part: input.id, reason: "\(error)") }
                record.failure = redactor.redact("\(error)").text
            }
            report.inputs.append(record)
            output.advance()
        }
        try writer.close()
        return report
    }
}

/// Assigns inputs to parts by a hash of their id, so the part an input lands in depends only
/// on the number of parts, not on the other inputs. That number is the configured one, or the
/// number of inputs when there are fewer: while a stage has fewer inputs than parts, adding
/// one moves the others too.
enum PartAssignment {
    static func part(of id: String, among count: Int) -> Int {
        // FNV-1a: stable across runs and platforms, unlike Swift's seeded `Hasher`.
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return Int(hash % UInt64(count))
    }
}

/// A task's input is a part an earlier stage wrote, and it cannot be read.
public struct UpstreamUnreadable: Error, CustomStringConvertible {
    public var part: String
    public var reason: String

    public var description: String {
        "upstream part \(part) cannot be read (\(reason)); run the stage that wrote it again (make <stage> rebuilds a damaged part), then this one"
    }
}

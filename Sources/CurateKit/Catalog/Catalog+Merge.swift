import Foundation
import GRDB

extension Catalog {
    /// What `merge` did.
    public struct MergeResult: Sendable {
        /// Task records folded in (new, or changed since last folded).
        public var folded = 0
        /// Task records the catalog already held as they are.
        public var current = 0
        /// Tasks the catalog held whose records are gone (the step now has fewer tasks).
        public var forgotten = 0
    }

    /// Folds into the catalog every task record under the output root that it does not hold yet
    /// (or holds from an older record): the records tasks on other nodes wrote beside their
    /// files (`<stage>/.tasks/`), so that one process writes the catalog after a cluster run,
    /// or every record after a rebuild. Each (domain, stage) with something new gets a run row
    /// with status `merged`.
    @discardableResult
    public func merge(_ layout: OutputLayout) throws -> MergeResult {
        var result = MergeResult()
        for domain in layout.domains {
            let stages = ((try? FileManager.default.contentsOfDirectory(atPath: layout.domain(domain).path)) ?? []).sorted()
            for stage in stages where !stage.hasPrefix(".")
                && FileManager.default.fileExists(atPath: layout.taskRecords(of: stage, domain: domain).path) {
                try merge(stage: stage, domain: domain, layout: layout, into: &result)
            }
        }
        return result
    }

    private func merge(stage: String, domain: String, layout: OutputLayout, into result: inout MergeResult) throws {
        let records = TaskRecordStore(layout: layout, stage: stage, domain: domain)
        let present = records.all()
        var runID: Int64?
        var summary = StageSummary(domain: domain, stage: stage)
        let clock = Date()
        for (step, task) in present {
            guard let (record, digest) = records.record(step: step, task: task) else { continue }
            if try foldedRecord(domain: domain, stage: stage, step: step, task: task) == digest {
                result.current += 1
                continue
            }
            if runID == nil {
                let version = StageRegistry.standard.stage(named: stage).map { $0.version } ?? "-"
                runID = try startRun(domain: domain, stage: stage, version: version, settingsDigest: "-", partition: "merge")
            }
            do {
                try fold(record, digest: digest, domain: domain, runID: runID) { body in
                    try records.forEachDetails(step: step, task: task, body)
                }
            } catch let error as CatalogError {
                throw error
            } catch let error as DatabaseError {
                throw error
            } catch {
                // A record without readable details is a task to redo, not a reason to stop;
                // the fold is one transaction, so nothing of it was kept.
                FileHandle.standardError.write(Data("skipping \(records.recordURL(step: step, task: task).path): \(error)\n".utf8))
                continue
            }
            summary.add(TaskOutcome(record: record, reused: false, rejections: []), firstStep: step == present.first?.step)
            result.folded += 1
        }
        let known = Set(present.map { "\($0.step)\u{0}\($0.task)" })
        for (step, task) in try foldedTasks(domain: domain, stage: stage) where !known.contains("\(step)\u{0}\(task)") {
            try forgetTask(domain: domain, stage: stage, step: step, task: task)
            result.forgotten += 1
        }
        if let runID {
            summary.seconds = Date().timeIntervalSince(clock)
            try finishRun(runID, summary: summary, status: "merged")
        }
    }

    /// The (step, task) pairs the catalog holds for one stage of one domain.
    func foldedTasks(domain: String, stage: String) throws -> [(step: String, task: Int)] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT step, task FROM tasks WHERE domain = ? AND stage = ? ORDER BY step, task",
                             arguments: [domain, stage]).map { ($0["step"], $0["task"]) }
        }
    }
}

import Foundation

extension Catalog {
    /// Folds in every task record under `layout` that the catalog does not hold yet (or holds
    /// from an older record): the tasks a cluster ran on other nodes, or everything after a
    /// rebuild. Returns how many tasks were folded.
    @discardableResult
    public func foldRecords(under layout: OutputLayout) throws -> Int {
        var folded = 0
        for domain in layout.domains {
            let stages = (try? FileManager.default.contentsOfDirectory(atPath: layout.domain(domain).path)) ?? []
            for stage in stages.sorted() where !stage.hasPrefix(".") {
                let store = TaskRecordStore(layout: layout, stage: stage, domain: domain)
                // The rows folded here belong to one run entry per stage, marked as folded.
                var runID: Int64?
                for (step, task) in store.all() {
                    guard let (record, digest) = store.record(step: step, task: task),
                          try foldedRecord(domain: domain, stage: record.stage, step: step, task: task) != digest else { continue }
                    let details: TaskDetails
                    do {
                        details = try store.details(step: step, task: task)
                    } catch {
                        // A record without its details is a task to redo, not a reason to stop.
                        FileHandle.standardError.write(Data("skipping \(store.recordURL(step: step, task: task).path): \(error)\n".utf8))
                        continue
                    }
                    if runID == nil {
                        runID = try startRun(domain: domain, stage: stage, version: "records", settingsDigest: "", partition: "folded")
                    }
                    try fold(record, digest: digest, details: details, domain: domain, runID: runID)
                    folded += 1
                }
                if let runID { try markFolded(runID) }
            }
        }
        return folded
    }

    /// Sets a damaged catalog aside (as `catalog.sqlite.damaged`) and builds a new one from the
    /// task records of every stage. The run history is not in the records and starts afresh;
    /// cached tool verdicts come back from the records.
    public static func rebuild(outputRoot: URL) throws -> (catalog: Catalog, tasks: Int, keptAs: URL?) {
        let layout = OutputLayout(root: outputRoot)
        var keptAs: URL?
        if FileManager.default.fileExists(atPath: layout.catalog.path) {
            let aside = layout.catalog.appendingPathExtension("damaged")
            for (file, suffix) in zip(files(of: layout.catalog.path), ["", "-wal", "-shm"]) {
                try? FileManager.default.removeItem(atPath: aside.path + suffix)
                if FileManager.default.fileExists(atPath: file) {
                    try FileManager.default.moveItem(atPath: file, toPath: aside.path + suffix)
                }
            }
            keptAs = aside
        }
        let catalog = try Catalog(url: layout.catalog)
        return (catalog, try catalog.foldRecords(under: layout), keptAs)
    }
}

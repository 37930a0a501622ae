import Foundation

extension Catalog {
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
        return (catalog, try catalog.merge(layout).folded, keptAs)
    }
}

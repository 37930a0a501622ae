import Foundation
import GRDB

/// The SQLite catalog (`out/catalog.sqlite`): what each stage run did, every input and output
/// with its digest, every sample with its provenance, and every rejection with its reason.
///
/// Opened in WAL mode through GRDB's `DatabasePool` so that several processes (the partitions of
/// one stage) can record their parts at once; see https://www.sqlite.org/wal.html.
public final class Catalog: @unchecked Sendable {
    public let url: URL
    let pool: DatabasePool

    public init(url: URL) throws {
        self.url = url
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        // Partitions running as separate processes wait for each other's short write transactions.
        configuration.busyMode = .timeout(60)
        pool = try DatabasePool(path: url.path, configuration: configuration)
        try Catalog.migrator.migrate(pool)
    }

    /// The catalog of an output folder: `<out>/catalog.sqlite`.
    public convenience init(outputRoot: URL) throws {
        try self.init(url: outputRoot.appendingPathComponent("catalog.sqlite"))
    }
}

extension Catalog: StageCache {
    public func value(namespace: String, key: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM cache WHERE namespace = ? AND key = ?", arguments: [namespace, key])
        }
    }

    public func store(namespace: String, key: String, value: String) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO cache(namespace, key, value) VALUES (?, ?, ?)",
                           arguments: [namespace, key, value])
        }
    }
}

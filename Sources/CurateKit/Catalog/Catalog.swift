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
    let busyLimit: Int

    /// `busyLimit`: seconds to wait for another process's write transaction before giving up.
    public init(url: URL, busyLimit: Int = 60) throws {
        self.url = url
        self.busyLimit = busyLimit
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var configuration = Configuration()
        configuration.busyMode = .callback(Catalog.waitWhileBusy(path: url.path, limit: busyLimit))
        if let reason = Catalog.truncation(of: url) { throw CatalogError.damaged(path: url.path, reason: reason) }
        do {
            pool = try DatabasePool(path: url.path, configuration: configuration)
            try Catalog.migrator.migrate(pool)
        } catch {
            throw CatalogError.from(error, path: url.path, waited: busyLimit)
        }
    }

    /// The catalog of an output folder: `<out>/catalog.sqlite`.
    public convenience init(outputRoot: URL) throws {
        try self.init(url: outputRoot.appendingPathComponent("catalog.sqlite"))
    }

    /// The files SQLite keeps for a catalog in WAL mode.
    static func files(of path: String) -> [String] {
        [path, path + "-wal", path + "-shm"]
    }

    /// Why the file is shorter than its own header says, if it is: SQLite reads a truncated
    /// catalog's missing pages as empty tables, so a cut file would otherwise look like an
    /// empty catalog. See the database header in https://www.sqlite.org/fileformat.html.
    static func truncation(of url: URL) -> String? {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return nil }
        defer { try? handle.close() }
        guard let header = try? handle.read(upToCount: 100), header.count == 100,
              let size = try? handle.seekToEnd() else { return nil }
        func number(_ offset: Int, _ count: Int) -> Int {
            header[offset..<offset + count].reduce(0) { $0 << 8 | Int($1) }
        }
        let pageSize = number(16, 2) == 1 ? 65536 : number(16, 2)
        let pages = number(28, 4)
        // The page count in the header is valid only while the two change counters agree.
        guard pages > 0, number(24, 4) == number(92, 4), pages * pageSize > Int(size) else { return nil }
        return "the file has \(size) bytes but its header counts \(pages) pages of \(pageSize) bytes; was it cut short?"
    }

    /// A write transaction; a catalog that stays locked or is damaged becomes a `CatalogError`.
    func write<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.write(body) } catch { throw CatalogError.from(error, path: url.path, waited: busyLimit) }
    }

    /// A read transaction, with errors as in `write`.
    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw CatalogError.from(error, path: url.path, waited: busyLimit) }
    }

    /// SQLite's busy handler: waits in short sleeps up to `limit` seconds and, once a wait passes
    /// two seconds, says on stderr who holds the catalog, so a long silent pause has a reason.
    private static func waitWhileBusy(path: String, limit: Int) -> Database.BusyCallback {
        let pause = 0.05
        return { tries in
            let waited = Double(tries) * pause
            if waited >= Double(limit) { return false }
            if tries == Int(2 / pause) {
                let holders = FileHolders.processes(holding: files(of: path))
                let who = holders.isEmpty ? "another process" : holders.map(\.description).joined(separator: ", ")
                FileHandle.standardError.write(Data("waiting for the catalog \(path), held by \(who) (up to \(limit) s)\n".utf8))
            }
            Thread.sleep(forTimeInterval: pause)
            return true
        }
    }
}

extension Catalog: StageCache {
    public func value(namespace: String, key: String) throws -> String? {
        try read { db in
            try String.fetchOne(db, sql: "SELECT value FROM cache WHERE namespace = ? AND key = ?", arguments: [namespace, key])
        }
    }

    public func store(namespace: String, key: String, value: String) throws {
        try write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO cache(namespace, key, value) VALUES (?, ?, ?)",
                           arguments: [namespace, key, value])
        }
    }
}

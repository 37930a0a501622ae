import Foundation

/// A persistent key-value cache for results that are costly to recompute: a compiler's verdict
/// on a snippet, a model's answer to a request. Kept in the catalog (`cache` table); what a
/// task stores also travels in its completion record, so a task run on another machine, or a
/// rebuilt catalog, keeps it.
public protocol StageCache: Sendable {
    func value(namespace: String, key: String) throws -> String?
    func store(namespace: String, key: String, value: String) throws
}

/// One cached value, as a task record carries it.
public struct CacheEntry: Sendable, Hashable, Codable {
    public var namespace: String
    public var key: String
    public var value: String
}

/// The cache one task sees: reads go to the overlay of what the task stored, then to the
/// shared cache; stores go to both (when the shared one may be written) and are kept for the
/// task's record.
final class TaskCache: StageCache, @unchecked Sendable {
    private let shared: (any StageCache)?
    private let writesShared: Bool
    private let lock = NSLock()
    private var stored = [String: CacheEntry]()

    init(shared: (any StageCache)?, writesShared: Bool) {
        self.shared = shared
        self.writesShared = writesShared
    }

    func value(namespace: String, key: String) throws -> String? {
        if let own = lock.withLock({ stored[namespace + "\u{0}" + key] }) { return own.value }
        return try shared?.value(namespace: namespace, key: key)
    }

    func store(namespace: String, key: String, value: String) throws {
        lock.withLock { stored[namespace + "\u{0}" + key] = CacheEntry(namespace: namespace, key: key, value: value) }
        if writesShared { try shared?.store(namespace: namespace, key: key, value: value) }
    }

    /// What the task stored, in a stable order.
    var entries: [CacheEntry] {
        lock.withLock { stored.keys.sorted().map { stored[$0]! } }
    }
}

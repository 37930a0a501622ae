import Foundation

/// The verdicts one scoring pass has reached, in front of the run's cache (if any): what the
/// batch checkers judge up front is found here by the per-sample scoring that follows, also
/// when the run keeps no cache. Stores go through to the shared cache.
final class VerdictMemo: StageCache, @unchecked Sendable {
    private let shared: (any StageCache)?
    private let lock = NSLock()
    private var values = [String: String]()

    init(shared: (any StageCache)?) { self.shared = shared }

    func value(namespace: String, key: String) throws -> String? {
        if let own = lock.withLock({ values[namespace + "\u{0}" + key] }) { return own }
        return try shared?.value(namespace: namespace, key: key)
    }

    func store(namespace: String, key: String, value: String) throws {
        lock.withLock { values[namespace + "\u{0}" + key] = value }
        try shared?.store(namespace: namespace, key: key, value: value)
    }
}

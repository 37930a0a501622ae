import Foundation

/// The verdicts on the code of every input of one quality run, judged together before the
/// first part is scored.
///
/// A batch of the C++ checker costs mostly the standard headers it reads, once per set of
/// headers its snippets open; judged part by part, every part pays again for the header sets
/// it shares with the others, and the precompiled headers that pay off only across many
/// batches never do. So the first part of a run to be scored judges the code of all the run's
/// inputs at once (`prepareOnce`), using all of the run's threads while the other parts wait,
/// and every part then takes its verdicts from here. A part stores the verdicts it uses in its
/// own cache as if it had judged them, so its record and the catalog hold what they held
/// before. The verdicts are the ones each snippet gets alone, so which part runs first, or
/// whether a part is reused, changes no output; a verdict missing here (an input that
/// changed since) is judged by the part as before.
final class StageVerdicts: StageCache, @unchecked Sendable {
    private let lock = NSLock()
    private var values = [String: String]()
    /// The inputs the verdicts were gathered for; another set of inputs gathers again.
    private var gathered: String?
    /// Serialises `prepareOnce`: one part gathers while the others wait for it.
    private let gathering = NSLock()
    /// Where verdicts not found here are looked up, while gathering (the catalog's cache).
    private var fallback: (any StageCache)?

    func value(namespace: String, key: String) throws -> String? {
        if let own = lock.withLock({ values[namespace + "\u{0}" + key] }) { return own }
        return try lock.withLock({ fallback })?.value(namespace: namespace, key: key)
    }

    /// Keeps `value` here only: the part that uses it stores it in its own cache.
    func store(namespace: String, key: String, value: String) throws {
        lock.withLock { values[namespace + "\u{0}" + key] = value }
    }

    /// Runs `judge` (which stores into `self`) unless it already ran for `inputs`; reads that
    /// miss here go to `cache` meanwhile, so what the catalog knows is not judged again.
    func prepareOnce(inputs: [StageInput], cache: (any StageCache)?, _ judge: (StageVerdicts) throws -> Void) throws {
        let identity = Digest.combine(inputs.map { $0.id + "\u{0}" + $0.url.path }.sorted())
        try gathering.withLock {
            guard lock.withLock({ gathered }) != identity else { return }
            lock.withLock { fallback = cache }
            defer { lock.withLock { fallback = nil } }
            try judge(self)
            lock.withLock { gathered = identity }
        }
    }

    /// The stored verdict, without looking further.
    func known(namespace: String, key: String) -> String? {
        lock.withLock { values[namespace + "\u{0}" + key] }
    }
}

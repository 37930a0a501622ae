/// Which member of a duplicate group is kept: the highest `quality` score (a sample without
/// one counts as -1), then the smallest id, then the earliest in the domain's order.
///
/// The one rule both the in-memory `Deduplicator` and the stage's `clusters` step apply, so
/// they keep the same samples.
struct KeepCandidate: Sendable {
    var id: String
    var quality: Double
    /// The sample's position among all of the domain's upstream samples.
    var ordinal: Int

    init(id: String, quality: Double?, ordinal: Int) {
        self.id = id
        self.quality = quality ?? -1
        self.ordinal = ordinal
    }

    /// True when `self` is kept over `other`.
    func isBetter(than other: KeepCandidate) -> Bool {
        if quality != other.quality { return quality > other.quality }
        if id != other.id { return id < other.id }
        return ordinal < other.ordinal
    }

    /// The kept member of a non-empty group.
    static func best(_ members: [KeepCandidate]) -> KeepCandidate {
        members.min { $0.isBetter(than: $1) }!
    }
}

/// The reasons recorded for a dropped duplicate.
enum DuplicateReason {
    static func exact(of kept: String, copy: Bool, cluster: String) -> String {
        "exact duplicate of \(kept)\(copySuffix(copy)), kept in cluster \(cluster)"
    }

    static func samePrompt(of kept: String, copy: Bool, cluster: String) -> String {
        "same prompt as \(kept)\(copySuffix(copy)) (exact duplicate or another answer), kept in cluster \(cluster)"
    }

    static func near(similarity: Double, of kept: String, copy: Bool, cluster: String) -> String {
        "near duplicate (estimated Jaccard \(formatted(similarity))) of \(kept)\(copySuffix(copy)), kept in cluster \(cluster)"
    }

    /// Upstream may emit the very same sample twice (one crash seen by two tools).
    private static func copySuffix(_ copy: Bool) -> String { copy ? " (another copy of the same sample)" : "" }

    static func exactCluster(key: String) -> String { "exact-" + key.prefix(16) }

    /// A near cluster is named by the digest of its member ids, so the name does not depend on
    /// input order.
    static func nearCluster(ids: [String]) -> String {
        "near-" + Digest.sha256Hex(ids.sorted().joined(separator: "\n")).prefix(16)
    }
}

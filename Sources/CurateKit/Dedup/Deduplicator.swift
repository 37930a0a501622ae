/// Removes exact and near duplicates from one domain's samples, keeping the best of each group.
///
/// Exact groups (same `ExactKey`) are settled first; the survivors are then clustered by
/// MinHash + LSH. In every group the kept sample is the one with the highest `quality` score,
/// ties going to the smallest id, then to the earliest; the others are returned as rejections
/// naming the kept sample. Every member of a group gets a `cluster` note whose value names the
/// group by the digest of its member ids, so it is stable across runs and input orders.
struct Deduplicator: Sendable {
    var settings = DedupSettings()

    func run(_ samples: [Sample]) -> StageOutput {
        var output = StageOutput()
        var removed = [Bool](repeating: false, count: samples.count)

        if settings.exact {
            var groups = [String: [Int]]()
            var order = [String]()
            for (index, sample) in samples.enumerated() {
                let key = ExactKey.digest(sample)
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(index)
            }
            for key in order {
                guard let members = groups[key], members.count > 1 else { continue }
                settle(members, cluster: "exact-" + key.prefix(16), samples: samples, removed: &removed, output: &output) { _ in
                    "exact duplicate"
                }
            }
        }

        if settings.near {
            let survivors = samples.indices.filter { !removed[$0] }
            let hasher = settings.hasher
            let texts = survivors.map { Array(samples[$0].trainingText.utf8) }
            let signatures = SignatureBatch.compute(texts, hasher: hasher, threads: settings.threads)
            let roots = settings.clusterer.cluster(signatures, count: survivors.count)
            var members = [Int: [Int]]()
            for (position, root) in roots.enumerated() {
                members[root, default: []].append(position)
            }
            for root in members.keys.sorted() {
                guard let positions = members[root], positions.count > 1 else { continue }
                let ids = positions.map { samples[survivors[$0]].id }.sorted()
                let cluster = "near-" + Digest.sha256Hex(ids.joined(separator: "\n")).prefix(16)
                let kept = best(positions.map { survivors[$0] }, samples)
                let keptPosition = positions.first { survivors[$0] == kept }!
                settle(positions.map { survivors[$0] }, cluster: cluster, samples: samples, removed: &removed, output: &output) { index in
                    let position = positions.first { survivors[$0] == index }!
                    let similarity = LSHClusterer.similarity(signatures, position, keptPosition, width: hasher.hashCount)
                    return "near duplicate (estimated Jaccard \(formatted(similarity)))"
                }
            }
        }

        for (index, var sample) in samples.enumerated() where !removed[index] {
            sample.lineage.append(LineageStep(stage: DedupStage.name, version: DedupStage.version))
            output.samples.append(sample)
        }
        return output
    }

    /// The best sample of a group: highest quality, then smallest id, then earliest.
    private func best(_ members: [Int], _ samples: [Sample]) -> Int {
        members.min { a, b in
            let qa = samples[a].scores["quality"] ?? -1, qb = samples[b].scores["quality"] ?? -1
            if qa != qb { return qa > qb }
            if samples[a].id != samples[b].id { return samples[a].id < samples[b].id }
            return a < b
        }!
    }

    /// Keeps the best member of a group and rejects the others, noting the cluster on all.
    private func settle(_ members: [Int], cluster: String, samples: [Sample], removed: inout [Bool],
                        output: inout StageOutput, why: (Int) -> String) {
        let kept = best(members, samples)
        for index in members {
            output.notes.append(SampleNote(sampleID: samples[index].id, key: "cluster", value: cluster))
            guard index != kept else { continue }
            removed[index] = true
            // Upstream may emit the very same sample twice (one crash seen by two tools).
            let copy = samples[index].id == samples[kept].id ? " (another copy of the same sample)" : ""
            output.rejections.append(Finding(locator: samples[index].id,
                                             reason: "\(why(index)) of \(samples[kept].id)\(copy), kept in cluster \(cluster)"))
        }
    }
}

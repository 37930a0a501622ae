/// Removes exact and near duplicates from samples held in memory, keeping the best of each group.
///
/// The reference the `dedup` stage's steps are tested against: they give the same samples,
/// rejections and notes without holding a domain's samples in memory.
///
/// Exact groups (same `ExactKey`, of the prompt alone with `same_prompt`) are settled first;
/// the survivors are then clustered by MinHash + LSH. In every group the kept sample is the one
/// with the highest `quality` score, ties going to the smallest id, then to the earliest; the
/// others are returned as rejections naming the kept sample. Every member of a group gets a `cluster` note whose value names the
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
                let key = settings.exactKey(sample)
                if groups[key] == nil { order.append(key) }
                groups[key, default: []].append(index)
            }
            for key in order {
                guard let members = groups[key], members.count > 1 else { continue }
                settle(members, cluster: DuplicateReason.exactCluster(key: key), samples: samples, removed: &removed,
                       output: &output) { _, kept, copy, cluster in
                    settings.exactReason(of: kept, copy: copy, cluster: cluster)
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
                let cluster = DuplicateReason.nearCluster(ids: positions.map { samples[survivors[$0]].id })
                let kept = best(positions.map { survivors[$0] }, samples)
                let keptPosition = positions.first { survivors[$0] == kept }!
                settle(positions.map { survivors[$0] }, cluster: cluster, samples: samples, removed: &removed,
                       output: &output) { index, kept, copy, cluster in
                    let position = positions.first { survivors[$0] == index }!
                    let similarity = LSHClusterer.similarity(signatures, position, keptPosition, width: hasher.hashCount)
                    return DuplicateReason.near(similarity: similarity, of: kept, copy: copy, cluster: cluster)
                }
            }
        }

        for (index, var sample) in samples.enumerated() where !removed[index] {
            sample.lineage.append(LineageStep(stage: DedupStage.name, version: DedupStage.version))
            output.samples.append(sample)
        }
        return output
    }

    /// The best sample of a group (see `KeepCandidate`).
    private func best(_ members: [Int], _ samples: [Sample]) -> Int {
        KeepCandidate.best(members.map { KeepCandidate(id: samples[$0].id, quality: samples[$0].scores["quality"], ordinal: $0) }).ordinal
    }

    /// Keeps the best member of a group and rejects the others, noting the cluster on all.
    private func settle(_ members: [Int], cluster: String, samples: [Sample], removed: inout [Bool],
                        output: inout StageOutput, why: (_ index: Int, _ kept: String, _ copy: Bool, _ cluster: String) -> String) {
        let kept = best(members, samples)
        for index in members {
            output.notes.append(SampleNote(sampleID: samples[index].id, key: "cluster", value: cluster))
            guard index != kept else { continue }
            removed[index] = true
            let copy = samples[index].id == samples[kept].id
            output.rejections.append(Finding(locator: samples[index].id, reason: why(index, samples[kept].id, copy, cluster)))
        }
    }
}

import Foundation

/// The reduce step of deduplication, one task: settles every duplicate group and writes, for
/// each upstream part, the entries of its samples that belong to one (`clusters/`).
///
/// It holds only what concerns duplicates: the exact groups, the candidate pairs, and the
/// signatures, ids and scores of the samples in a group or a pair. A candidate pair is joined
/// when its signatures agree on enough values; groups are the connected components, named,
/// settled and ordered exactly as the in-memory `Deduplicator` does.
struct ClusterStep: Step {
    let settings: DedupSettings
    var name: String { "clusters" }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = settings.upstreamParts(context)
        let inputs = DedupFiles.inputs(parts, context, DedupFiles.members)
            + DedupFiles.inputs(parts, context, DedupFiles.signatures)
            + DedupFiles.inputs(ExactStep(settings: settings).taskCount, context, DedupFiles.exactGroups)
            + DedupFiles.inputs(BucketStep(settings: settings).taskCount, context, DedupFiles.pairs)
        return [StepTask(index: 0, inputs: inputs)]
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        func files(_ folder: String) -> [URL] { DedupFiles.files(in: folder, of: task) }
        let width = settings.bands * settings.rows
        let clusterer = settings.clusterer

        var groups = [ExactGroup]()
        for file in files("exact") { try ZstdJSONLReader(url: file).forEach(ExactGroup.self) { groups.append($0) } }
        groups.sort { $0.members[0] < $1.members[0] }

        // Every sample in a candidate pair, ascending: its position here is its set in `sets`.
        var pairs = [UInt64]()
        for file in files("buckets") {
            let reader = try ZstdJSONLReader(url: file)
            var number = 0
            while let line = try reader.nextLine() {
                number += 1
                let fields = line.split(separator: 0x20).compactMap { UInt64(String(decoding: $0, as: UTF8.self)) }
                guard fields.count == 2 else {
                    throw IOError.badLine(path: file.path, line: number, reason: "not a pair of ordinals")
                }
                pairs.append(fields[0] << 32 | fields[1])
            }
        }
        pairs.sort()
        var paired = Set<Int>()
        for pair in pairs { paired.insert(Int(pair >> 32)); paired.insert(Int(pair & 0xFFFF_FFFF)) }
        let involved = paired.sorted()
        var slot = [Int: Int]()
        for (position, ordinal) in involved.enumerated() { slot[ordinal] = position }

        var signatures = [UInt64](repeating: 0, count: involved.count * width)
        try SignatureLine.forEach(in: files("signatures"), width: width) { ordinal, signature in
            guard let position = slot[ordinal] else { return }
            for value in 0..<width { signatures[position * width + value] = signature[value] }
        }
        func equalValues(_ a: Int, _ b: Int) -> Int {
            var equal = 0
            for value in 0..<width where signatures[a * width + value] == signatures[b * width + value] { equal += 1 }
            return equal
        }
        var sets = UnionFind(count: involved.count)
        var previous: UInt64?
        for pair in pairs where pair != previous {
            previous = pair
            let a = slot[Int(pair >> 32)]!, b = slot[Int(pair & 0xFFFF_FFFF)]!
            if sets.find(a) != sets.find(b), equalValues(a, b) >= clusterer.neededEqualValues { sets.union(a, b) }
        }
        var components = [Int: [Int]]()
        for position in involved.indices { components[sets.find(position), default: []].append(position) }
        let clusters = components.keys.sorted().compactMap { components[$0]!.count > 1 ? components[$0]! : nil }

        // Ids and scores of every member, and where each part starts.
        var wanted = Set<Int>()
        for group in groups { wanted.formUnion(group.members) }
        for cluster in clusters { for position in cluster { wanted.insert(involved[position]) } }
        var candidates = [Int: KeepCandidate]()
        var partStarts = [Int]()
        var ordinal = 0
        for file in files("members") {
            partStarts.append(ordinal)
            try ZstdJSONLReader(url: file).forEach(DedupMember.self) { member in
                if wanted.contains(ordinal) { candidates[ordinal] = KeepCandidate(id: member.id, quality: member.quality, ordinal: ordinal) }
                ordinal += 1
            }
        }

        var entries = [[ClusterEntry]](repeating: [], count: partStarts.count)
        var order = 0
        func settle(_ members: [Int], cluster: String, kept: KeepCandidate, why: (Int, Bool) -> String) {
            for member in members {
                let part = partStarts.lastIndex { $0 <= member }!
                let reason = member == kept.ordinal ? nil : why(member, candidates[member]!.id == kept.id)
                entries[part].append(ClusterEntry(order: order, index: member - partStarts[part], cluster: cluster, reason: reason))
                order += 1
            }
        }
        for group in groups {
            let cluster = DuplicateReason.exactCluster(key: group.key)
            let kept = candidates[group.kept]!
            settle(group.members, cluster: cluster, kept: kept) { _, copy in
                settings.exactReason(of: kept.id, copy: copy, cluster: cluster)
            }
        }
        for positions in clusters {
            let members = positions.map { involved[$0] }
            let cluster = DuplicateReason.nearCluster(ids: members.map { candidates[$0]!.id })
            let kept = KeepCandidate.best(members.map { candidates[$0]! })
            let keptPosition = slot[kept.ordinal]!
            settle(members, cluster: cluster, kept: kept) { member, copy in
                let similarity = Double(equalValues(slot[member]!, keptPosition)) / Double(width)
                return DuplicateReason.near(similarity: similarity, of: kept.id, copy: copy, cluster: cluster)
            }
        }

        for (part, list) in entries.enumerated() {
            let writer = try output.sampleWriter(DedupFiles.clusters(part))
            for entry in list { try writer.write(entry) }
            try writer.close()
        }
        return TaskReport()
    }
}

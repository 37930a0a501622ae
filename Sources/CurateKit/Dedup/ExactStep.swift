import Foundation

/// The reduce step of exact deduplication: task `t` of `n` reads every sample's exact key and
/// groups those whose first byte is `t` modulo `n`, so each task holds a share of the keys.
/// It writes each group of two or more, with the member kept (`KeepCandidate`), ordered by
/// first member.
struct ExactStep: Step {
    let settings: DedupSettings
    var name: String { "exact" }

    var taskCount: Int { settings.exact ? settings.tasks : 0 }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let members = DedupFiles.inputs(settings.upstreamParts(context), context, DedupFiles.members)
        return (0..<taskCount).map { StepTask(index: $0, inputs: members) }
    }

    /// A SHA-256 digest as four words, so a share of a domain's keys takes 32 bytes each.
    struct Key: Hashable {
        var words: (UInt64, UInt64, UInt64, UInt64)

        init?(hex: String) {
            let bytes = Array(hex.utf8)
            guard bytes.count == 64 else { return nil }
            var words = [UInt64](repeating: 0, count: 4)
            for (position, byte) in bytes.enumerated() {
                guard let digit = UInt8(ascii: byte) else { return nil }
                words[position / 16] = words[position / 16] << 4 | UInt64(digit)
            }
            self.words = (words[0], words[1], words[2], words[3])
        }

        var firstByte: Int { Int(words.0 >> 56) }

        static func == (a: Key, b: Key) -> Bool { a.words == b.words }
        func hash(into hasher: inout Hasher) {
            hasher.combine(words.0); hasher.combine(words.1); hasher.combine(words.2); hasher.combine(words.3)
        }
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let files = task.inputs.map(\.url)
        // The first sample of every key in range, and the later ones of keys seen again.
        var first = [Key: Int32]()
        var later = [Key: [Int]]()
        var ordinal = 0
        try DedupFiles.forEachMember(in: files) { member in
            defer { ordinal += 1 }
            guard let hex = member.key, let key = Key(hex: hex) else { return }
            guard key.firstByte % taskCount == task.index else { return }
            if first[key] == nil { first[key] = Int32(ordinal) } else { later[key, default: []].append(ordinal) }
        }
        var groups = later.map { key, rest in (key, [Int(first[key]!)] + rest) }
        first.removeAll()
        groups.sort { $0.1[0] < $1.1[0] }

        var wanted = [Int: String]()
        for (_, members) in groups { for member in members { wanted[member] = "" } }
        var candidates = [Int: KeepCandidate]()
        var keys = [Int: String]()
        ordinal = 0
        try DedupFiles.forEachMember(in: files) { member in
            defer { ordinal += 1 }
            guard wanted[ordinal] != nil else { return }
            candidates[ordinal] = KeepCandidate(id: member.id, quality: member.quality, ordinal: ordinal)
            keys[ordinal] = member.key
        }
        let writer = try output.sampleWriter(DedupFiles.exactGroups(task.index))
        for (_, members) in groups {
            let kept = KeepCandidate.best(members.map { candidates[$0]! })
            try writer.write(ExactGroup(key: keys[members[0]]!, members: members, kept: kept.ordinal))
        }
        try writer.close()
        return TaskReport()
    }
}

private extension UInt8 {
    /// The value of a lower-case hex digit.
    init?(ascii byte: UInt8) {
        switch byte {
        case 0x30...0x39: self = byte - 0x30
        case 0x61...0x66: self = byte - 0x61 + 10
        default: return nil
        }
    }
}

extension DedupFiles {
    /// Calls `body` with every `DedupMember` of the `members/` files, in order.
    static func forEachMember(in files: [URL], _ body: (DedupMember) throws -> Void) throws {
        for file in files { try ZstdJSONLReader(url: file).forEach(DedupMember.self, body) }
    }
}

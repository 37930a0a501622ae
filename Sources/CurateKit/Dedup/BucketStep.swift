import Foundation

/// The bucket step of near deduplication: task `t` of `n` takes a contiguous range of the LSH
/// bands and, for each band and probe, keys every sample that survived exact deduplication,
/// sorts the keys and writes the candidate pairs of each run of equal keys
/// (`LSHClusterer.candidates`), exactly the pairs the in-memory clusterer considers.
///
/// One pass over the signatures spills each band and probe's (key, ordinal) records to its own
/// scratch file; each file is then sorted alone, so a task holds 16 bytes per sample at a time.
struct BucketStep: Step {
    let settings: DedupSettings
    var name: String { "buckets" }

    var taskCount: Int { settings.near ? min(settings.tasks, settings.bands) : 0 }

    func tasks(_ context: StageContext) throws -> [StepTask] {
        let parts = settings.upstreamParts(context)
        let inputs = DedupFiles.inputs(parts, context, DedupFiles.signatures)
            + DedupFiles.inputs(ExactStep(settings: settings).taskCount, context, DedupFiles.exactGroups)
        return (0..<taskCount).map { StepTask(index: $0, inputs: inputs) }
    }

    /// The bands of task `index`.
    func bands(of index: Int) -> Range<Int> {
        (index * settings.bands / taskCount)..<((index + 1) * settings.bands / taskCount)
    }

    struct Keyed {
        var key: UInt64
        var ordinal: UInt32
    }

    func run(_ task: StepTask, _ context: StageContext, _ output: TaskOutput) throws -> TaskReport {
        let signatureFiles = DedupFiles.files(in: "signatures", of: task)
        let groupFiles = DedupFiles.files(in: "exact", of: task)
        let removed = try ExactGroup.removed(in: groupFiles)
        let clusterer = settings.clusterer
        let probes = clusterer.probes, rows = settings.rows
        let bands = bands(of: task.index)
        let scratch = try output.scratch

        // One spill file per band and probe of this task.
        var spills = [SpillFile]()
        for band in bands { for probe in 0..<probes {
            spills.append(try SpillFile(url: scratch.appendingPathComponent("band-\(band)-probe-\(probe).bin")))
        } }
        try SignatureLine.forEach(in: signatureFiles, width: settings.bands * rows) { ordinal, signature in
            guard !removed.contains(ordinal), !LSHClusterer.isEmpty(signature) else { return }
            var spill = 0
            for band in bands {
                let values = UnsafeBufferPointer(rebasing: signature[(band * rows)..<((band + 1) * rows)])
                for probe in 0..<probes {
                    try spills[spill].append(Keyed(key: clusterer.bandKey(band: band, probe: probe, rows: values),
                                                   ordinal: UInt32(ordinal)))
                    spill += 1
                }
            }
        }

        var pairs = Set<UInt64>()
        for spill in spills {
            var keyed = try spill.finish()
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.ordinal < $1.ordinal }
            clusterer.candidates(sorted: keyed, key: \.key, document: { Int($0.ordinal) }) { a, b in
                pairs.insert(UInt64(min(a, b)) << 32 | UInt64(max(a, b)))
            }
        }
        let writer = try output.sampleWriter(DedupFiles.pairs(task.index))
        for pair in pairs.sorted() { try writer.writeLine(Array("\(pair >> 32) \(pair & 0xFFFF_FFFF)".utf8)) }
        try writer.close()
        return TaskReport()
    }
}

/// A scratch file of fixed-size records, written through a buffer and read back whole.
final class SpillFile {
    let url: URL
    private var buffer = [BucketStep.Keyed]()
    private let handle: UnsafeMutablePointer<FILE>

    init(url: URL) throws {
        self.url = url
        guard let handle = fopen(url.path, "w+b") else { throw IOError.system("cannot create", url.path, errno) }
        self.handle = handle
        buffer.reserveCapacity(4096)
    }

    deinit { fclose(handle) }

    func append(_ record: BucketStep.Keyed) throws {
        buffer.append(record)
        if buffer.count == 4096 { try flush() }
    }

    private func flush() throws {
        let written = buffer.withUnsafeBufferPointer { fwrite($0.baseAddress, MemoryLayout<BucketStep.Keyed>.stride, $0.count, handle) }
        guard written == buffer.count else { throw IOError.system("cannot write", url.path, errno) }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Every record appended, in order; the file is emptied.
    func finish() throws -> [BucketStep.Keyed] {
        try flush()
        let stride = MemoryLayout<BucketStep.Keyed>.stride
        let count = Int(ftell(handle)) / stride
        rewind(handle)
        let records = try [BucketStep.Keyed](unsafeUninitializedCapacity: count) { records, initialised in
            guard fread(records.baseAddress, stride, count, handle) == count else {
                throw IOError.system("cannot read back", url.path, errno)
            }
            initialised = count
        }
        _ = ftruncate(fileno(handle), 0)
        return records
    }
}

extension ExactGroup {
    /// The ordinals exact deduplication drops, from the `exact/` files.
    static func removed(in files: [URL]) throws -> Set<Int> {
        var removed = Set<Int>()
        for file in files {
            try ZstdJSONLReader(url: file).forEach(ExactGroup.self) { group in
                for member in group.members where member != group.kept { removed.insert(member) }
            }
        }
        return removed
    }
}

import Foundation

/// The intermediate files of the `dedup` stage's steps, relative to its folder
/// (`out/<domain>/dedup/`, see `OutputLayout`), and the records they hold.
///
/// ```
/// members/part-NNNNN.jsonl.zst     signatures step: id, quality and exact key of each sample of upstream part N
/// signatures/part-NNNNN.jsonl.zst  signatures step: each sample's MinHash signature, one base64 line per sample
/// exact/groups-NNNNN.jsonl.zst     exact step: the exact groups whose key falls in task N's range
/// buckets/pairs-NNNNN.jsonl.zst    buckets step: candidate pairs from the bands of task N
/// clusters/part-NNNNN.jsonl.zst    clusters step: the duplicate-group entries of upstream part N
/// part-NNNNN.jsonl.zst             filter step: the kept samples of upstream part N
/// ```
///
/// Samples are named by their ordinal: their position among all the domain's upstream
/// samples, in part and line order (the order the in-memory `Deduplicator` sees them in).
enum DedupFiles {
    static func members(_ part: Int) -> String { "members/" + PartFiles.name(part) }
    static func signatures(_ part: Int) -> String { "signatures/" + PartFiles.name(part) }
    static func exactGroups(_ task: Int) -> String { "exact/groups-" + PartFiles.number(task) + PartFiles.suffix }
    static func pairs(_ task: Int) -> String { "buckets/pairs-" + PartFiles.number(task) + PartFiles.suffix }
    static func clusters(_ part: Int) -> String { "clusters/" + PartFiles.name(part) }

    /// The inputs of `task` in the intermediate folder `folder` (`signatures`, `exact`, ...), in order.
    static func files(in folder: String, of task: StepTask) -> [URL] {
        task.inputs.map(\.url).filter { $0.deletingLastPathComponent().lastPathComponent == folder }
    }

    /// The step inputs for `count` files named by `name`, in the stage's folder.
    static func inputs(_ count: Int, _ context: StageContext, _ name: (Int) -> String) -> [StageInput] {
        context.intermediateInputs(of: DedupStage.name, count, name)
    }
}

/// What the later steps need of one sample: no text, so a domain's members fit in memory
/// only a few at a time are ever held.
struct DedupMember: Codable, Sendable {
    var id: String
    var quality: Double?
    /// `ExactKey.digest`, or nil when exact deduplication is off.
    var key: String?
}

/// An exact group: samples with one `ExactKey`, by ordinal, ascending, and the one kept.
struct ExactGroup: Codable, Sendable {
    var key: String
    var members: [Int]
    var kept: Int
}

/// One sample's membership of a duplicate group, for the `filter` step of its part.
struct ClusterEntry: Codable, Sendable {
    /// Position in the domain's order of notes and rejections (the in-memory order).
    var order: Int
    /// The sample's line in its upstream part, from 0.
    var index: Int
    var cluster: String
    /// Why the sample is dropped; nil for the kept member.
    var reason: String?
}

/// MinHash signatures as lines: each value's 8 bytes, little-endian, the line in base64
/// (`Base64Bytes`). Hex took 16 characters a value and zstd brought them back only to about
/// the 8 bytes of entropy; base64 lines of the raw bytes come out 6-8% smaller after zstd
/// and decode faster.
enum SignatureLine {
    static func encode(_ values: UnsafeBufferPointer<UInt64>) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: values.count * 8)
        for (slot, value) in values.enumerated() {
            for byte in 0..<8 { bytes[slot * 8 + byte] = UInt8(truncatingIfNeeded: value >> UInt64(byte * 8)) }
        }
        return Base64Bytes.encode(bytes)
    }

    /// Appends the values of `line` to `values`; throws on a line that is not `width` values.
    static func decode(_ line: [UInt8], width: Int, into values: inout [UInt64], file: String, number: Int) throws {
        guard let bytes = Base64Bytes.decode(line[...]) else {
            throw IOError.badLine(path: file, line: number, reason: "a signature that is not base64")
        }
        guard bytes.count == width * 8 else {
            throw IOError.badLine(path: file, line: number, reason: "a signature of \(bytes.count) bytes, expected \(width * 8)")
        }
        for slot in 0..<width {
            var value: UInt64 = 0
            for byte in 0..<8 { value |= UInt64(bytes[slot * 8 + byte]) << UInt64(byte * 8) }
            values.append(value)
        }
    }

    /// Calls `body` with each sample's signature (a `width`-value buffer) and ordinal, over
    /// `files` in order.
    static func forEach(in files: [URL], width: Int,
                        _ body: (_ ordinal: Int, _ signature: UnsafeBufferPointer<UInt64>) throws -> Void) throws {
        var ordinal = 0
        var values = [UInt64]()
        values.reserveCapacity(width)
        for file in files {
            let reader = try ZstdJSONLReader(url: file)
            var number = 0
            while let line = try reader.nextLine() {
                number += 1
                values.removeAll(keepingCapacity: true)
                try decode(line, width: width, into: &values, file: file.path, number: number)
                try values.withUnsafeBufferPointer { try body(ordinal, $0) }
                ordinal += 1
            }
        }
    }
}

extension DedupSettings {
    /// How many upstream parts the domain has: the map and filter steps have a task for each.
    func upstreamParts(_ context: StageContext) -> Int {
        context.upstreamParts([upstream]).count
    }
}

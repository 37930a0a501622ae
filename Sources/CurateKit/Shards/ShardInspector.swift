import Foundation

/// What `curate inspect shard` shows: the header, counts, a histogram of document lengths and,
/// with verification, every problem found against the index, the manifest and the tokenizer.
public struct ShardInspection: Codable, Sendable {
    public var prefix: String
    public var version: UInt64
    public var dtype: String
    public var sequences: Int
    public var documents: Int
    public var tokens: Int
    public var binBytes: Int
    public var minLength: Int
    public var meanLength: Double
    public var maxLength: Int
    /// Document counts per length range `[2^k, 2^(k+1))`, keyed by the range's start.
    public var lengthHistogram: [String: Int]
    /// Nil when not verified; empty when verification found nothing wrong.
    public var problems: [String]?
}

public enum ShardInspector {
    public static func inspect(prefix: URL, verify: Bool) throws -> ShardInspection {
        let reader = try IndexedDatasetReader(prefix: prefix)
        let lengths: [Int]
        do {
            lengths = try (0..<reader.documentCount).map { try reader.length(ofDocument: $0) }
        } catch {
            // A damaged index has no lengths to show; verification still lists what is wrong.
            guard verify else { throw error }
            return ShardInspection(
                prefix: prefix.lastPathComponent, version: reader.version, dtype: reader.dtype.name,
                sequences: reader.sequenceCount, documents: reader.documentCount, tokens: reader.tokenCount,
                binBytes: reader.binSize, minLength: 0, meanLength: 0, maxLength: 0, lengthHistogram: [:],
                problems: reader.structuralProblems() + ["\(error)"])
        }
        var histogram = [String: Int]()
        for length in lengths {
            let start = length == 0 ? 0 : 1 << (Int.bitWidth - 1 - length.leadingZeroBitCount)
            histogram[String(start), default: 0] += 1
        }
        return ShardInspection(
            prefix: prefix.lastPathComponent, version: reader.version, dtype: reader.dtype.name,
            sequences: reader.sequenceCount, documents: reader.documentCount, tokens: reader.tokenCount,
            binBytes: reader.binSize, minLength: lengths.min() ?? 0,
            meanLength: lengths.isEmpty ? 0 : Double(lengths.reduce(0, +)) / Double(lengths.count),
            maxLength: lengths.max() ?? 0, lengthHistogram: histogram,
            problems: verify ? try problems(reader: reader, prefix: prefix) : nil)
    }

    /// Index consistency, digests against the manifest beside the shard, every token below the
    /// vocabulary size, and an end-of-document token closing every (unpacked) document.
    static func problems(reader: IndexedDatasetReader, prefix: URL) throws -> [String] {
        var problems = reader.structuralProblems()
        let manifestURL = prefix.deletingLastPathComponent().appendingPathComponent("manifest.json")
        guard FileManager.default.fileExists(atPath: manifestURL.path) else {
            return problems + ["no manifest.json beside the shard: digests, vocabulary and end-of-document not checked"]
        }
        let manifest = try ShardManifest.load(manifestURL)
        guard let entry = manifest.shards.first(where: { $0.prefix == prefix.lastPathComponent }) else {
            return problems + ["manifest.json does not list \(prefix.lastPathComponent)"]
        }
        if try Digest.sha256Hex(fileAt: prefix.appendingPathExtension("bin")) != entry.binSha256 {
            problems.append(".bin digest differs from the manifest")
        }
        if try Digest.sha256Hex(fileAt: prefix.appendingPathExtension("idx")) != entry.idxSha256 {
            problems.append(".idx digest differs from the manifest")
        }
        if entry.documents != reader.documentCount { problems.append("manifest says \(entry.documents) documents, index has \(reader.documentCount)") }
        if entry.tokens != reader.tokenCount { problems.append("manifest says \(entry.tokens) tokens, index has \(reader.tokenCount)") }
        guard problems.isEmpty else { return problems }
        let vocabulary = UInt32(manifest.tokenizer.vocabularySize)
        for document in 0..<reader.documentCount {
            let tokens = try reader.document(document)
            if let bad = tokens.first(where: { $0 >= vocabulary }) {
                problems.append("document \(document): token \(bad) is not below the vocabulary size \(vocabulary)")
            }
            if !entry.packed, tokens.last != manifest.tokenizer.endOfDocumentId {
                problems.append("document \(document) does not end with end-of-document (\(manifest.tokenizer.endOfDocumentId))")
            }
            if problems.count >= 20 { problems.append("… stopped after 20 problems"); break }
        }
        return problems
    }

    /// The inspection as text for a person.
    public static func render(_ inspection: ShardInspection) -> String {
        var lines = [
            "shard      \(inspection.prefix)",
            "format     MMIDIDX version \(inspection.version), dtype \(inspection.dtype)",
            "documents  \(inspection.documents) (\(inspection.sequences) sequences)",
            "tokens     \(inspection.tokens) in \(inspection.binBytes) bytes",
            "lengths    min \(inspection.minLength), mean \(String(format: "%.1f", inspection.meanLength)), max \(inspection.maxLength)",
            "",
        ]
        let rows = inspection.lengthHistogram.keys.compactMap(Int.init).sorted()
        let peak = max(1, inspection.lengthHistogram.values.max() ?? 1)
        for start in rows {
            let count = inspection.lengthHistogram[String(start)]!
            let range = start == 0 ? "0" : "\(start)-\(start * 2 - 1)"
            lines.append(range.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%7d ", count)
                         + String(repeating: "#", count: max(1, count * 40 / peak)))
        }
        if let problems = inspection.problems {
            lines.append("")
            lines.append(problems.isEmpty ? "verify     ok: index, digests, vocabulary and end-of-document all check out"
                                          : "verify     \(problems.count) problem(s):")
            lines += problems.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

extension ShardInspector {
    public static func json<T: Encodable>(_ value: T) throws -> String {
        try JSONCoding.documentText(value)
    }

    /// Document `index` as ids, and as text when a tokenizer is given or named by the manifest.
    public static func document(_ index: Int, prefix: URL, tokenizer: URL?) throws -> (text: String, json: String) {
        let reader = try IndexedDatasetReader(prefix: prefix)
        guard (0..<reader.documentCount).contains(index) else {
            throw ShardError.malformed(path: prefix.path, reason: "no document \(index): the shard has \(reader.documentCount)")
        }
        let ids = try reader.document(index)
        var decoded: String?
        var source = tokenizer
        if source == nil {
            let manifest = prefix.deletingLastPathComponent().appendingPathComponent("manifest.json")
            if let loaded = try? ShardManifest.load(manifest) {
                source = URL(fileURLWithPath: loaded.tokenizer.path)
            }
        }
        if let tokenizer {
            // Named on the command line: a file that cannot be loaded is an error worth its reason.
            decoded = try ShardTokenizerFile.load(tokenizer).decode(ids)
        } else if let source, let loaded = try? ShardTokenizerFile.load(source) {
            decoded = loaded.decode(ids)
        }
        struct Shown: Encodable { var document: Int; var ids: [UInt32]; var text: String? }
        let text = "document \(index): \(ids.count) tokens\nids: \(ids.map(String.init).joined(separator: " "))\n"
            + (decoded.map { "text:\n\($0)" } ?? "text: (no tokenizer to decode with; pass --tokenizer FILE)")
        return (text, try json(Shown(document: index, ids: ids, text: decoded)))
    }
}

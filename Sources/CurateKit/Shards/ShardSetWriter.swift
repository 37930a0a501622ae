import Foundation

/// Writes the shards of one phase and split: `<folder>/<domain>-<split>-NNNNN.bin/.idx`, a new
/// shard whenever the next document would take `.bin` past the size cap. With `packLength`,
/// it also cuts the token stream into sequences of exactly that length (`…-packed-NNNNN`),
/// dropping the last incomplete one.
final class ShardSetWriter {
    let folder: URL
    let domain: String
    let split: Split
    let dtype: TokenDType
    let maxBytes: Int
    let packLength: Int
    private var current: IndexedDatasetWriter?
    private var packed: IndexedDatasetWriter?
    private var packBuffer = [UInt32]()
    private var shardIndex = 0
    private var packedIndex = 0
    private var counts = (documents: 0, tokens: 0)
    private(set) var finished = [ShardManifest.Shard]()
    private(set) var totals = ShardManifest.SplitTotals(documents: 0, tokens: 0)

    init(folder: URL, domain: String, split: Split, dtype: TokenDType, maxBytes: Int, packLength: Int) {
        self.folder = folder
        self.domain = domain
        self.split = split
        self.dtype = dtype
        self.maxBytes = maxBytes
        self.packLength = packLength
    }

    func append(_ tokens: [UInt32]) throws {
        let bytes = Int64(tokens.count * dtype.size)
        if let open = current, open.documentCount > 0, open.binBytes + bytes > Int64(maxBytes) { try closeShard() }
        if current == nil {
            current = try IndexedDatasetWriter(prefix: prefix(packed: false, index: shardIndex), dtype: dtype)
            shardIndex += 1
        }
        try current!.append(document: tokens)
        counts.documents += 1
        counts.tokens += tokens.count
        totals.documents += 1
        totals.tokens += tokens.count
        if packLength > 0 { try pack(tokens) }
    }

    func finish() throws {
        try closeShard()
        if let packed {
            try packed.finish()
            finished.append(try describe(packed, documents: packed.documentCount, tokens: packed.documentCount * packLength, packed: true))
            self.packed = nil
        }
    }

    private func pack(_ tokens: [UInt32]) throws {
        packBuffer += tokens
        while packBuffer.count >= packLength {
            if let open = packed, open.binBytes + Int64(packLength * dtype.size) > Int64(maxBytes) {
                try open.finish()
                finished.append(try describe(open, documents: open.documentCount, tokens: open.documentCount * packLength, packed: true))
                packed = nil
            }
            if packed == nil {
                packed = try IndexedDatasetWriter(prefix: prefix(packed: true, index: packedIndex), dtype: dtype)
                packedIndex += 1
            }
            try packed!.append(document: Array(packBuffer[0..<packLength]))
            packBuffer.removeFirst(packLength)
        }
    }

    private func closeShard() throws {
        guard let open = current else { return }
        try open.finish()
        finished.append(try describe(open, documents: counts.documents, tokens: counts.tokens, packed: false))
        current = nil
        counts = (0, 0)
    }

    private func prefix(packed: Bool, index: Int) -> URL {
        folder.appendingPathComponent("\(domain)-\(split.rawValue)\(packed ? "-packed" : "")-\(PartFiles.number(index))")
    }

    private func describe(_ writer: IndexedDatasetWriter, documents: Int, tokens: Int, packed: Bool) throws -> ShardManifest.Shard {
        let bin = writer.prefix.appendingPathExtension("bin")
        return ShardManifest.Shard(prefix: writer.prefix.lastPathComponent, split: split, documents: documents, tokens: tokens,
                                   binBytes: Int(writer.binBytes), binSha256: try Digest.sha256Hex(fileAt: bin),
                                   idxSha256: try Digest.sha256Hex(fileAt: writer.prefix.appendingPathExtension("idx")),
                                   packed: packed)
    }
}

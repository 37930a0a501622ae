import Foundation

/// One tokenized document on its way to a shard.
struct ShardDocument {
    var key: UInt64
    var id: String
    var split: Split
    /// The document's quality score when it may go to phase 2, else nil.
    var phase2Score: Double?
    var tokens: [UInt32]
}

/// An external shuffle with bounded memory: documents are spilled to bucket files by the top
/// bits of their shuffle key, so bucket `b` holds exactly the keys of range `b`; reading the
/// buckets in order and sorting each in memory yields every document in key order. Memory is
/// one bucket, whatever the corpus size.
final class ShuffleBuckets {
    let folder: URL
    let count: Int
    private let shift: UInt64
    private var handles = [Int: FileHandle]()
    private var buffers = [Int: [UInt8]]()
    private let writer: String

    /// `count` is rounded up to a power of two; `writer` names this spiller's files so several
    /// threads can spill into the same folder.
    init(folder: URL, count: Int, writer: String) throws {
        var power = 1
        while power < count { power *= 2 }
        self.folder = folder
        self.count = power
        shift = UInt64(64 - power.trailingZeroBitCount)
        self.writer = writer
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    func bucket(of key: UInt64) -> Int { count == 1 ? 0 : Int(key >> shift) }

    func add(_ document: ShardDocument) throws {
        let bucket = bucket(of: document.key)
        var bytes = buffers[bucket, default: []]
        IndexedDatasetWriter.append(document.key, to: &bytes)
        let id = Array(document.id.utf8)
        IndexedDatasetWriter.append(UInt16(id.count), to: &bytes)
        bytes += id
        bytes.append(UInt8(Split.allCases.firstIndex(of: document.split)!))
        bytes.append(document.phase2Score == nil ? 0 : 1)
        IndexedDatasetWriter.append((document.phase2Score ?? 0).bitPattern, to: &bytes)
        IndexedDatasetWriter.append(UInt32(document.tokens.count), to: &bytes)
        for token in document.tokens { IndexedDatasetWriter.append(token, to: &bytes) }
        // Small per-bucket buffers: there may be hundreds of buckets per spiller.
        if bytes.count > 1 << 16 {
            try handle(bucket).write(contentsOf: bytes)
            bytes.removeAll(keepingCapacity: true)
        }
        buffers[bucket] = bytes
    }

    func close() throws {
        for (bucket, bytes) in buffers where !bytes.isEmpty { try handle(bucket).write(contentsOf: bytes) }
        buffers.removeAll()
        for handle in handles.values { try handle.close() }
        handles.removeAll()
    }

    private func handle(_ bucket: Int) throws -> FileHandle {
        if let open = handles[bucket] { return open }
        let url = folder.appendingPathComponent("bucket-\(bucket)-\(writer)")
        guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
            throw IOError.system("cannot create", url.path, errno)
        }
        let handle = try FileHandle(forWritingTo: url)
        handles[bucket] = handle
        return handle
    }

    /// Every document of bucket `bucket` from every writer, sorted by key then id.
    static func read(bucket: Int, in folder: URL) throws -> [ShardDocument] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasPrefix("bucket-\(bucket)-") }.sorted()
        var documents = [ShardDocument]()
        for name in names {
            let url = folder.appendingPathComponent(name)
            var cursor = ByteCursor(try Data(contentsOf: url), path: url.path)
            while !cursor.atEnd {
                let key = try cursor.integer(UInt64.self)
                let idLength = Int(try cursor.integer(UInt16.self))
                let id = String(decoding: try cursor.bytes(idLength), as: UTF8.self)
                let split = Split.allCases[Int(try cursor.bytes(1)[0])]
                let eligible = try cursor.bytes(1)[0] == 1
                let score = Double(bitPattern: try cursor.integer(UInt64.self))
                let count = Int(try cursor.integer(UInt32.self))
                var tokens = [UInt32]()
                tokens.reserveCapacity(count)
                for _ in 0..<count { tokens.append(try cursor.integer(UInt32.self)) }
                documents.append(ShardDocument(key: key, id: id, split: split, phase2Score: eligible ? score : nil, tokens: tokens))
            }
        }
        documents.sort { ($0.key, $0.id) < ($1.key, $1.id) }
        return documents
    }
}

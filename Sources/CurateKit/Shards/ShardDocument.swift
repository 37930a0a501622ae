import Foundation

/// One tokenized document on its way to a shard.
struct ShardDocument {
    var key: UInt64
    var id: String
    var split: Split
    /// The document's quality score when it may go to phase 2, else nil.
    var phase2Score: Double?
    var tokens: [UInt32]

    /// The order of documents in the shards: by shuffle key, then id.
    static func before(_ a: ShardDocument, _ b: ShardDocument) -> Bool { (a.key, a.id) < (b.key, b.id) }

    /// The document as little-endian bytes: key, id length and id, split, whether it has a
    /// phase-2 score and the score, token count and tokens.
    var record: [UInt8] {
        var bytes = [UInt8]()
        let id = Array(id.utf8)
        bytes.reserveCapacity(32 + id.count + tokens.count * 4)
        IndexedDatasetWriter.append(key, to: &bytes)
        IndexedDatasetWriter.append(UInt16(id.count), to: &bytes)
        bytes += id
        bytes.append(UInt8(Split.allCases.firstIndex(of: split)!))
        bytes.append(phase2Score == nil ? 0 : 1)
        IndexedDatasetWriter.append((phase2Score ?? 0).bitPattern, to: &bytes)
        IndexedDatasetWriter.append(UInt32(tokens.count), to: &bytes)
        for token in tokens { IndexedDatasetWriter.append(token, to: &bytes) }
        return bytes
    }

    /// Reads back `record`; `path` names the file in errors.
    init(record: [UInt8], path: String) throws {
        var cursor = ByteCursor(Data(record), path: path)
        key = try cursor.integer(UInt64.self)
        let idLength = Int(try cursor.integer(UInt16.self))
        id = String(decoding: try cursor.bytes(idLength), as: UTF8.self)
        let splitIndex = Int(try cursor.bytes(1)[0])
        guard Split.allCases.indices.contains(splitIndex) else {
            throw ShardError.malformed(path: path, reason: "split \(splitIndex) is not one of \(Split.allCases.count)")
        }
        split = Split.allCases[splitIndex]
        let eligible = try cursor.bytes(1)[0] == 1
        let score = Double(bitPattern: try cursor.integer(UInt64.self))
        phase2Score = eligible ? score : nil
        let count = Int(try cursor.integer(UInt32.self))
        var tokens = [UInt32]()
        tokens.reserveCapacity(count)
        for _ in 0..<count { tokens.append(try cursor.integer(UInt32.self)) }
        self.tokens = tokens
        guard cursor.atEnd else { throw ShardError.malformed(path: path, reason: "a document record runs on after its tokens") }
    }

    init(key: UInt64, id: String, split: Split, phase2Score: Double?, tokens: [UInt32]) {
        self.key = key
        self.id = id
        self.split = split
        self.phase2Score = phase2Score
        self.tokens = tokens
    }
}

/// Files of documents, one base64 `record` a line (`Base64Bytes`), in a zstd stream.
enum ShardDocumentFile {
    static func write(_ document: ShardDocument, to writer: ZstdJSONLWriter) throws {
        try writer.writeLine(Base64Bytes.encode(document.record))
    }

    /// Reads one file's documents in order, one at a time.
    final class Reader {
        let url: URL
        private let reader: ZstdJSONLReader
        private var number = 0

        init(url: URL) throws {
            self.url = url
            reader = try ZstdJSONLReader(url: url)
        }

        func next() throws -> ShardDocument? {
            guard let line = try reader.nextLine() else { return nil }
            number += 1
            guard let record = Base64Bytes.decode(line[...]) else {
                throw IOError.badLine(path: url.path, line: number, reason: "not a base64 document record")
            }
            return try ShardDocument(record: record, path: "\(url.path) line \(number)")
        }
    }
}

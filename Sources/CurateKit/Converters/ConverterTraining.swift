import Foundation

/// Trains a `SpaceConverter` from A to B: both tokenizers encode the same documents, tokens
/// are aligned by the bytes they cover, and each overlapping pair counts its shared bytes.
public enum ConverterTraining {
    /// A tokenizer with the name and file digest the converter records.
    public struct Side {
        public var domain: String
        public var tokenizer: Tokenizer
        public var sha256: String

        public init(domain: String, tokenizer: Tokenizer, sha256: String) {
            self.domain = domain
            self.tokenizer = tokenizer
            self.sha256 = sha256
        }

        /// Ids range over the model's vocabulary and the added tokens.
        var size: Int {
            max(tokenizer.model.tokens.count, Int(tokenizer.addedTokens.map(\.id).max() ?? 0) + 1)
        }

        public static func load(domain: String, url: URL) throws -> Side {
            let data = try Data(contentsOf: url)
            return Side(domain: domain, tokenizer: try TokenizerFile.parse(data, file: url.path), sha256: Digest.sha256Hex(data))
        }
    }

    public static func train(from a: Side, to b: Side, documents: [String], threads: Int) throws -> SpaceConverter {
        let overlaps = try countOverlaps(a.tokenizer, b.tokenizer, documents: documents, threads: threads)
        let (decompositionOffsets, decompositionIDs, exact) = decompositions(from: a, to: b)
        let rows = a.size
        var perRow = [[(column: Int32, bytes: Int64)]](repeating: [], count: rows)
        for (key, bytes) in overlaps {
            perRow[Int(key >> 32)].append((Int32(truncatingIfNeeded: key & 0xFFFF_FFFF), bytes))
        }
        var rowOffsets: [Int64] = [0], columns = [Int32](), overlapBytes = [Int64](), weights = [Float]()
        var observed = [UInt8]()
        for row in 0..<rows {
            var entries = perRow[row].sorted { $0.column < $1.column }
            observed.append(entries.isEmpty ? 0 : 1)
            if entries.isEmpty, exact[row] != 0 {
                // Never seen in the text: its decomposition, weighted by each B token's length.
                var lengths = [Int32: Int64]()
                for k in Int(decompositionOffsets[row])..<Int(decompositionOffsets[row + 1]) {
                    let id = decompositionIDs[k]
                    lengths[id, default: 0] += Int64(b.tokenizer.model.bytes(of: UInt32(id)).count)
                }
                entries = lengths.keys.sorted().map { ($0, lengths[$0]!) }
            }
            let total = entries.reduce(Int64(0)) { $0 + $1.bytes }
            for entry in entries {
                columns.append(entry.column)
                overlapBytes.append(entry.bytes)
                weights.append(total == 0 ? 0 : Float(Double(entry.bytes) / Double(total)))
            }
            rowOffsets.append(Int64(columns.count))
        }
        return SpaceConverter(
            from: .init(domain: a.domain, sha256: a.sha256, size: a.size), to: .init(domain: b.domain, sha256: b.sha256, size: b.size),
            rowOffsets: rowOffsets, columns: columns, overlapBytes: overlapBytes, weights: weights, observed: observed,
            decompositionOffsets: decompositionOffsets, decompositionIDs: decompositionIDs, exact: exact,
            trainingBytes: documents.reduce(0) { $0 + $1.utf8.count })
    }

    /// Shared bytes of every (A id, B id) pair that covered the same text, keyed `a << 32 | b`.
    static func countOverlaps(_ a: Tokenizer, _ b: Tokenizer, documents: [String], threads: Int) throws -> [UInt64: Int64] {
        let lengthsA = byteLengths(a), lengthsB = byteLengths(b)
        let chunks = max(1, min(documents.count, threads * 8))
        let counted = try WorkerPool.map(chunks, threads: threads) { chunk -> [UInt64: Int64] in
            var counts = [UInt64: Int64]()
            var encodeA = a.makeEncoder(), encodeB = b.makeEncoder()
            var idsA = [UInt32](), idsB = [UInt32]()
            for index in stride(from: chunk, to: documents.count, by: chunks) {
                idsA.removeAll(keepingCapacity: true)
                idsB.removeAll(keepingCapacity: true)
                encodeA.encode(documents[index], into: &idsA)
                encodeB.encode(documents[index], into: &idsB)
                align(idsA, lengthsA, idsB, lengthsB) { x, y, shared in counts[UInt64(x) << 32 | UInt64(y), default: 0] += Int64(shared) }
            }
            return counts
        }
        var total = counted.first ?? [:]
        for counts in counted.dropFirst() { total.merge(counts, uniquingKeysWith: +) }
        return total
    }

    /// Walks two tokenizations of one text side by side and reports every pair of tokens whose
    /// byte spans overlap, with the number of bytes they share.
    /// `lengthsA` and `lengthsB` give each id's length in bytes (`byteLengths`).
    static func align(_ idsA: [UInt32], _ lengthsA: [Int], _ idsB: [UInt32], _ lengthsB: [Int], _ body: (UInt32, UInt32, Int) -> Void) {
        var i = 0, j = 0
        var startA = 0, startB = 0
        var endA = idsA.isEmpty ? 0 : lengthsA[Int(idsA[0])]
        var endB = idsB.isEmpty ? 0 : lengthsB[Int(idsB[0])]
        while i < idsA.count, j < idsB.count {
            let shared = min(endA, endB) - max(startA, startB)
            if shared > 0 { body(idsA[i], idsB[j], shared) }
            // Advance whichever span ends first; both when they end together (a shared boundary).
            let advanceA = endA <= endB, advanceB = endB <= endA
            if advanceA {
                i += 1
                startA = endA
                if i < idsA.count { endA += lengthsA[Int(idsA[i])] }
            }
            if advanceB {
                j += 1
                startB = endB
                if j < idsB.count { endB += lengthsB[Int(idsB[j])] }
            }
        }
    }

    /// The decoded length of every id a tokenizer can produce.
    static func byteLengths(_ tokenizer: Tokenizer) -> [Int] {
        let size = max(tokenizer.model.tokens.count, Int(tokenizer.addedTokens.map(\.id).max() ?? 0) + 1)
        return (0..<size).map { tokenizer.decode([UInt32($0)]).count }
    }

    /// Each A token's B ids where its bytes are one B piece on their own (valid UTF-8, no B
    /// added token inside, B adds no prefix space): the ids B's merges give that piece. An A
    /// added token that B also has maps to B's id.
    static func decompositions(from a: Side, to b: Side) -> (offsets: [Int64], ids: [Int32], exact: [UInt8]) {
        var offsets: [Int64] = [0], ids = [Int32](), exact = [UInt8]()
        let splitter = PieceSplitter(b.tokenizer.pattern)
        var bpe = BPEEncoder(model: b.tokenizer.model)
        let addedInB = Dictionary(b.tokenizer.addedTokens.map { ($0.content, $0.id) }, uniquingKeysWith: { first, _ in first })
        var scratch = [UInt32]()
        for id in 0..<a.size {
            var found: [UInt32]?
            if let added = a.tokenizer.addedTokens.first(where: { $0.id == UInt32(id) }), let other = addedInB[added.content] {
                found = [other]
            } else {
                let bytes = a.tokenizer.decode([UInt32(id)])
                if !bytes.isEmpty, String(validating: bytes, as: UTF8.self) != nil, !b.tokenizer.addPrefixSpace {
                    bytes.withUnsafeBufferPointer { t in
                        var segments = 0, textWhole = false
                        b.tokenizer.matcher.split(t) { segment in
                            segments += 1
                            if case .text(let range) = segment, range == 0..<t.count { textWhole = true }
                        }
                        guard segments == 1, textWhole else { return }
                        var pieces = 0
                        splitter.split(t, 0..<t.count) { _ in pieces += 1 }
                        guard pieces == 1 else { return }
                        scratch.removeAll(keepingCapacity: true)
                        bpe.encode(t, into: &scratch)
                        found = scratch
                    }
                }
            }
            exact.append(found == nil ? 0 : 1)
            ids += (found ?? []).map { Int32($0) }
            offsets.append(Int64(ids.count))
        }
        return (offsets, ids, exact)
    }
}

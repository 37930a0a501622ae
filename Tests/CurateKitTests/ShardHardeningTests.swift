import Foundation
import Testing
@testable import CurateKit

/// Damaged Megatron shards: every field of `.idx` read out of range, and a `.bin` cut short,
/// give an error naming the field and the document — in the library and from `curate inspect
/// shard` — and random damage never crashes the reader.
@Suite struct ShardHardeningTests {
    let folder = TemporaryFolder()
    static let documentCount = 20
    /// Bytes before the per-sequence fields: magic, version, dtype, two counts.
    static let header = 9 + 8 + 1 + 8 + 8

    /// A real shard of 20 uint16 documents of 1…40 tokens, written by the writer.
    func writeShard(_ name: String = "damaged") throws -> URL {
        let prefix = folder.url.appendingPathComponent(name)
        let writer = try IndexedDatasetWriter(prefix: prefix, dtype: .uint16)
        var generator = SplitMix64(seed: 21)
        for _ in 0..<Self.documentCount {
            try writer.append(document: (0...Int(generator.next() % 40)).map { _ in UInt32(generator.next() % 60_000) })
        }
        try writer.finish()
        return prefix
    }

    /// Overwrites the little-endian integer at `offset` of the shard's `.idx`.
    func patchIndex<T: FixedWidthInteger>(_ prefix: URL, at offset: Int, with value: T) throws {
        let url = prefix.appendingPathExtension("idx")
        var bytes = [UInt8](try Data(contentsOf: url))
        withUnsafeBytes(of: value.littleEndian) { bytes.replaceSubrange(offset..<offset + $0.count, with: $0) }
        try Data(bytes).write(to: url)
    }

    func lengthOffset(_ i: Int) -> Int { Self.header + 4 * i }
    func pointerOffset(_ i: Int) -> Int { Self.header + 4 * Self.documentCount + 8 * i }
    func documentIndexOffset(_ d: Int) -> Int { Self.header + 12 * Self.documentCount + 8 * d }

    func message(_ body: () throws -> Void) -> String {
        do { try body(); return "no error" } catch { return "\(error)" }
    }

    @Test func pointerPastTheFileNamesTheFieldAndDocument() throws {
        let prefix = try writeShard()
        try patchIndex(prefix, at: pointerOffset(5), with: Int64.max - 3)
        let reader = try IndexedDatasetReader(prefix: prefix)
        let error = message { _ = try reader.document(5) }
        #expect(error.contains("document 5 lies outside the file"), "\(error)")
        #expect(error.contains("sequence_pointers[5]"), "\(error)")
        #expect(try reader.document(4).count == reader.length(ofDocument: 4))
        let problems = try #require(try ShardInspector.inspect(prefix: prefix, verify: true).problems)
        #expect(problems.contains { $0.contains("sequence 5 starts at byte \(Int64.max - 3)") })
    }

    @Test func negativePointerAndNegativeLengthAreNamed() throws {
        let prefix = try writeShard()
        try patchIndex(prefix, at: pointerOffset(2), with: Int64(-8))
        try patchIndex(prefix, at: lengthOffset(7), with: Int32(-5))
        let reader = try IndexedDatasetReader(prefix: prefix)
        let pointer = message { _ = try reader.document(2) }
        #expect(pointer.contains("document 2: sequence_pointers[2] is -8"), "\(pointer)")
        let length = message { _ = try reader.document(7) }
        #expect(length.contains("document 7: sequence_lengths[7] is -5"), "\(length)")
        // Without verification the inspection cannot show lengths and says why; with it, the
        // problems are listed.
        let plain = message { _ = try ShardInspector.inspect(prefix: prefix, verify: false) }
        #expect(plain.contains("sequence_lengths[7] is -5"), "\(plain)")
        let problems = try #require(try ShardInspector.inspect(prefix: prefix, verify: true).problems)
        #expect(problems.contains("sequence_lengths[7] is -5, a negative length"))
    }

    @Test func documentIndexOutOfRangeIsNamed() throws {
        let prefix = try writeShard()
        try patchIndex(prefix, at: documentIndexOffset(4), with: Int64(1_000_000))
        let reader = try IndexedDatasetReader(prefix: prefix)
        let error = message { _ = try reader.document(3) }
        #expect(error.contains("document 3: document_indices[3] = 3 and document_indices[4] = 1000000"), "\(error)")
        #expect(message { _ = try reader.document(4) }.contains("document 4:"))
        #expect(try reader.document(5).count == reader.length(ofDocument: 5))
    }

    @Test(arguments: [(UInt64.max, UInt64(21)), (UInt64(20), UInt64.max), (UInt64(1) << 62, UInt64(1) << 62)])
    func countsTooLargeForTheFileAreRefused(sequences: UInt64, documents: UInt64) throws {
        let prefix = try writeShard()
        try patchIndex(prefix, at: 18, with: sequences)
        try patchIndex(prefix, at: 26, with: documents)
        let error = message { _ = try IndexedDatasetReader(prefix: prefix) }
        #expect(error.contains("damaged.idx: header field sequence count (\(sequences))"), "\(error)")
    }

    @Test func binCutShortNamesTheDocumentOutsideTheFile() throws {
        let prefix = try writeShard()
        let bin = prefix.appendingPathExtension("bin")
        let whole = try Data(contentsOf: bin)
        try whole.prefix(whole.count / 2).write(to: bin)
        let reader = try IndexedDatasetReader(prefix: prefix)
        let last = Self.documentCount - 1
        let error = message { _ = try reader.document(last) }
        #expect(error.contains("damaged.bin: document \(last) lies outside the file"), "\(error)")
        #expect(error.contains("the file has \(whole.count / 2) bytes"), "\(error)")
        #expect(try reader.document(0).count == reader.length(ofDocument: 0))
    }

    @Test func cliSaysWhatIsWrongInsteadOfCrashing() throws {
        let prefix = try writeShard()
        let bin = prefix.appendingPathExtension("bin")
        try Data(try Data(contentsOf: bin).prefix(10)).write(to: bin)
        try patchIndex(prefix, at: lengthOffset(3), with: Int32.min)
        let cut = try CurateBinary.run(["inspect", "shard", prefix.path, "--doc", "9"], in: folder.url)
        // A crash ends the process by a signal (status 4, 5, 7, 11 on Linux); a refusal exits 1.
        #expect(cut.status == 1, "\(cut.stderr)")
        #expect(cut.stderr.contains("sequence_lengths[3] is \(Int32.min)"), "\(cut.stderr)")
        let verified = try CurateBinary.run(["inspect", "shard", prefix.path, "--verify"], in: folder.url)
        #expect(verified.status == 1, "\(verified.stderr)")
        #expect(verified.stdout.contains("sequence_lengths[3] is \(Int32.min), a negative length"), "\(verified.stdout)")
        try patchIndex(prefix, at: lengthOffset(3), with: Int32(0))
        let outside = try CurateBinary.run(["inspect", "shard", prefix.path, "--doc", "9"], in: folder.url)
        #expect(outside.status == 1, "\(outside.stderr)")
        #expect(outside.stderr.contains("document 9 lies outside the file"), "\(outside.stderr)")
    }

    /// Property: whatever bytes of `.idx` or `.bin` are changed or cut, reading every document
    /// either gives tokens agreeing with the index or throws a `ShardError`; it never crashes.
    @Test func randomDamageNeverCrashes() throws {
        let prefix = try writeShard("random")
        let idxURL = prefix.appendingPathExtension("idx"), binURL = prefix.appendingPathExtension("bin")
        let idx = [UInt8](try Data(contentsOf: idxURL)), bin = [UInt8](try Data(contentsOf: binURL))
        var generator = SplitMix64(seed: 0x5EED)
        var opened = 0, refused = 0, documentsRead = 0, documentsRefused = 0
        for _ in 0..<400 {
            var damagedIdx = idx, damagedBin = bin
            for _ in 0...Int(generator.next() % 4) {
                let inIndex = generator.next() % 4 != 0
                switch (generator.next() % 5, inIndex) {
                case (0, true): damagedIdx.removeLast(Int(generator.next() % UInt64(damagedIdx.count)))
                case (0, false): damagedBin.removeLast(Int(generator.next() % UInt64(damagedBin.count + 1)))
                case (_, true): damagedIdx[Int(generator.next() % UInt64(damagedIdx.count))] = UInt8(truncatingIfNeeded: generator.next())
                case (_, false) where !damagedBin.isEmpty:
                    damagedBin[Int(generator.next() % UInt64(damagedBin.count))] = UInt8(truncatingIfNeeded: generator.next())
                default: break
                }
            }
            try Data(damagedIdx).write(to: idxURL)
            try Data(damagedBin).write(to: binURL)
            let reader: IndexedDatasetReader
            do { reader = try IndexedDatasetReader(prefix: prefix) } catch is ShardError { refused += 1; continue }
            opened += 1
            for document in 0..<reader.documentCount {
                do {
                    let tokens = try reader.document(document)
                    #expect(tokens.count == (try reader.length(ofDocument: document)))
                    documentsRead += 1
                } catch is ShardError {
                    documentsRefused += 1
                }
            }
            do { _ = try ShardInspector.inspect(prefix: prefix, verify: true) } catch is ShardError {}
            do { _ = try ShardInspector.inspect(prefix: prefix, verify: false) } catch is ShardError {}
            let shown = Int(generator.next() % UInt64(Self.documentCount + 2)) - 1
            do { _ = try ShardInspector.document(shown, prefix: prefix, tokenizer: nil) } catch is ShardError {}
        }
        // The damage is varied enough to exercise both outcomes at both levels.
        #expect(opened > 50 && refused > 50, "opened \(opened), refused \(refused)")
        #expect(documentsRead > 500 && documentsRefused > 20, "read \(documentsRead), refused \(documentsRefused)")
    }
}

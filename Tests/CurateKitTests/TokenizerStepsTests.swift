import Foundation
import Testing
@testable import CurateKit

/// The tokenizer stage's steps (counts per part, merged counts, BPE merges) against training
/// on all the samples at once with `TokenizerTraining`: the same files for any number of parts
/// and merge tasks.
@Suite struct TokenizerStepsTests {
    let project = TemporaryFolder()
    var domain: DomainSettings { DomainSettings(name: "cpp", language: .cpp, root: project.url) }

    /// Writes `texts` as samples into `parts` upstream parts, round robin; returns the part files.
    func writeParts(_ texts: [String], parts: Int, root: URL) throws -> [URL] {
        let folder = root.appendingPathComponent("cpp/dedup")
        let writers = try (0..<parts).map { try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name($0))) }
        for (index, text) in texts.enumerated() {
            try writers[index % parts].write(Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: case \(index)?", completion: text,
                                                    source: SampleSource(uri: "fixture", locator: "\(index)")))
        }
        for writer in writers { try writer.close() }
        return (0..<parts).map { folder.appendingPathComponent(PartFiles.name($0)) }
    }

    /// Runs the stage with `tasks` merge tasks into a fresh output folder; its two files.
    func run(_ texts: [String], parts: Int, tasks: Int, name: String, settings: String = "") throws -> (tokenizer: Data, training: Data, parts: [URL]) {
        let out = project.url.appendingPathComponent(name)
        let files = try writeParts(texts, parts: parts, root: out)
        let section = try ConfigTable.parse("vocab_size = 700\ntasks = \(tasks)\n" + settings, file: "cpp.toml")
        let summary = try runStageForTests(try TokenizerStage(section: section, domain: domain), domain: domain, outputRoot: out)
        #expect(summary.tasks == parts + tasks + 1)
        let folder = out.appendingPathComponent("cpp/tokenizer")
        return (try Data(contentsOf: folder.appendingPathComponent("tokenizer.json")),
                try Data(contentsOf: folder.appendingPathComponent("training.json")), files)
    }

    func expectSameAsTrainingAtOnce(_ texts: [String], parts: Int) throws {
        let one = try run(texts, parts: parts, tasks: 1, name: "one")
        let four = try run(texts, parts: parts, tasks: 4, name: "four")
        #expect(one.tokenizer == four.tokenizer)
        #expect(one.training == four.training)

        let section = try ConfigTable.parse("vocab_size = 700\n", file: "cpp.toml")
        let stage = try TokenizerStage(section: section, domain: domain)
        let reference = try TokenizerTraining.train(files: one.parts, settings: stage.settings,
                                                    heldOutPerMille: stage.heldOutPerMille, threads: 1)
        #expect(String(decoding: one.tokenizer, as: UTF8.self) == TokenizerFile.json(reference.tokenizer))
        let report = TrainingReport(tokenizer: reference.tokenizer, upstream: one.parts.map { "cpp/dedup/" + $0.lastPathComponent },
                                    heldOutPerMille: stage.heldOutPerMille, trainingSamples: reference.samples,
                                    trainingBytes: reference.bytes, heldOut: reference.heldOut)
        #expect(one.training == (try JSONCoding.document.encode(report)))
        #expect(reference.tokenizer.model.merges.count > 100)
    }

    @Test func fixtureCorpusGivesTheTokenizerOfTrainingAtOnce() throws {
        let corpus = try TokenizerFixtures.corpus()
        let texts = (0..<240).map { corpus[$0 % corpus.count] + ($0 % 3 == 0 ? "\n// variant \($0)" : "") }
        try expectSameAsTrainingAtOnce(texts, parts: 5)
    }

    /// Random text with newlines, stray bytes (decoded as U+FFFD) and multi-byte characters,
    /// so pieces hold every kind of byte the count files must carry.
    @Test(arguments: [UInt64(3), 17])
    func randomTextGivesTheTokenizerOfTrainingAtOnce(seed: UInt64) throws {
        var random = SplitMix(seed: seed)
        let texts = (0..<150).map { _ in String(decoding: random.bytes(count: 200 + Int(random.next() % 600)), as: UTF8.self) }
        try expectSameAsTrainingAtOnce(texts, parts: 3)
    }

    /// Past `max_pieces` distinct pieces the rarest are left out, whole counts at a time, so
    /// the train step's memory has a bound; the result still does not depend on the tasks.
    @Test func maxPiecesLeavesOutTheRarestWholeCounts() throws {
        let corpus = try TokenizerFixtures.corpus()
        let texts = (0..<120).map { corpus[$0 % corpus.count] + "\n// variant \($0)" }
        let all = try run(texts, parts: 3, tasks: 2, name: "all")
        let one = try run(texts, parts: 3, tasks: 1, name: "capped-one", settings: "max_pieces = 300\n")
        let four = try run(texts, parts: 3, tasks: 4, name: "capped-four", settings: "max_pieces = 300\n")
        #expect(one.tokenizer == four.tokenizer && one.training == four.training)
        #expect(one.tokenizer != all.tokenizer)
        let report = try JSONCoding.documentDecoder.decode(TrainingReport.self, from: one.training)
        let left = try #require(report.piecesLeftOut)
        #expect(left > 0)
        #expect(try JSONCoding.documentDecoder.decode(TrainingReport.self, from: all.training).piecesLeftOut == nil)
        // The cut is at a count: every piece of that count and below is out, none above.
        let merged = FileManager.default.enumerator(at: project.url.appendingPathComponent("capped-one/cpp/tokenizer/merged"),
                                                    includingPropertiesForKeys: nil)!.compactMap { $0 as? URL }.filter { $0.lastPathComponent.hasSuffix(".zst") }
        let (least, leftOut) = try BPETrainStep.leastCount(in: merged, keeping: 300)
        #expect(leftOut == left)
        var kept = 0, distinct = 0
        try PieceCountLine.forEach(in: merged) { _, count in distinct += 1; if count >= least { kept += 1 } }
        #expect(kept <= 300 && kept == distinct - left)
        #expect(try BPETrainStep.leastCount(in: merged, keeping: distinct).leftOut == nil)
    }

    @Test func pieceCountLinesRoundTripAnyBytes() throws {
        var random = SplitMix(seed: 5)
        var table = ByteKeyTable()
        var expected = [[UInt8]: UInt64]()
        for length in 0..<80 {
            let piece = (0..<(length % 13 + 1)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let count = random.next() >> UInt64(length % 64)
            table.set(piece, count)
            expected[piece] = count
        }
        let file = project.url.appendingPathComponent("counts.jsonl.zst")
        try PieceCountLine.write(table, to: try ZstdJSONLWriter(url: file))
        var read = [[UInt8]: UInt64]()
        try PieceCountLine.forEach(in: [file]) { read[Array($0)] = $1 }
        #expect(read == expected)
    }

    @Test func base64AgreesWithFoundationAndRoundTrips() {
        var random = SplitMix(seed: 11)
        for length in 0..<64 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let encoded = Base64Bytes.encode(bytes)
            #expect(String(decoding: encoded, as: UTF8.self) == Data(bytes).base64EncodedString())
            #expect(Base64Bytes.decode(encoded[...]) == bytes)
        }
        for bad in ["YW", "Y===", "YW=I", "a*bc", "YQ==YQ=="] { #expect(Base64Bytes.decode(Array(bad.utf8)[...]) == nil) }
    }

    @Test func aDamagedCountLineNamesTheFileAndLine() throws {
        let file = project.url.appendingPathComponent("counts.jsonl.zst")
        let writer = try ZstdJSONLWriter(url: file)
        try writer.writeLine(Array("3 YWI=".utf8))
        try writer.writeLine(Array("4 not base64!".utf8))
        try writer.close()
        let error = #expect(throws: IOError.self) { try PieceCountLine.forEach(in: [file]) { _, _ in } }
        #expect("\(error!)".contains("counts.jsonl.zst") && "\(error!)".contains("2"))
    }
}

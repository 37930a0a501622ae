import Foundation
import Testing
@testable import CurateKit

/// A stand-in tokenizer for shard tests: one id per UTF-8 byte, end-of-document 256. The real
/// BPE tokenizer is checked in the tokenizer tests; here only the shard layout matters.
struct ByteTokenizerForTests: ShardTokenizer {
    func encode(_ text: String) -> [UInt32] { text.utf8.map { UInt32($0) } }
    func decode(_ ids: [UInt32]) -> String { String(decoding: ids.filter { $0 < 256 }.map { UInt8($0) }, as: UTF8.self) }
    var vocabularySize: Int { 257 }
    var endOfDocumentID: UInt32 { 256 }
    var digest: String { "bytes" }
}

@Suite struct ShardsStageTests {
    let project = TemporaryFolder()
    var domain: DomainSettings { DomainSettings(name: "cpp", language: .cpp, root: project.url) }

    /// Writes `count` samples into two upstream parts; every fifth is high band with a score.
    func writeUpstream(count: Int, offset: Int = 0, tokenizer: Bool = true) throws -> [Sample] {
        // The stage encodes with `ByteTokenizerForTests`; the file only has to exist, as a trained one would.
        if tokenizer { _ = try project.write("byte tokenizer for tests", to: "out/cpp/tokenizer/tokenizer.json") }
        var samples = [Sample]()
        for index in offset..<(offset + count) {
            var sample = Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: what is item \(index)?",
                                completion: "/* ANSWER:\n" + String(repeating: "It is number \(index). ", count: index % 9 + 1) + "\n*/\nint v = \(index);",
                                source: SampleSource(uri: "book.html", locator: "/s[\(index)]"))
            sample.band = index % 5 == 0 ? .high : .marginal
            sample.scores = ["quality": Double(index % 100) / 100]
            samples.append(sample)
        }
        let folder = project.url.appendingPathComponent("out/cpp/dedup")
        for (part, chunk) in [samples.filter { Int($0.id.prefix(2), radix: 16)! % 2 == 0 }, samples.filter { Int($0.id.prefix(2), radix: 16)! % 2 == 1 }].enumerated() {
            let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(part)))
            for sample in chunk { try writer.write(sample) }
            try writer.close()
        }
        return samples
    }

    func stage(_ toml: String = "") throws -> ShardsStage {
        let table = try ConfigTable.parse(toml, file: "test.toml")
        return ShardsStage(settings: try ShardSettings(section: table), loadTokenizer: { _ in ByteTokenizerForTests() })
    }

    func run(_ stage: ShardsStage, threads: Int) throws {
        try runStageForTests(stage, domain: domain, outputRoot: project.url.appendingPathComponent("out"), threads: threads,
                             force: true)
    }

    func shardFiles(_ phase: String) throws -> [String: Data] {
        let folder = project.url.appendingPathComponent("out/cpp/shards/\(phase)")
        var files = [String: Data]()
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func everySampleLandsOnceEncodedAndClosedByEndOfDocument() throws {
        let samples = try writeUpstream(count: 400)
        try run(try stage("max_shard_bytes = 4096\nvalid_share = 0.1\ntest_share = 0.1\n"), threads: 2)
        let tokenizer = ByteTokenizerForTests()
        var expected = Set(samples.map { tokenizer.encode($0.trainingText) + [256] })
        var seen = 0
        for phase in ["phase1", "phase2"] {
            let manifest = try ShardManifest.load(project.url.appendingPathComponent("out/cpp/shards/\(phase)/manifest.json"))
            #expect(manifest.dtype == "uint16")
            for shard in manifest.shards {
                let prefix = project.url.appendingPathComponent("out/cpp/shards/\(phase)/\(shard.prefix)")
                let reader = try IndexedDatasetReader(prefix: prefix)
                #expect(reader.structuralProblems().isEmpty)
                #expect(try Digest.sha256Hex(fileAt: prefix.appendingPathExtension("bin")) == shard.binSha256)
                #expect(reader.binSize <= 4096 || reader.documentCount == 1)
                for document in 0..<reader.documentCount {
                    let tokens = try reader.document(document)
                    #expect(tokens.last == 256)
                    #expect(expected.remove(tokens) != nil)
                    seen += 1
                }
            }
        }
        #expect(seen == samples.count)
        #expect(expected.isEmpty)
    }

    @Test func sameBytesWithOneOrTwoThreads() throws {
        _ = try writeUpstream(count: 300)
        try run(try stage("max_shard_bytes = 8192\npack_length = 64\n"), threads: 1)
        let one = try shardFiles("phase1").merging(try shardFiles("phase2").mapKeys { "2/" + $0 }) { a, _ in a }
        try run(try stage("max_shard_bytes = 8192\npack_length = 64\n"), threads: 2)
        let two = try shardFiles("phase1").merging(try shardFiles("phase2").mapKeys { "2/" + $0 }) { a, _ in a }
        #expect(one.count > 4)
        #expect(one == two)
    }

    @Test func phaseTwoHoldsTheBestHighBandSamplesWithinItsShare() throws {
        let samples = try writeUpstream(count: 600)
        try run(try stage(), threads: 2)
        let two = try ShardManifest.load(project.url.appendingPathComponent("out/cpp/shards/phase2/manifest.json"))
        let one = try ShardManifest.load(project.url.appendingPathComponent("out/cpp/shards/phase1/manifest.json"))
        #expect(two.tokenShare > 0.02 && two.tokenShare <= 0.06)
        #expect(abs(one.tokenShare + two.tokenShare - 1) < 1e-9)
        // Phase 2 documents are high band and score above every high-band document left in phase 1.
        let tokenizer = ByteTokenizerForTests()
        let byTokens = Dictionary(samples.map { (tokenizer.encode($0.trainingText) + [256], $0) }, uniquingKeysWith: { a, _ in a })
        func documents(_ phase: String) throws -> [Sample] {
            let manifest = try ShardManifest.load(project.url.appendingPathComponent("out/cpp/shards/\(phase)/manifest.json"))
            return try manifest.shards.flatMap { shard -> [Sample] in
                let reader = try IndexedDatasetReader(prefix: project.url.appendingPathComponent("out/cpp/shards/\(phase)/\(shard.prefix)"))
                return try (0..<reader.documentCount).map { byTokens[try reader.document($0)]! }
            }
        }
        let best = try documents("phase2")
        #expect(!best.isEmpty && best.allSatisfy { $0.band == .high })
        let lowestKept = best.map { $0.scores["quality"]! }.min()!
        let highestLeft = try documents("phase1").filter { $0.band == .high }.map { $0.scores["quality"]! }.max() ?? 0
        #expect(lowestKept >= highestLeft)
    }

    @Test func aDocumentKeepsItsSplitWhenOthersAreAdded() throws {
        let first = try writeUpstream(count: 200)
        let before = Dictionary(uniqueKeysWithValues: first.map { ($0.id, DocumentPlacement.split(of: $0.id, valid: 0.1, test: 0.1)) })
        let more = try writeUpstream(count: 400)
        for sample in more where before[sample.id] != nil {
            #expect(DocumentPlacement.split(of: sample.id, valid: 0.1, test: 0.1) == before[sample.id])
        }
        let shares = Dictionary(grouping: more.map { DocumentPlacement.split(of: $0.id, valid: 0.1, test: 0.1) }, by: { $0 }).mapValues(\.count)
        #expect(shares[.valid, default: 0] > 15 && shares[.test, default: 0] > 15)
    }

    @Test func blendNamesTrainShardsWithWeights() throws {
        _ = try writeUpstream(count: 300)
        try run(try stage("max_shard_bytes = 8192\nblend_weight = 0.5\n"), threads: 2)
        let manifest = try ShardManifest.load(project.url.appendingPathComponent("out/cpp/shards/phase1/manifest.json"))
        let fields = manifest.blend.dataPath.split(separator: " ")
        #expect(fields.count == 2 * manifest.shards.filter { $0.split == .train }.count)
        let weights = stride(from: 0, to: fields.count, by: 2).map { Double(fields[$0])! }
        #expect(abs(weights.reduce(0, +) - 0.5) < 1e-3)
        #expect(fields[1].hasPrefix("cpp/shards/phase1/cpp-train-"))
    }

    @Test func missingTokenizerSaysWhatToRun() throws {
        _ = try writeUpstream(count: 10, tokenizer: false)
        let stage = try stage()
        let error = #expect(throws: InputRejected.self) {
            try runStageForTests(stage, domain: domain, outputRoot: self.project.url.appendingPathComponent("out"))
        }
        #expect(error?.reason.contains("run the tokenizer stage first") == true)
    }

    @Test func missingUpstreamIsARejectionThatSaysWhatToRun() throws {
        let stage = try stage()
        let error = #expect(throws: InputRejected.self) {
            try runStageForTests(stage, domain: domain, outputRoot: self.project.url.appendingPathComponent("out"))
        }
        #expect(error?.reason.contains("run the dedup stage first") == true)
    }
}

extension Dictionary {
    func mapKeys(_ transform: (Key) -> Key) -> [Key: Value] {
        Dictionary(uniqueKeysWithValues: map { (transform($0.key), $0.value) })
    }
}


import Foundation
import Testing
@testable import CurateKit

/// The shards stage's steps (tokenize per part, shuffle per key range, write) give the same
/// shards and manifests for any number of parts and tasks, and the shards of sorting every
/// document at once.
@Suite struct ShardsStepsTests {
    let project = TemporaryFolder()
    var domain: DomainSettings { DomainSettings(name: "cpp", language: .cpp, root: project.url) }

    func samples(count: Int, seed: UInt64) -> [Sample] {
        var random = SplitMix(seed: seed)
        return (0..<count).map { index in
            let words = (0..<(Int(random.next() % 40) + 1)).map { _ in "w\(random.next() % 500)" }.joined(separator: " ")
            var sample = Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: item \(index) of \(seed)?", completion: "/* ANSWER: " + words + " */",
                                source: SampleSource(uri: "book.html", locator: "/s[\(index)]"))
            sample.band = random.next() % 4 == 0 ? .high : .marginal
            sample.scores = ["quality": Double(random.next() % 1000) / 1000]
            return sample
        }
    }

    /// Shards `samples` written into `parts` parts with `tasks` shuffle tasks; every file of
    /// both phases by name.
    func shard(_ samples: [Sample], parts: Int, tasks: Int, settings: String) throws -> [String: Data] {
        let out = project.url.appendingPathComponent("out-\(parts)-\(tasks)")
        let folder = out.appendingPathComponent("cpp/dedup")
        let writers = try (0..<parts).map { try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name($0))) }
        for (index, sample) in samples.enumerated() { try writers[index % parts].write(sample) }
        for writer in writers { try writer.close() }
        try FileManager.default.createDirectory(at: out.appendingPathComponent("cpp/tokenizer"), withIntermediateDirectories: true)
        try Data("byte tokenizer for tests".utf8).write(to: out.appendingPathComponent("cpp/tokenizer/tokenizer.json"))
        let table = try ConfigTable.parse("tasks = \(tasks)\n" + settings, file: "test.toml")
        let stage = ShardsStage(settings: try ShardSettings(section: table), loadTokenizer: { _ in ByteTokenizerForTests() })
        let summary = try runStageForTests(stage, domain: domain, outputRoot: out)
        #expect(summary.tasks == parts + tasks + 1)
        var files = [String: Data]()
        for phase in ["phase1", "phase2"] {
            let phaseFolder = out.appendingPathComponent("cpp/shards/\(phase)")
            for name in try FileManager.default.contentsOfDirectory(atPath: phaseFolder.path) {
                files[phase + "/" + name] = try Data(contentsOf: phaseFolder.appendingPathComponent(name))
            }
        }
        return files
    }

    /// The shards of one pass over every document at once, sorted into shard order, with the
    /// phase-2 threshold of all their tokens.
    func reference(_ samples: [Sample], settings text: String) throws -> [String: Data] {
        let settings = try ShardSettings(section: try ConfigTable.parse(text, file: "test.toml"))
        let stage = ShardsStage(settings: settings, loadTokenizer: { _ in ByteTokenizerForTests() })
        let tokenizer = ByteTokenizerForTests()
        var histogram = ScoreHistogram()
        var documents = samples.map { sample in
            let tokens = tokenizer.encode(sample.trainingText) + [tokenizer.endOfDocumentID]
            let score = stage.phase2Score(sample)
            if let score { histogram.add(score, tokens: tokens.count) }
            return ShardDocument(key: DocumentPlacement.shuffleKey(of: sample.id, seed: settings.seed), id: sample.id,
                                 split: DocumentPlacement.split(of: sample.id, valid: settings.validShare, test: settings.testShare),
                                 phase2Score: score, tokens: tokens)
        }
        documents.sort(by: ShardDocument.before)
        let total = documents.reduce(0) { $0 + $1.tokens.count }
        let threshold = histogram.threshold(forShare: settings.phase2Share, of: total)
        let folder = project.url.appendingPathComponent("reference")
        var files = [String: Data]()
        for phase in Phase.allCases {
            let phaseFolder = folder.appendingPathComponent(phase.name)
            try FileManager.default.createDirectory(at: phaseFolder, withIntermediateDirectories: true)
            let writers = Split.allCases.map { ShardSetWriter(folder: phaseFolder, domain: "cpp", split: $0, dtype: .uint16,
                                                              maxBytes: settings.maxShardBytes, packLength: settings.packLength) }
            for document in documents {
                let two = document.phase2Score.map { ScoreHistogram.bin(of: $0) >= threshold } == true
                if two == (phase == .two) { try writers[Split.allCases.firstIndex(of: document.split)!].append(document.tokens) }
            }
            for writer in writers {
                try writer.finish()
                for shard in writer.finished {
                    for suffix in ["bin", "idx"] {
                        let name = shard.prefix + "." + suffix
                        files[phase.name + "/" + name] = try Data(contentsOf: phaseFolder.appendingPathComponent(name))
                    }
                }
            }
        }
        return files
    }

    @Test(arguments: [UInt64(1), 2])
    func sameShardsForAnyPartsAndTasksAsSortingAtOnce(seed: UInt64) throws {
        let samples = samples(count: 500, seed: seed)
        let settings = "max_shard_bytes = 4096\npack_length = 48\nvalid_share = 0.1\ntest_share = 0.05\n[phase2]\nshare = 0.2\n"
        let one = try shard(samples, parts: 1, tasks: 1, settings: settings)
        let many = try shard(samples, parts: 7, tasks: 4, settings: settings)
        // A buffer of 300 tokens: every tokenize task writes dozens of sorted runs and merges them.
        let spilled = try shard(samples, parts: 3, tasks: 2, settings: "buffer_tokens = 300\n" + settings)
        #expect(one.count > 10)
        #expect(one == many)
        #expect(one == spilled)
        let expected = try reference(samples, settings: settings)
        #expect(one.filter { !$0.key.hasSuffix("manifest.json") } == expected)
        #expect(one.keys.contains("phase2/manifest.json") && one.keys.contains { $0.hasPrefix("phase2/cpp-train-packed") })
    }

    @Test func documentRecordsRoundTripAndRefuseATail() throws {
        let document = ShardDocument(key: 0xDEAD_BEEF_0123, id: "ab\ncd", split: .valid, phase2Score: 0.25, tokens: [0, 7, 65_000, 1 << 20])
        let back = try ShardDocument(record: document.record, path: "x")
        #expect(back.key == document.key && back.id == document.id && back.split == .valid)
        #expect(back.phase2Score == 0.25 && back.tokens == document.tokens)
        #expect(throws: ShardError.self) { try ShardDocument(record: document.record + [0], path: "x") }
        #expect(throws: ShardError.self) { try ShardDocument(record: Array(document.record.dropLast()), path: "x") }
    }

    @Test func rangesCoverTheKeysInOrder() {
        var random = SplitMix(seed: 9)
        for ranges in [1, 2, 3, 4, 7, 64] {
            var keys = (0..<500).map { _ in random.next() } + [0, UInt64.max]
            keys.sort()
            let assigned = keys.map { ShardFiles.range(of: $0, ranges: ranges) }
            #expect(assigned == assigned.sorted())
            #expect(assigned.first == 0 && assigned.last == ranges - 1)
        }
    }
}

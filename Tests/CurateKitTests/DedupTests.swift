import Foundation
import Testing
@testable import CurateKit

/// A corpus with planted duplicates: families of a base text, near copies edited down to a
/// known Jaccard similarity (measured exactly on word 5-gram sets), and reformatted exact
/// copies; plus hard negatives (edited until they are below 0.6 of a base) and unrelated texts.
struct PlantedCorpus {
    var samples = [Sample]()
    /// The family of each sample: planted relatives share one; everything else has its own.
    var family = [String: Int]()
    /// Pairs planted at or above Jaccard 0.8 (by sample id), with their exact similarity.
    var nearPairs = [(String, String, Double)]()
    var exactCopies = 0

    init(families: Int, unrelated: Int, negatives: Int, seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let vocabulary = (0..<6000).map { PlantedCorpus.word($0) }
        func text(_ count: Int) -> [String] { (0..<count).map { _ in vocabulary[Int(random.next() % 6000)] } }
        var nextFamily = 0
        func add(_ words: [String], family: Int, quality: Double, format: Int = 0) -> String {
            let sample = Sample(domain: "cpp", kind: .text, prompt: PlantedCorpus.render(words, format: format),
                                completion: "", source: SampleSource(uri: "planted", locator: "\(samples.count)"),
                                scores: ["quality": quality])
            samples.append(sample)
            self.family[sample.id] = family
            return sample.id
        }
        let targets = [0.8, 0.85, 0.9, 0.95]
        var bases = [[String]]()
        for index in 0..<families {
            let base = text(120 + Int(random.next() % 120))
            bases.append(base)
            let baseID = add(base, family: nextFamily, quality: 0.9)
            var variants = [(String, [String])]()
            for copy in 0..<2 {
                let target = targets[(index * 2 + copy) % targets.count]
                let variant = PlantedCorpus.edit(base, until: target, vocabulary: vocabulary, random: &random)
                let id = add(variant, family: nextFamily, quality: 0.8)
                nearPairs.append((baseID, id, PlantedCorpus.jaccard(base, variant)))
                variants.append((id, variant))
            }
            let between = PlantedCorpus.jaccard(variants[0].1, variants[1].1)
            if between >= 0.8 { nearPairs.append((variants[0].0, variants[1].0, between)) }
            if index % 3 == 0 {
                _ = add(base, family: nextFamily, quality: 0.7, format: 1 + index % 2)
                exactCopies += 1
            }
            nextFamily += 1
        }
        for index in 0..<negatives {
            let negative = PlantedCorpus.edit(bases[index % bases.count], until: 0.6, vocabulary: vocabulary,
                                              random: &random, strictlyBelow: true)
            _ = add(negative, family: nextFamily, quality: 0.9)
            nextFamily += 1
        }
        for _ in 0..<unrelated {
            _ = add(text(80 + Int(random.next() % 200)), family: nextFamily, quality: 0.9)
            nextFamily += 1
        }
    }

    static func word(_ index: Int) -> String {
        var value = index
        var letters = [Character]()
        repeat {
            letters.append(Character(UnicodeScalar(UInt8(97 + value % 26))))
            value /= 26
        } while value > 0
        return "w" + String(letters)
    }

    /// Words as lines of twelve; other formats change only whitespace and comment markers.
    static func render(_ words: [String], format: Int) -> String {
        let lines = stride(from: 0, to: words.count, by: 12).map { words[$0..<min(words.count, $0 + 12)] }
        switch format {
        case 1: return lines.map { "//   " + $0.joined(separator: "  ") }.joined(separator: "\n\n")
        case 2: return lines.map { "# " + $0.joined(separator: "\t") + "   " }.joined(separator: "\n")
        default: return lines.map { $0.joined(separator: " ") }.joined(separator: "\n")
        }
    }

    /// Replaces random words until the Jaccard similarity to `base` would fall below `target`
    /// (or, with `strictlyBelow`, until it has); at least one word is always replaced.
    static func edit(_ base: [String], until target: Double, vocabulary: [String], random: inout SplitMix64,
                     strictlyBelow: Bool = false) -> [String] {
        var current = base
        while true {
            var next = current
            next[Int(random.next() % UInt64(next.count))] = vocabulary[Int(random.next() % UInt64(vocabulary.count))]
            let similarity = jaccard(base, next)
            if similarity < target { return strictlyBelow || current == base ? next : current }
            current = next
        }
    }

    /// The exact Jaccard similarity of the word 5-gram sets, computed independently of MinHasher.
    static func jaccard(_ a: [String], _ b: [String]) -> Double {
        func shingles(_ words: [String]) -> Set<String> {
            Set((0...(words.count - 5)).map { words[$0..<($0 + 5)].joined(separator: " ") })
        }
        let left = shingles(a), right = shingles(b)
        return Double(left.intersection(right).count) / Double(left.union(right).count)
    }
}

@Suite struct DedupTests {
    /// Groups of samples put together by the stage, from its `cluster` notes (an exact group and
    /// a near cluster that share a sample are one group).
    func groups(_ output: StageOutput, _ ids: [String]) -> [String: Int] {
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        var sets = UnionFind(count: ids.count)
        var firstOfCluster = [String: Int]()
        for note in output.notes where note.key == "cluster" {
            let member = index[note.sampleID]!
            if let first = firstOfCluster[note.value] { sets.union(first, member) } else { firstOfCluster[note.value] = member }
        }
        return Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, sets.find($0)) })
    }

    @Test func plantedDuplicatesAreFoundWithHighRecallAndPrecision() {
        let corpus = PlantedCorpus(families: 160, unrelated: 300, negatives: 60, seed: 7)
        let output = Deduplicator().run(corpus.samples)
        let ids = corpus.samples.map(\.id)
        let group = groups(output, ids)

        let found = corpus.nearPairs.filter { group[$0.0] == group[$0.1] }.count
        let recall = Double(found) / Double(corpus.nearPairs.count)
        #expect(corpus.nearPairs.count > 300)
        #expect(corpus.nearPairs.allSatisfy { $0.2 >= 0.8 })
        #expect(recall >= 0.95, "recall \(recall) over \(corpus.nearPairs.count) planted pairs")

        var together = 0, correct = 0
        for i in ids.indices {
            for j in (i + 1)..<ids.count where group[ids[i]] == group[ids[j]] {
                together += 1
                if corpus.family[ids[i]] == corpus.family[ids[j]] { correct += 1 }
            }
        }
        let precision = Double(correct) / Double(max(1, together))
        #expect(precision >= 0.99, "precision \(precision) over \(together) pairs")

        // One sample survives per group; every removal names the sample kept.
        let survivors = Set(output.samples.map(\.id))
        #expect(survivors.count + output.rejections.count == corpus.samples.count)
        for rejection in output.rejections {
            let kept = rejection.reason.split(whereSeparator: { $0 == " " || $0 == "," }).first { $0.count == 32 && survivors.contains(String($0)) }
            #expect(kept != nil, "\(rejection.reason)")
        }
        #expect(output.rejections.filter { $0.reason.hasPrefix("same prompt as") }.count == corpus.exactCopies)
    }

    @Test func nearMissProbesRaiseRecallNotFalseMerges() {
        let corpus = PlantedCorpus(families: 120, unrelated: 100, negatives: 60, seed: 23)
        let ids = corpus.samples.map(\.id)
        func measure(_ probes: Bool) -> (found: Int, wrong: Int) {
            var settings = DedupSettings()
            settings.nearMissProbes = probes
            let group = groups(Deduplicator(settings: settings).run(corpus.samples), ids)
            let found = corpus.nearPairs.filter { group[$0.0] == group[$0.1] }.count
            var wrong = 0
            for i in ids.indices {
                for j in (i + 1)..<ids.count where group[ids[i]] == group[ids[j]] && corpus.family[ids[i]] != corpus.family[ids[j]] {
                    wrong += 1
                }
            }
            return (found, wrong)
        }
        let exact = measure(false), probed = measure(true)
        #expect(probed.found >= exact.found)
        #expect(probed.found == corpus.nearPairs.count, "\(probed.found) of \(corpus.nearPairs.count)")
        #expect(probed.wrong == 0 && exact.wrong == 0, "\(exact) \(probed)")
    }

    @Test func resultsDoNotDependOnThreads() throws {
        let corpus = PlantedCorpus(families: 40, unrelated: 60, negatives: 20, seed: 11)
        func run(_ threads: Int) throws -> [UInt8] {
            var settings = DedupSettings()
            settings.threads = threads
            let output = Deduplicator(settings: settings).run(corpus.samples)
            var bytes = [UInt8]()
            for sample in output.samples { bytes += try JSONCoding.lineBytes(sample) }
            for rejection in output.rejections { bytes += try JSONCoding.lineBytes(rejection) }
            for note in output.notes { bytes += try JSONCoding.lineBytes(note) }
            return bytes
        }
        let one = try run(1)
        for threads in [2, 3, 8] { #expect(try run(threads) == one, "threads \(threads)") }
        // And not on the order of the input.
        let reversed = Deduplicator().run(corpus.samples.reversed())
        let forward = Deduplicator().run(corpus.samples)
        #expect(Set(reversed.samples.map(\.id)) == Set(forward.samples.map(\.id)))
        #expect(Set(reversed.notes) == Set(forward.notes))
    }

    @Test func signaturesAreTheSameOnAnyThreadCount() {
        let corpus = PlantedCorpus(families: 10, unrelated: 30, negatives: 5, seed: 3)
        let texts = corpus.samples.map { Array($0.trainingText.utf8) }
        let hasher = MinHasher()
        let one = SignatureBatch.compute(texts, hasher: hasher, threads: 1)
        #expect(one.count == texts.count * 112)
        #expect(SignatureBatch.compute(texts, hasher: hasher, threads: 2) == one)
        #expect(SignatureBatch.compute(texts, hasher: hasher, threads: 7) == one)
    }

    @Test func minHashEstimatesJaccard() {
        var random = SplitMix64(seed: 5)
        let vocabulary = (0..<3000).map(PlantedCorpus.word)
        let hasher = MinHasher()
        var errors = [Double]()
        for target in stride(from: 0.3, through: 0.95, by: 0.05) {
            let base = (0..<200).map { _ in vocabulary[Int(random.next() % 3000)] }
            let edited = PlantedCorpus.edit(base, until: target, vocabulary: vocabulary, random: &random)
            let texts = [base, edited].map { Array($0.joined(separator: " ").utf8) }
            let signatures = SignatureBatch.compute(texts, hasher: hasher, threads: 1)
            errors.append(abs(LSHClusterer.similarity(signatures, 0, 1, width: 112) - PlantedCorpus.jaccard(base, edited)))
        }
        let mean = errors.reduce(0, +) / Double(errors.count)
        #expect(mean < 0.05, "mean error \(mean)")
        #expect(errors.max()! < 0.15, "\(errors)")
    }

    @Test func shinglesIgnoreCaseAndPunctuation() {
        let hasher = MinHasher(shingleSize: 3)
        func shingles(_ text: String) -> [UInt64] {
            var out = [UInt64]()
            Array(text.utf8).withUnsafeBufferPointer { hasher.shingles($0, into: &out) }
            return out
        }
        #expect(shingles("Move the value, then reset it.") == shingles("// move THE value\n/* then */ reset: it"))
        #expect(shingles("one two three four").count == 2)
        #expect(shingles("one two").count == 1)
        #expect(shingles(" ... ").isEmpty)
        #expect(shingles("a b c") != shingles("c b a"))
    }

    @Test func exactKeyIgnoresWhitespaceAndCommentMarkers() {
        func sample(_ prompt: String, _ completion: String) -> Sample {
            Sample(domain: "cmake", kind: .qa, prompt: prompt, completion: completion, source: SampleSource(uri: "u", locator: "l"))
        }
        let a = sample("// QUESTION: Why link\n// privately?", "/* ANSWER:\nIt hides the dependency.\n*/\nlink(x)")
        let b = sample("# QUESTION:   Why link\n#    privately?", "#[[ ANSWER: It hides the dependency. ]]\n\n  link(x)")
        let c = sample("# QUESTION: Why link privately?", "#[[ ANSWER: It hides a dependency. ]] link(x)")
        #expect(ExactKey.digest(a) == ExactKey.digest(b))
        #expect(ExactKey.digest(a) != ExactKey.digest(c))
        #expect(ExactKey.normalised("  // a\t b */ #c ") == "a b c")
    }

    @Test func theBestScoredSampleIsKept() {
        let words = (0..<150).map(PlantedCorpus.word)
        var edited = words
        edited[70] = "changed"
        func sample(_ words: [String], _ quality: Double) -> Sample {
            Sample(domain: "cpp", kind: .text, prompt: words.joined(separator: " "), completion: "",
                   source: SampleSource(uri: "u", locator: "l"), scores: ["quality": quality])
        }
        let low = sample(words, 0.6), high = sample(edited, 0.95)
        for order in [[low, high], [high, low]] {
            let output = Deduplicator().run(order)
            #expect(output.samples.map(\.id) == [high.id])
            #expect(output.rejections.map(\.locator) == [low.id])
            #expect(output.rejections[0].reason.contains("near duplicate (estimated Jaccard"))
            #expect(output.rejections[0].reason.contains(high.id))
            let clusters = Set(output.notes.filter { $0.key == "cluster" }.map(\.value))
            #expect(clusters.count == 1)
            #expect(clusters.first!.hasPrefix("near-"))
        }
        // Equal scores: the smaller id wins, whatever the order.
        let tieA = sample(words, 0.8), tieB = sample(edited, 0.8)
        let winner = min(tieA.id, tieB.id)
        #expect(Deduplicator().run([tieA, tieB]).samples.map(\.id) == [winner])
        #expect(Deduplicator().run([tieB, tieA]).samples.map(\.id) == [winner])
    }

    /// Two listings under one question teach a model two answers to one prompt: one is kept,
    /// the better scored, in the stage's steps as in the reference; `same_prompt = false` keeps both.
    @Test func samplesSharingAPromptKeepOneAnswer() throws {
        func sample(_ prompt: String, _ completion: String, _ quality: Double) -> Sample {
            Sample(domain: "cmake", kind: .qa, prompt: prompt, completion: completion,
                   source: SampleSource(uri: "u", locator: completion), scores: ["quality": quality])
        }
        let question = "# QUESTION: Explain the CMake line `enable_testing()`."
        let first = sample(question, "#[[ ANSWER: Turns on testing for this directory. ]]\nenable_testing()", 0.7)
        let second = sample("#  QUESTION:  Explain the CMake line\n# `enable_testing()`.",
                            "#[[ ANSWER: Testing needs it before add_test. ]]\nenable_testing()\nadd_test(NAME t COMMAND t)", 0.9)
        let other = sample("# QUESTION: What does `add_subdirectory(src)` do?", "#[[ ANSWER: Adds src. ]]\nadd_subdirectory(src)", 0.8)
        let samples = [first, other, second]

        let output = Deduplicator().run(samples)
        #expect(output.samples.map(\.id) == [other.id, second.id])
        #expect(output.rejections.map(\.locator) == [first.id])
        #expect(output.rejections.first?.reason.hasPrefix("same prompt as \(second.id)") == true)
        var separate = DedupSettings()
        separate.samePrompt = false
        #expect(Deduplicator(settings: separate).run(samples).samples.count == 3)

        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dedup-prompt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("cmake/quality")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(0)))
        for sample in samples { try writer.write(sample) }
        try writer.close()
        for (section, expected) in [("", [other.id, second.id]), ("same_prompt = false\n", samples.map(\.id))] {
            try? FileManager.default.removeItem(at: root.appendingPathComponent("cmake/dedup"))
            let stage = try configuredStage(DedupStage.self, language: .cmake, section: section)
            _ = try runStageForTests(stage, domain: QualityFixtures.domain(.cmake), outputRoot: root)
            #expect(try samplesForTests(in: root.appendingPathComponent("cmake/dedup")).map(\.id) == expected)
        }
    }

    @Test func stageReadsTheWholeUpstreamFolder() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("dedup-stage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("cpp/quality")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let corpus = PlantedCorpus(families: 6, unrelated: 10, negatives: 2, seed: 1)
        for part in 0..<3 {
            let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(part)))
            for (index, sample) in corpus.samples.enumerated() where index % 3 == part { try writer.write(sample) }
            try writer.close()
        }
        let stage = try configuredStage(DedupStage.self, language: .cpp, section: "bands = 14\nrows = 8\nthreads = 2\n")
        let summary = try runStageForTests(stage, domain: QualityFixtures.domain(.cpp), outputRoot: root)
        // signatures and filter: one task per part; exact and buckets: `tasks` (2); clusters: one.
        #expect(summary.tasks == 3 + 2 + 2 + 1 + 3)
        let kept = try samplesForTests(in: root.appendingPathComponent("cpp/dedup"))
        #expect(kept.count + summary.rejected == corpus.samples.count)
        #expect(kept.allSatisfy { $0.lineage.last?.stage == "dedup" })
        #expect(Set(kept.map(\.id)) == Set(Deduplicator().run(corpus.samples).samples.map(\.id)))
    }

    @Test func settingsAreChecked() throws {
        #expect(throws: ConfigError.self) { try configuredStage(DedupStage.self, language: .cpp, section: "band = 14\n") }
        #expect(throws: ConfigError.self) { try configuredStage(DedupStage.self, language: .cpp, section: "min_similarity = 1.5\n") }
        #expect(throws: ConfigError.self) { try configuredStage(DedupStage.self, language: .cpp, section: "rows = 0\n") }
    }
}

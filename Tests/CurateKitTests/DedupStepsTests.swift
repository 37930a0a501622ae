import Foundation
import Testing
@testable import CurateKit

/// The `dedup` stage's steps (signatures, exact, buckets, clusters, filter) must give what the
/// in-memory `Deduplicator` gives on all of a domain's samples in upstream order (the former
/// single-step stage): the same kept samples byte for byte, the same rejections and notes,
/// whatever the number of tasks.
struct DedupStepsTests {
    /// What one run of the stage produced.
    struct Produced: Equatable {
        /// The kept samples as JSON lines, parts concatenated in order.
        var lines: [String]
        /// Every file in the stage's folder (parts and intermediate files) with its bytes' digest.
        var files: [String: String]
        /// Rejections and notes of the filter tasks, part by part.
        var rejections: [[Finding]]
        var notes: [[SampleNote]]
    }

    /// Writes `parts` as the upstream `quality` parts of a fresh output folder and runs the stage.
    func run(_ parts: [[Sample]], tasks: Int, threads: Int = 2, near: Bool = true, exact: Bool = true) throws -> Produced {
        let folder = TemporaryFolder()
        let upstream = folder.url.appendingPathComponent("cpp/quality")
        for (index, samples) in parts.enumerated() {
            let writer = try ZstdJSONLWriter(url: upstream.appendingPathComponent(PartFiles.name(index)))
            for sample in samples { try writer.write(sample) }
            try writer.close()
        }
        let stage = try configuredStage(DedupStage.self, language: .cpp,
                                        section: "tasks = \(tasks)\nnear = \(near)\nexact = \(exact)\n")
        try runStageForTests(stage, domain: QualityFixtures.domain(.cpp), outputRoot: folder.url, threads: threads)
        let stageFolder = folder.url.appendingPathComponent("cpp/dedup")
        var lines = [String]()
        for part in PartFiles.list(in: stageFolder) {
            let reader = try ZstdJSONLReader(url: part)
            while let line = try reader.nextLine() { lines.append(String(decoding: line, as: UTF8.self)) }
        }
        var files = [String: String]()
        let walker = FileManager.default.enumerator(at: stageFolder, includingPropertiesForKeys: nil, options: [.skipsHiddenFiles])!
        for case let url as URL in walker where !url.hasDirectoryPath {
            files[OutputLayout.path(url, relativeTo: stageFolder)!] = try Digest.sha256Hex(fileAt: url)
        }
        let records = TaskRecordStore(layout: OutputLayout(root: folder.url), stage: DedupStage.name, domain: "cpp")
        let details = try parts.indices.map { try records.details(step: "filter", task: $0) }
        return Produced(lines: lines, files: files, rejections: details.map { $0.inputs.flatMap(\.rejections) },
                        notes: details.map(\.notes))
    }

    /// The former single-step stage's result: the `Deduplicator` over every sample in order.
    func reference(_ parts: [[Sample]], near: Bool = true, exact: Bool = true) throws -> (lines: [String], output: StageOutput) {
        var settings = DedupSettings()
        settings.near = near
        settings.exact = exact
        let output = Deduplicator(settings: settings).run(parts.flatMap { $0 })
        let lines = try output.samples.map { String(decoding: try JSONCoding.lineBytes($0), as: UTF8.self) }
        return (lines, output)
    }

    /// Compares a run with the reference: kept samples byte for byte; each part's rejections
    /// and notes are the reference's for its samples, in the reference's order.
    func expectMatchesReference(_ parts: [[Sample]], _ produced: Produced, near: Bool = true, exact: Bool = true) throws {
        let expected = try reference(parts, near: near, exact: exact)
        #expect(produced.lines == expected.lines)
        // A sample id may occur in several parts (one sample emitted twice): a finding belongs
        // to the part holding the copy it is about, so compare the concatenations as multisets
        // and each part's order as the reference's order restricted to its findings.
        let rejections = produced.rejections.flatMap { $0 }
        #expect(rejections.sorted(by: Self.findingOrder) == expected.output.rejections.sorted(by: Self.findingOrder))
        let notes = produced.notes.flatMap { $0 }
        #expect(notes.sorted(by: Self.noteOrder) == expected.output.notes.sorted(by: Self.noteOrder))
        for part in produced.rejections {
            let positions = part.map { finding in expected.output.rejections.firstIndex(of: finding) ?? -1 }
            #expect(positions == positions.sorted() && !positions.contains(-1))
        }
    }

    static func findingOrder(_ a: Finding, _ b: Finding) -> Bool { (a.locator, a.reason) < (b.locator, b.reason) }
    static func noteOrder(_ a: SampleNote, _ b: SampleNote) -> Bool { (a.sampleID, a.value) < (b.sampleID, b.value) }

    /// The planted corpus, with what the reference must cope with: one sample emitted twice (in
    /// two parts), a text without words, samples without a quality score and an empty part.
    func plantedParts(seed: UInt64) -> [[Sample]] {
        var samples = PlantedCorpus(families: 12, unrelated: 30, negatives: 4, seed: seed).samples
        samples.append(samples[3])
        samples.append(Sample(domain: "cpp", kind: .text, prompt: "// ... ;;; ---", completion: "",
                              source: SampleSource(uri: "planted", locator: "no words")))
        for index in stride(from: 0, to: samples.count, by: 7) { samples[index].scores = [:] }
        var random = SplitMix64(seed: seed)
        var parts = [[Sample]](repeating: [], count: 5)
        for sample in samples { parts[Int(random.next() % 4)].append(sample) }
        return parts
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func stepsGiveTheReferenceResultForAnyTaskCount(seed: UInt64) throws {
        let parts = plantedParts(seed: seed)
        let one = try run(parts, tasks: 1, threads: 1)
        try expectMatchesReference(parts, one)
        let four = try run(parts, tasks: 4, threads: 2)
        #expect(four.lines == one.lines)
        // Only the exact and buckets files are split by task; every other file is the same.
        let shared = { (files: [String: String]) in files.filter { !$0.key.hasPrefix("exact/") && !$0.key.hasPrefix("buckets/") } }
        #expect(shared(four.files) == shared(one.files))
        #expect(four.rejections == one.rejections && four.notes == one.notes)
        #expect(!one.rejections.flatMap { $0 }.isEmpty)
    }

    @Test func exactOnlyAndNearOnlyMatchTheReference() throws {
        let parts = plantedParts(seed: 4)
        try expectMatchesReference(parts, try run(parts, tasks: 3, near: false), near: false)
        try expectMatchesReference(parts, try run(parts, tasks: 3, exact: false), exact: false)
    }

    /// The bundled books' pairs (as the textbooks stage makes them), each part holding a share
    /// and some pairs repeated in other parts, reformatted or re-scored.
    @Test(arguments: [CodeLanguage.cpp, .shell, .cmake])
    func bundledBooksGiveTheReferenceResult(_ language: CodeLanguage) throws {
        let root = TextbooksSupport.repositoryRoot
        let config = try PipelineConfig.load(root.appendingPathComponent("pipelines/\(language.rawValue).toml"), root: root)
        let stage = config.stages.first { $0.name == TextbooksStage.name }!.stage as! TextbooksStage
        let domain = DomainSettings(name: language.rawValue, language: language, root: root)
        let scratch = TemporaryFolder()
        let context = StageContext(domain: domain, explicitPaths: [root.appendingPathComponent("corpora/books/\(language.rawValue)")],
                                   outputRoot: scratch.url)
        var samples = [Sample]()
        for input in try stage.inputs(context).sorted(by: { $0.id < $1.id }) { samples += try stage.process(input, context).samples }
        #expect(samples.count >= 5)
        var random = SplitMix64(seed: 7)
        var extra = [Sample]()
        for (index, sample) in samples.enumerated() {
            var copy = sample
            copy.scores = ["quality": Double(random.next() % 4) / 4]
            samples[index].scores = ["quality": Double(random.next() % 4) / 4]
            switch random.next() % 10 {
            case 0: extra.append(copy)
            case 1:
                copy.prompt = "  " + copy.prompt.replacingOccurrences(of: " ", with: "\n ")
                copy = Sample(domain: copy.domain, kind: copy.kind, prompt: copy.prompt, completion: copy.completion,
                              source: copy.source, scores: copy.scores)
                extra.append(copy)
            default: break
            }
        }
        let all = samples + extra
        var parts = [[Sample]](repeating: [], count: 3)
        for (index, sample) in all.enumerated() { parts[index % 3].append(sample) }
        let produced = try run(parts, tasks: 2)
        try expectMatchesReference(parts, produced)
        #expect(!produced.rejections.flatMap { $0 }.isEmpty)
    }

    /// The quality parts of a real run (`CURATE_DEDUP_UPSTREAM` names a `quality` folder, such
    /// as `out/cpp/quality` after `make`), deduplicated by the steps with 1 and 4 tasks.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CURATE_DEDUP_UPSTREAM"] != nil))
    func realQualityPartsGiveTheReferenceResult() throws {
        let folder = URL(fileURLWithPath: ProcessInfo.processInfo.environment["CURATE_DEDUP_UPSTREAM"]!)
        let parts = try PartFiles.list(in: folder).map { try SampleParts.read($0) }
        #expect(!parts.isEmpty)
        let one = try run(parts, tasks: 1)
        try expectMatchesReference(parts, one)
        let four = try run(parts, tasks: 4)
        #expect(four.lines == one.lines && four.rejections == one.rejections && four.notes == one.notes)
    }
}

@Suite struct SignatureLineTests {
    @Test func signaturesRoundTripAndDamageNamesTheLine() throws {
        var random = SplitMix(seed: 21)
        let values = (0..<112).map { _ in random.next() } + [0, .max]
        let line = values.withUnsafeBufferPointer { SignatureLine.encode($0) }
        var back = [UInt64]()
        try SignatureLine.decode(line, width: values.count, into: &back, file: "s.jsonl.zst", number: 4)
        #expect(back == values)
        #expect(throws: IOError.self) { try SignatureLine.decode(line, width: values.count - 1, into: &back, file: "s", number: 1) }
        var damaged = line
        damaged[5] = UInt8(ascii: "!")
        let error = #expect(throws: IOError.self) { try SignatureLine.decode(damaged, width: values.count, into: &back, file: "s.jsonl.zst", number: 4) }
        #expect("\(error!)".contains("s.jsonl.zst") && "\(error!)".contains("4"))
    }
}

import Foundation
import Testing
@testable import CurateKit

/// Samples written for these tests, in `Fixtures/quality/samples.txt`.
enum QualityFixtures {
    struct Entry {
        var sample: Sample
        var language: CodeLanguage
    }

    static let entries: [String: Entry] = {
        var entries = [String: Entry]()
        for entry in FixtureSampleFile.entries("quality/samples.txt", skippingCommentLines: false) {
            let name = String(entry.header[1])
            let language = CodeLanguage(rawValue: String(entry.header[3]))!
            let sample = Sample(domain: language.rawValue, kind: Sample.Kind(rawValue: String(entry.header[2]))!,
                                prompt: entry.prompt.joined(separator: "\n"), completion: entry.completion.joined(separator: "\n"),
                                source: SampleSource(uri: "samples.txt", locator: name))
            entries[name] = Entry(sample: sample, language: language)
        }
        return entries
    }()

    static func sample(_ name: String) -> Sample { entries[name]!.sample }

    static func anatomy(_ name: String) -> SampleAnatomy {
        let entry = entries[name]!
        return SampleAnatomy(entry.sample, language: entry.language)
    }

    static func domain(_ language: CodeLanguage) -> DomainSettings {
        DomainSettings(name: language.rawValue, language: language, root: URL(fileURLWithPath: NSTemporaryDirectory()))
    }
}

/// A stage built the way a pipeline file builds it: `section` is the body of its `[name]` table
/// (sub-tables may follow).
func configuredStage<S: Stage>(_ type: S.Type, language: CodeLanguage, section: String) throws -> S {
    let text = "domain = \"\(language.rawValue)\"\nlanguage = \"\(language.rawValue)\"\n[\(S.name)]\n\(section)"
    let config = try PipelineConfig.parse(text, file: "\(language.rawValue).toml", root: URL(fileURLWithPath: NSTemporaryDirectory()))
    return config.stages.first { $0.name == S.name }!.stage as! S
}

/// A cache kept in memory, standing in for the catalog's `cache` table.
final class MemoryStageCache: StageCache, @unchecked Sendable {
    private let lock = NSLock()
    private(set) var values = [String: String]()
    private(set) var stores = 0

    func value(namespace: String, key: String) throws -> String? {
        lock.withLock { values[namespace + "\u{0}" + key] }
    }

    func store(namespace: String, key: String, value: String) throws {
        lock.withLock {
            values[namespace + "\u{0}" + key] = value
            stores += 1
        }
    }

    func overwriteAll(with value: String) {
        lock.withLock { for key in values.keys { values[key] = value } }
    }
}

@Suite struct QualityStructureTests {
    @Test(arguments: ["cpp-qa-good", "cpp-snapshot-good", "cpp-snapshot-prompt-only", "cpp-snapshot-context",
                      "cmake-qa-good", "shell-qa-good"])
    func wellFormedSamplesPass(_ name: String) {
        let result = StructureScorer().score(QualityFixtures.anatomy(name))
        #expect(result.score == 1, "\(result.reasons)")
        #expect(result.reasons.isEmpty)
    }

    @Test func missingMarkersFail() {
        let result = StructureScorer().score(QualityFixtures.anatomy("cpp-qa-broken-markers"))
        // question_marker, question_comments and answer_marker fail; only question_text passes.
        #expect(result.score == 0.25, "\(result.reasons)")
        #expect(result.reasons.contains { $0.hasPrefix("structure.question_marker:") })
        #expect(result.reasons.contains { $0.hasPrefix("structure.answer_marker:") })
    }

    @Test func unclosedAnswerFails() {
        let anatomy = QualityFixtures.anatomy("cpp-qa-unclosed")
        let result = StructureScorer().score(anatomy)
        #expect(result.reasons.contains { $0.hasPrefix("structure.answer_closed:") })
        #expect(result.reasons.contains { $0.hasPrefix("structure.answer_code:") })
        #expect(result.score < 1)
        #expect(anatomy.code.isEmpty)
    }

    @Test func snapshotMarkersOutOfOrderFail() {
        let result = StructureScorer().score(QualityFixtures.anatomy("cpp-snapshot-disordered"))
        let failed = Set(result.reasons.map { $0.split(separator: ":").first.map(String.init) ?? "" })
        #expect(failed.isSuperset(of: ["structure.snapshot_marker", "structure.thread_state_closed",
                                       "structure.task_marker", "structure.boom_marker", "structure.reasoning_steps"]),
                "\(failed.sorted())")
        #expect(result.score < 0.6)
    }

    @Test func commentSyntaxFollowsTheDomainLanguage() {
        // A CMake sample judged as C++ has none of the C++ markers.
        let sample = QualityFixtures.sample("cmake-qa-good")
        let result = StructureScorer().score(SampleAnatomy(sample, language: .cpp))
        #expect(result.reasons.contains { $0.hasPrefix("structure.question_marker:") })
        #expect(result.reasons.contains { $0.hasPrefix("structure.answer_marker:") })
    }

    @Test func anatomyFindsTheParts() {
        let anatomy = QualityFixtures.anatomy("cpp-snapshot-good")
        #expect(anatomy.code.map(\.role) == ["source", "fix"])
        #expect(anatomy.code[0].text.contains("// <-- BOOM"))
        #expect(anatomy.prose.map(\.role) == [.explanation, .steps])
        #expect(anatomy.prose[1].text.hasPrefix("1. The debugger"))
    }

    @Test func agentQueryLayout() {
        let good = Sample(domain: "cpp", kind: .agentQuery,
                          prompt: "// TASK: Make 'Cache::put' safe to call\n// from several threads.\nvoid Cache::put(Key k, Value v) {\n    store_.insert(k, v);\n}",
                          completion: "/* REASONING:\nThe type of store_ decides whether insert is already locked.\nIts definition is not in the context.\n*/\n__AGENT_QUERY__(\"definition\", \"Cache\")",
                          source: SampleSource(uri: "t", locator: "1"))
        #expect(StructureScorer().score(SampleAnatomy(good, language: .cpp)).score == 1)
        var bad = good
        bad.completion = "/* REASONING:\nNeed more.\n*/\n__AGENT_QUERY__(\"guess\", \"Cache\")"
        let result = StructureScorer().score(SampleAnatomy(bad, language: .cpp))
        #expect(result.reasons.contains { $0.hasPrefix("structure.agent_query_kind:") })
    }
}

@Suite struct QualityProseTests {
    @Test func goodExplanationPasses() {
        let result = ProseScorer().score(QualityFixtures.anatomy("cpp-qa-good"))!
        #expect(result.score == 1, "\(result.reasons)")
    }

    @Test func snapshotReasoningIsNotHeldToSentences() {
        let result = ProseScorer().score(QualityFixtures.anatomy("cpp-snapshot-good"))!
        #expect(result.score == 1, "\(result.reasons)")
    }

    @Test func repetitiveTextFails() {
        let result = ProseScorer().score(QualityFixtures.anatomy("cpp-qa-rambling"))!
        let failed = Set(result.reasons.map { $0.split(separator: ":").first.map(String.init) ?? "" })
        #expect(failed.isSuperset(of: ["prose.duplicate_lines", "prose.top_2gram", "prose.duplicate_5grams",
                                       "prose.mean_word_length", "prose.line_punctuation"]), "\(failed.sorted())")
        #expect(result.score < 0.6)
    }

    @Test func thinAndSymbolHeavyTextFails() {
        var anatomy = SampleAnatomy(QualityFixtures.sample("cpp-qa-good"), language: .cpp)
        anatomy.prose = [.init(role: .explanation, text: "### ### ... see #1 #2 #3")]
        let result = ProseScorer().score(anatomy)!
        #expect(result.reasons.contains { $0.hasPrefix("prose.too_few_words:") })
        #expect(result.reasons.contains { $0.hasPrefix("prose.symbol_ratio:") })
        #expect(result.reasons.contains { $0.hasPrefix("prose.alpha_words:") })
    }

    @Test func statisticsAreMeasuredOnCharacters() {
        let stats = ProseStatistics(Array("naïve café\nnaïve café\nthird line.".utf8))
        #expect(stats.words.count == 6)
        #expect(abs(stats.meanWordLength - 28.0 / 6.0) < 1e-9) // "naïve" is five characters, six bytes
        #expect(abs(stats.duplicateLineFraction - 1.0 / 3.0) < 1e-9)
        #expect(abs(stats.linePunctuationFraction - 1.0 / 3.0) < 1e-9)
    }
}

@Suite struct QualitySizeTests {
    @Test func withinBoundsScoresOne() {
        #expect(SizeScorer().score(QualityFixtures.sample("cpp-qa-good")).score == 1)
    }

    @Test func outsideBoundsFallsWithDistance() {
        var settings = SizeScorer.Settings()
        settings.completionMax = 100
        settings.promptMin = 500
        let sample = QualityFixtures.sample("cpp-qa-good")
        let result = SizeScorer(settings: settings).score(sample)
        #expect(result.reasons.count == 2)
        #expect(result.reasons.contains { $0.hasPrefix("size.prompt_too_short:") })
        #expect(result.reasons.contains { $0.hasPrefix("size.completion_too_long:") })
        let expected = (Double(sample.prompt.count) / 500 + 100 / Double(sample.completion.count)) / 2
        #expect(abs(result.score - expected) < 1e-9)
    }

    @Test func promptOnlySnapshotNeedsNoCompletion() {
        let result = SizeScorer().score(QualityFixtures.sample("cpp-snapshot-prompt-only"))
        #expect(result.score == 1, "\(result.reasons)")
    }
}

/// These run the real tools: g++, bash, shellcheck and cmake.
@Suite(.serialized) struct QualityValidityTests {
    func verdict(_ name: String, role index: Int = 0, cache: (any StageCache)? = nil) throws -> CodeValidityScorer.Verdict {
        try CodeValidityScorer().check(QualityFixtures.anatomy(name).code[index], cache: cache)
    }

    @Test func wholeTranslationUnitCompiles() throws {
        let verdict = try verdict("cpp-qa-good")
        #expect(verdict.score == 1, "\(verdict.reasons)")
        #expect(verdict.adjustment == nil)
    }

    @Test func snippetsAreCompletedFairlyAndSaySo() throws {
        let headers = try verdict("cpp-qa-needs-headers")
        #expect(headers.score == 1, "\(headers.reasons)")
        #expect(headers.adjustment == "headers")
        let wrapped = try verdict("cpp-qa-statements")
        #expect(wrapped.score == 1, "\(wrapped.reasons)")
        #expect(wrapped.adjustment == "wrapped")
    }

    @Test func syntaxErrorFails() throws {
        let verdict = try verdict("cpp-qa-syntax-error")
        #expect(verdict.score == 0)
        #expect(verdict.reasons.count == 1)
        #expect(verdict.reasons[0].hasPrefix("validity.cxx_error: {role}: expected"), "\(verdict.reasons)")
    }

    @Test func unresolvedNamesAreForgivenInPart() throws {
        let verdict = try verdict("cpp-qa-unresolved")
        #expect(verdict.score == 0.75, "\(verdict.reasons)")
        #expect(verdict.reasons.first?.hasPrefix("validity.cxx_unresolved:") == true)
        // The snapshot's fix uses its class's members: sound in form, context elsewhere.
        let fix = try self.verdict("cpp-snapshot-good", role: 1)
        #expect(fix.score == 0.75, "\(fix.reasons)")
        // A member function shown without its class, and a fix whose unknown type trips g++ on
        // every line that uses it: context elsewhere, not bad code.
        let window = try self.verdict("cpp-snapshot-context", role: 0)
        #expect(window.score == 0.75, "\(window.reasons)")
        let cascade = try self.verdict("cpp-snapshot-context", role: 1)
        #expect(cascade.score == 0.75, "\(cascade.reasons)")
    }

    @Test func shellChecks() throws {
        #expect(try verdict("shell-qa-good").score == 1)
        let syntax = try verdict("shell-qa-syntax-error")
        #expect(syntax.score == 0)
        #expect(syntax.reasons.first?.hasPrefix("validity.bash_syntax:") == true, "\(syntax.reasons)")
        let warning = try verdict("shell-qa-warning")
        #expect(warning.score == 0.8, "\(warning.reasons)")
        #expect(warning.reasons.first?.contains("SC2164") == true, "\(warning.reasons)")
    }

    @Test func cmakeChecks() throws {
        #expect(try verdict("cmake-qa-good").score == 1)
        let parse = try verdict("cmake-qa-parse-error")
        #expect(parse.score == 0)
        #expect(parse.reasons.first?.contains("Parse error") == true, "\(parse.reasons)")
    }

    @Test func cmakeNeverRunsTheSnippet() throws {
        let verdict = try verdict("cmake-qa-stray-endif")
        #expect(verdict.score == 0)
        #expect(verdict.reasons.first?.hasPrefix("validity.cmake_blocks:") == true, "\(verdict.reasons)")
        #expect(CMakeSnippetChecker.unbalancedBlock("if(A)\n  foreach(x IN LISTS y)\n  endforeach()\nENDIF()") == nil)
        #expect(CMakeSnippetChecker.unbalancedBlock("function(f)\nif(A)\nendfunction()") != nil)
    }

    @Test func verdictsAreCachedByContent() throws {
        let cache = MemoryStageCache()
        let first = try verdict("shell-qa-warning", cache: cache)
        #expect(cache.stores == 1)
        _ = try verdict("shell-qa-warning", cache: cache)
        #expect(cache.stores == 1)
        // A second look is answered from the cache, not by the tool.
        let planted = CodeValidityScorer.Verdict(score: 0.25, reasons: ["planted"], adjustment: nil)
        cache.overwriteAll(with: String(decoding: try JSONEncoder().encode(planted), as: UTF8.self))
        #expect(try verdict("shell-qa-warning", cache: cache) == planted)
        #expect(first != planted)
    }
}

@Suite(.serialized) struct QualityStageTests {
    func stage(_ language: CodeLanguage, _ toml: String = "") throws -> QualityStage {
        try configuredStage(QualityStage.self, language: language, section: toml)
    }

    @Test func bandsFollowTheThresholds() throws {
        var settings = QualitySettings()
        settings.high = 0.9
        settings.marginal = 0.6
        #expect(settings.band(["quality": 0.95]) == .high)
        #expect(settings.band(["quality": 0.9, "structure": 1, "prose": 0.5]) == .high)
        #expect(settings.band(["quality": 0.75]) == .marginal)
        #expect(settings.band(["quality": 0.6]) == .marginal)
        #expect(settings.band(["quality": 0.59]) == .low)
        // Structure below min_structure is low, below high_structure at most marginal.
        #expect(settings.band(["quality": 0.95, "structure": 0.5]) == .low)
        #expect(settings.band(["quality": 0.95, "structure": 0.9]) == .marginal)
        // One weak scorer keeps a sample out of high whatever the mean.
        #expect(settings.band(["quality": 0.95, "structure": 1, "prose": 0.4, "size": 1]) == .marginal)
    }

    @Test func scoringBandsAndRejectsWithReasons() throws {
        let stage = try stage(.cpp)
        let names = ["cpp-qa-good", "cpp-qa-syntax-error", "cpp-qa-broken-markers"]
        let output = try stage.score(names.map(QualityFixtures.sample), cache: nil)
        let good = QualityFixtures.sample("cpp-qa-good")
        let syntax = QualityFixtures.sample("cpp-qa-syntax-error")
        let broken = QualityFixtures.sample("cpp-qa-broken-markers")

        #expect(output.samples.map(\.id) == [good.id, syntax.id])
        #expect(output.samples[0].band == .high)
        #expect(output.samples[0].scores["quality"] == 1)
        #expect(output.samples[0].lineage.last?.stage == "quality")
        // Code that does not parse but is otherwise sound is worth saving: marginal.
        #expect(output.samples[1].band == .marginal)
        #expect(output.samples[1].scores["validity"] == 0)

        #expect(output.rejections.map(\.locator) == [broken.id])
        #expect(output.rejections[0].reason.contains("structure.question_marker"))
        #expect(output.rejections[0].reason.contains("structure.answer_marker"))
        #expect(output.rejections[0].reason.contains("band.structure"))

        func notes(_ id: String, _ key: String) -> [String] {
            output.notes.filter { $0.sampleID == id && $0.key == key }.map(\.value)
        }
        #expect(notes(good.id, "band") == ["high"])
        #expect(notes(good.id, "reason") == ["all checks passed"])
        #expect(notes(syntax.id, "band") == ["marginal"])
        #expect(notes(syntax.id, "reason").contains { $0.hasPrefix("validity.cxx_error: answer:") })
        #expect(notes(broken.id, "band") == ["low"])
        #expect(notes(broken.id, "reason").count >= 3)
    }

    @Test func oneStrongScoreDoesNotHideAWeakOne() throws {
        var settings = QualitySettings()
        settings.validity.enabled = false
        let stage = QualityStage(settings: settings, domain: QualityFixtures.domain(.cpp))
        let names = ["cpp-qa-rambling", "cpp-qa-unclosed", "cpp-snapshot-disordered", "cpp-snapshot-good"]
        let bands = try names.map { try stage.assess(QualityFixtures.sample($0), cache: nil).band }
        #expect(bands == [.marginal, .marginal, .low, .high])
    }

    @Test func thresholdsComeFromTheSection() throws {
        let strict = try stage(.cpp, "high = 1.0\nmarginal = 0.99\n[quality.validity]\nenabled = false\n")
        let output = try strict.score([QualityFixtures.sample("cpp-qa-unclosed")], cache: nil)
        #expect(output.samples.isEmpty)
        #expect(output.rejections.count == 1)
    }

    @Test func unknownKeysAreRejected() throws {
        #expect(throws: ConfigError.self) { try stage(.cpp, "hihg = 0.9\n") }
        #expect(throws: ConfigError.self) { try stage(.cpp, "[quality.prose]\nmin_word = 3\n") }
        #expect(throws: ConfigError.self) { try stage(.cpp, "high = 0.4\nmarginal = 0.6\n") }
    }

    @Test func processReadsUpstreamParts() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("quality-stage-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("cmake/textbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(0)))
        for name in ["cmake-qa-good", "cmake-qa-parse-error"] { try writer.write(QualityFixtures.sample(name)) }
        try writer.close()

        let stage = try stage(.cmake)
        let context = StageContext(domain: QualityFixtures.domain(.cmake), outputRoot: root, cache: MemoryStageCache())
        let inputs = try stage.inputs(context)
        #expect(inputs.count == 1)
        let output = try stage.process(inputs[0], context)
        #expect(output.samples.count == 2)
        #expect(output.samples.map(\.band) == [.high, .marginal])
    }
}

@Suite struct QualityChunkTests {
    /// A part is scored a chunk at a time, so a task holds a chunk, not its part: the pieces
    /// are chunk-sized, and together they are what scoring the whole part at once gives.
    @Test func aLargePartIsScoredInChunksWithTheSameResult() throws {
        let folder = try TemporaryFolder()
        let part = folder.url.appendingPathComponent("cpp/textbooks/part-00000.jsonl.zst")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        let names = ["cpp-qa-good", "cpp-qa-broken-markers", "cpp-snapshot-good"]
        var samples = [Sample]()
        for index in 0..<(2 * QualityStage.chunkSize + 100) {
            var sample = QualityFixtures.sample(names[index % names.count])
            sample.source.locator = "\(index)"
            samples.append(sample)
        }
        let writer = try ZstdJSONLWriter(url: part)
        for sample in samples { try writer.write(sample) }
        try writer.close()

        let stage = try configuredStage(QualityStage.self, language: .cpp, section: "upstream = [\"textbooks\"]\n[quality.validity]\nenabled = false\n")
        let context = StageContext(domain: QualityFixtures.domain(.cpp), outputRoot: folder.url)
        var pieces = [StageOutput]()
        try stage.process(StageInput(id: "cpp/textbooks/part-00000.jsonl.zst", url: part), context) { pieces.append($0) }
        #expect(pieces.count == 3)
        #expect(pieces.allSatisfy { $0.samples.count + $0.rejections.count <= QualityStage.chunkSize })
        let whole = try stage.score(samples, cache: nil)
        #expect(pieces.flatMap(\.samples) == whole.samples)
        #expect(pieces.flatMap(\.rejections) == whole.rejections)
        #expect(pieces.flatMap(\.notes) == whole.notes)
        #expect(whole.samples.count + whole.rejections.count == samples.count)
        #expect(!whole.rejections.isEmpty && !whole.samples.isEmpty)
    }
}

extension QualityChunkTests {
    /// The catalog rows of a task's samples go to its details file chunk by chunk as they are
    /// written, not held until the task ends: the file has a line per chunk, and the record,
    /// the joined details and the catalog all count every sample.
    @Test func aTaskRecordsItsSamplesInChunks() throws {
        let folder = try TemporaryFolder()
        let out = folder.url.appendingPathComponent("out")
        let part = out.appendingPathComponent("cpp/textbooks/part-00000.jsonl.zst")
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        let count = 2 * QualityStage.chunkSize + 7
        let writer = try ZstdJSONLWriter(url: part)
        for index in 0..<count {
            var sample = QualityFixtures.sample("cpp-qa-good")
            sample.completion += "\n// variant \(index)"
            sample.id = Sample.digest(domain: sample.domain, kind: sample.kind, prompt: sample.prompt, completion: sample.completion)
            try writer.write(sample)
        }
        try writer.close()
        let stage = try configuredStage(QualityStage.self, language: .cpp, section: "upstream = [\"textbooks\"]\n[quality.validity]\nenabled = false\n")
        let catalog = try Catalog(outputRoot: out)
        let runner = StageRunner(outputRoot: out, catalog: catalog, progress: ProgressReporter(style: .quiet))
        let summary = try runner.run(stage, settings: StageSettings(digest: "t", parts: 1), domain: QualityFixtures.domain(.cpp))
        #expect(summary.samples == count)
        let records = TaskRecordStore(layout: OutputLayout(root: out), stage: "quality", domain: "cpp")
        var chunks = 0
        try records.forEachDetails(step: "parts", task: 0) { _ in chunks += 1 }
        #expect(chunks == 1 + 3, "the task's own line, then one per scored chunk")
        #expect(records.record(step: "parts", task: 0)?.record.samples == count)
        #expect(try records.details(step: "parts", task: 0).samples.count == count)
        let rows = try catalog.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM samples WHERE stage = 'quality'") }
        #expect(rows == count)
    }
}

import Foundation
import Testing
@testable import CurateKit

/// QA samples written for these tests, in `Fixtures/rewrite/samples.txt`, each with the band
/// its header names (`rewrite` entries are model answers and carry no band).
enum RewriteFixtures {
    static let samples: [String: Sample] = {
        var samples = [String: Sample]()
        for entry in FixtureSampleFile.entries("rewrite/samples.txt", skippingCommentLines: true) {
            var completion = entry.completion
            while completion.last?.isEmpty == true { completion.removeLast() }
            let name = String(entry.header[1])
            samples[name] = Sample(domain: "cpp", kind: .qa, prompt: entry.prompt.joined(separator: "\n"),
                                   completion: completion.joined(separator: "\n"),
                                   source: SampleSource(uri: "samples.txt", locator: name),
                                   band: Sample.Band(rawValue: String(entry.header[2])))
        }
        return samples
    }()

    static func sample(_ name: String) -> Sample { samples[name]! }

    /// A sample as a model answers it: prompt, newline, completion.
    static func answer(_ name: String) -> String { sample(name).trainingText }

    /// The repository's prompt templates.
    static var prompts: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("pipelines/prompts")
    }

    static let domain = DomainSettings(name: "cpp", language: .cpp, root: URL(fileURLWithPath: NSTemporaryDirectory()))

    static func stage(_ section: String = "") throws -> RewriteStage {
        try configuredStage(RewriteStage.self, language: .cpp, section: "prompts = \"\(prompts.path)\"\n" + section)
    }
}

@Suite struct RewritePromptTests {
    @Test func placeholdersAreFilledOnceFromLeftToRight() {
        let filled = PromptTemplate.fill("a {{x}} b {{y}} {{unknown}} {{", ["x": "{{y}}", "y": "Y"])
        #expect(filled == "a {{y}} b Y {{unknown}} {{")
    }

    @Test func templateHasSystemAndUserSections() throws {
        let template = try PromptTemplate.parse("\n[system]\nBe brief.\n[user]\nFix {{comment}} code:\n{{prompt}}\n", name: "t.v1", file: "t")
        let sample = RewriteFixtures.sample("swap-marginal")
        let messages = template.messages(for: sample, reasons: ["validity.cxx_error: answer: expected ';'"], language: .cpp)
        #expect(messages.map(\.role) == ["system", "user"])
        #expect(messages[0].content == "Be brief.")
        #expect(messages[1].content == "Fix // code:\n" + sample.prompt)
        #expect(throws: InputRejected.self) { try PromptTemplate.parse("Hello\n[user]\nx", name: "t", file: "t") }
        #expect(throws: InputRejected.self) { try PromptTemplate.parse("[system]\nx", name: "t", file: "t") }
    }

    @Test func shippedTemplatesHandTheModelTheSampleAndItsReasons() throws {
        for kind in Sample.Kind.allCases {
            let template = try PromptTemplate.load(kind: kind, version: "v1", folder: RewriteFixtures.prompts)
            #expect(template.name == "\(kind.rawValue)-rewrite.v1")
            let sample = Sample(domain: "cmake", kind: kind, prompt: "PROMPT-TEXT", completion: "COMPLETION-TEXT",
                                source: SampleSource(uri: "u", locator: "l"))
            let user = template.messages(for: sample, reasons: ["REASON-ONE"], language: .cmake).last!.content
            #expect(user.contains("PROMPT-TEXT\nCOMPLETION-TEXT"))
            #expect(user.contains("- REASON-ONE"))
            #expect(!user.contains("{{"))
        }
    }

    @Test func requestKeyFollowsSampleTemplateModelAndParameters() throws {
        let stage = try RewriteFixtures.stage()
        let sample = RewriteFixtures.sample("swap-marginal")
        let base = try stage.plan(sample, cache: nil).key
        #expect(try stage.plan(sample, cache: nil).key == base)
        #expect(try RewriteFixtures.stage("model = \"other\"").plan(sample, cache: nil).key != base)
        #expect(try RewriteFixtures.stage("temperature = 0.7").plan(sample, cache: nil).key != base)
        #expect(try RewriteFixtures.stage("seed = 7").plan(sample, cache: nil).key != base)
        #expect(try stage.plan(RewriteFixtures.sample("sum-marginal"), cache: nil).key != base)
        // Settings that do not change what is asked do not change the key.
        #expect(try RewriteFixtures.stage("concurrency = 9\nretries = 1").plan(sample, cache: nil).key == base)
    }
}

@Suite struct RewriteSettingsTests {
    @Test func defaultsAndValues() throws {
        let stage = try RewriteFixtures.stage("""
            endpoint = "http://127.0.0.1:8080/v1"
            model = "coder"
            temperature = 0
            max_tokens = 64
            concurrency = 8
            [rewrite.quality]
            high = 0.9
            """)
        #expect(stage.settings.endpoint?.absoluteString == "http://127.0.0.1:8080/v1")
        #expect(stage.settings.parameters.maxTokens == 64)
        #expect(stage.settings.concurrency == 8)
        #expect(stage.settings.quality.high == 0.9)
        #expect(stage.settings.upstream == "dedup")
        #expect(try RewriteFixtures.stage().settings.endpoint == nil)
    }

    @Test func rewritesAreJudgedByThePipelinesQualitySection() throws {
        let text = """
            domain = "cpp"
            [quality]
            high = 0.9
            [rewrite]
            prompts = "\(RewriteFixtures.prompts.path)"
            """
        let config = try PipelineConfig.parse(text, file: "cpp.toml", root: URL(fileURLWithPath: NSTemporaryDirectory()))
        let stage = try #require(config.stages.first { $0.name == "rewrite" }?.stage as? RewriteStage)
        #expect(stage.settings.quality.high == 0.9)
        #expect(try RewriteFixtures.stage().settings.quality.high == QualitySettings().high)
    }

    @Test func mistakesNameTheKey() throws {
        func message(_ section: String) -> String {
            do {
                _ = try RewriteFixtures.stage(section)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(message("endpont = \"http://x\"").contains("unknown key 'rewrite.endpont'"))
        #expect(message("endpoint = \"localhost:8080\"").contains("'rewrite.endpoint'"))
        #expect(message("top_p = 0").contains("'rewrite.top_p'"))
        #expect(message("concurrency = 0").contains("'rewrite.concurrency' must lie in 1...1024"))
        #expect(message("prompt_version = \"v9\"").contains("qa-rewrite.v9.txt"))
        #expect(message("[rewrite.quality]\nhigh = 0.2\nmarginal = 0.5").contains("rewrite.quality"))
    }
}

@Suite struct RewriteCheckTests {
    struct FixedValidator: RewriteValidator {
        var band: Sample.Band
        func assess(_ sample: Sample, cache: (any StageCache)?) throws -> RewriteAssessment {
            RewriteAssessment(scores: ["quality": band == .high ? 0.9 : 0.6], band: band, reasons: band == .high ? [] : ["prose.short: x"])
        }
    }

    func check(_ band: Sample.Band = .high) -> RewriteCheck {
        RewriteCheck(language: .cpp, lengthRatio: 0.5...3.0, topicOverlap: 0.5, validator: FixedValidator(band: band))
    }

    func judge(_ content: String, finish: String? = "stop", band: Sample.Band = .high) throws -> [String] {
        let answer = ChatAnswer(content: content, finishReason: finish, completionTokens: nil)
        switch try check(band).judge(answer, original: RewriteFixtures.sample("swap-marginal"), cache: nil) {
        case let .kept(sample, _):
            #expect(sample.trainingText == RewriteCheck.unfenced(content))
            return []
        case let .refused(reasons): return reasons.map { reason in String(reason.prefix { $0 != ":" }) }
        }
    }

    @Test func keepsAGoodRewriteEvenInAFence() throws {
        #expect(try judge(RewriteFixtures.answer("swap-rewrite")) == [])
        #expect(try judge("```cpp\n" + RewriteFixtures.answer("swap-rewrite") + "\n```") == [])
    }

    @Test func refusesWithEveryReason() throws {
        #expect(try judge(RewriteFixtures.answer("swap-rewrite"), finish: "length") == ["rewrite.truncated"])
        #expect(try judge("  \n") == ["rewrite.empty"])
        #expect(try judge("Here is the improved sample: it now compiles.") == ["rewrite.shape"])
        #expect(try judge(RewriteFixtures.answer("clamp-off-topic")) == ["rewrite.topic"])
        #expect(try judge(RewriteFixtures.answer("swap-marginal")) == ["rewrite.unchanged"])
        #expect(try judge(RewriteFixtures.answer("swap-rewrite"), band: .marginal) == ["rewrite.quality"])
        let padded = RewriteFixtures.answer("swap-rewrite") + String(repeating: "\n// padding line", count: 60)
        #expect(try judge(padded) == ["rewrite.length"])
    }

    @Test func topicOverlapCountsTheOriginalQuestionsWords() {
        #expect(RewriteCheck.topicOverlap(original: "// QUESTION: How does std::swap work?", rewrite: "// QUESTION: Explain how std::swap works") == 2.0 / 3)
        #expect(RewriteCheck.topicOverlap(original: "// QUESTION: Why?", rewrite: "anything") == 1)
        #expect(RewriteCheck.words("std::vector<int> push_back") == ["std", "vector", "int", "push_back"])
    }

    @Test func splitsAtTheKindsCompletionMarker() {
        let shell = RewriteCheck(language: .shell, lengthRatio: 0.5...3.0, topicOverlap: 0.5, validator: FixedValidator(band: .high))
        let split = shell.split("# QUESTION: Why quote?\n: <<'ANSWER'\nWords.\nANSWER\necho \"$x\"", kind: .qa)
        #expect(split?.0 == "# QUESTION: Why quote?")
        #expect(split?.1 == ": <<'ANSWER'\nWords.\nANSWER\necho \"$x\"")
        #expect(shell.split("# QUESTION: only a question", kind: .qa) == nil)
        #expect(check().split("// ====== DEBUGGER SNAPSHOT ======\nx", kind: .snapshot)?.1 == "")
    }

    /// The quality stage's real scorers (g++ included) back the validator.
    @Test func qualityValidatorBandsTheFixtures() throws {
        let validator = QualityRewriteValidator(settings: QualitySettings(), domain: RewriteFixtures.domain)
        for name in ["kept-high", "swap-rewrite", "sum-rewrite", "max-rewrite", "clamp-off-topic"] {
            #expect(try validator.assess(RewriteFixtures.sample(name), cache: nil).band == .high, "\(name)")
        }
        for name in ["swap-marginal", "clamp-marginal", "sum-marginal", "max-marginal"] {
            let assessment = try validator.assess(RewriteFixtures.sample(name), cache: nil)
            #expect(assessment.band != .high, "\(name) \(assessment)")
            #expect(assessment.reasons.contains { $0.hasPrefix("validity.") }, "\(name)")
        }
    }
}

@Suite struct RewriteClientTests {
    @Test func backoffDoublesWithJitterAndHonoursRetryAfter() {
        let client = ChatClient(endpoint: URL(string: "http://127.0.0.1:1/v1")!, apiKey: nil, timeout: 1, retries: 3, backoff: 0.5)
        #expect(client.url.absoluteString == "http://127.0.0.1:1/v1/chat/completions")
        for attempt in 1...4 {
            let delay = client.delay(before: attempt, hint: nil)
            let base = 0.5 * pow(2, Double(attempt - 1))
            #expect(delay >= base * 0.5 && delay <= base * 1.5)
        }
        #expect(client.delay(before: 1, hint: 7) == 7)
    }

    @Test func responseBodiesAreReadOrRefused() throws {
        let body = #"{"choices":[{"message":{"role":"assistant","content":"hi"},"finish_reason":"length"}],"usage":{"completion_tokens":3}}"#
        let answer = try ChatAnswer(responseBody: Data(body.utf8))
        #expect(answer == ChatAnswer(content: "hi", finishReason: "length", completionTokens: 3))
        #expect(throws: ChatFailure.self) { try ChatAnswer(responseBody: Data("{\"choices\": [".utf8)) }
        #expect(throws: ChatFailure.self) { try ChatAnswer(responseBody: Data("{\"choices\": []}".utf8)) }
    }

    @Test func batchResultLinesAreParsed() throws {
        let line = #"{"id":"b1","custom_id":"k1","response":{"status_code":200,"body":{"choices":[{"message":{"content":"x"},"finish_reason":"stop"}]}},"error":null}"#
        let (key, answer) = try RewriteStage.parseResult(Data(line.utf8))
        #expect(key == "k1")
        #expect(answer.content == "x")
        let failed = #"{"custom_id":"k2","response":null,"error":{"message":"out of memory"}}"#
        #expect(throws: InputRejected.self) { try RewriteStage.parseResult(Data(failed.utf8)) }
        let status = #"{"custom_id":"k3","response":{"status_code":500,"body":{}}}"#
        #expect(throws: InputRejected.self) { try RewriteStage.parseResult(Data(status.utf8)) }
    }
}

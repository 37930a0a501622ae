import Foundation
import Testing
@testable import CurateKit

@Suite struct OrchestrationStageTests {
    static let root = TextbooksSupport.repositoryRoot

    static func sample(_ domain: String, _ kind: Sample.Kind, _ prompt: String, _ completion: String = "") -> Sample {
        Sample(domain: domain, kind: kind, prompt: prompt, completion: completion, source: SampleSource(uri: "test", locator: "1"))
    }

    static func write(_ sample: Sample, to url: URL) throws {
        let writer = try ZstdJSONLWriter(url: url)
        try writer.write(sample)
        try writer.close()
    }

    @Test func requestsLoseTheirFormatMarkers() throws {
        let question = Self.sample("cmake", .qa, "# QUESTION: How do I link a target\n# against zlib?")
        #expect(RouteRequest.text(of: question, language: .cmake) == "How do I link a target against zlib?")
        let snapshot = Self.sample("debug", .snapshot, """
            // ====== DEBUGGER SNAPSHOT ======
            struct ThreadState {
                func = "f";
            };
            // ====== TASK ======
            // Fix the crash.
            // ====== SOURCE ======
            int f(int* p) {
                return *p; // <-- BOOM
            }
            """)
        let request = try #require(RouteRequest.text(of: snapshot, language: .cpp))
        #expect(!request.contains("======"))
        #expect(!request.contains("BOOM"))
        #expect(request.contains("return *p;"))
        let task = Self.sample("cpp", .agentQuery, "// TASK: Explain what 'f' does\n// with 'w'.\nint f(W& w) {\n    return w.n;\n}")
        #expect(RouteRequest.text(of: task, language: .cpp) == "Explain what 'f' does with 'w'.\nint f(W& w) {\n    return w.n;\n}")
        let followUp = Self.sample("cpp", .agentQuery, task.prompt + "\n" + QueryExchange.resultOpen + "\"definition\", \"W\")")
        #expect(RouteRequest.text(of: followUp, language: .cpp) == nil)
        let review = Self.sample("review", .review, """
            // ====== REVIEW ======
            // Review this code of ringq: say what is wrong and give the fix
            // as a unified diff.
            // ====== CODE ======
            // file: ringq.cc
            // lines 3-5, in int pop()
            {
                return slots_[++head_];
            }
            """)
        #expect(RouteRequest.text(of: review, language: .cpp) == """
            Review this code of ringq: say what is wrong and give the fix as a unified diff.
            // file: ringq.cc
            // lines 3-5, in int pop()
            {
                return slots_[++head_];
            }
            """)
    }

    /// The whole order through `Pipeline.run`: cpp's agentquery, quality and dedup first, then
    /// orchestration reads cpp's curated samples, then its own quality and dedup.
    @Test func orchestrationRunsAfterTheDomainsItReads() throws {
        let folder = try TemporaryFolder()
        let cpp = try PipelineConfig.parse("""
            domain = "cpp"
            language = "cpp"
            [agentquery]
            sources = ["corpora/sources/tally"]
            [quality]
            upstream = ["agentquery"]
            [quality.size]
            prompt_max = 12000
            [dedup]
            upstream = "quality"
            """, file: "cpp.toml", root: Self.root)
        let orchestration = try PipelineConfig.parse("""
            domain = "orchestration"
            language = "cpp"
            [orchestration]
            domains = ["cpp"]
            pair_per_mille = 0
            [quality]
            upstream = ["orchestration"]
            [quality.size]
            completion_min = 8
            prompt_max = 12000
            [dedup]
            upstream = "quality"
            """, file: "orchestration.toml", root: Self.root)
        // The orchestration domain is listed first: the order must not depend on the list's.
        let runner = StageRunner(outputRoot: folder.url, catalog: nil, progress: ProgressReporter(style: .quiet))
        let summaries = try Pipeline(configs: [orchestration, cpp], runner: runner).run(options: RunOptions(threads: 2))
        let order = summaries.map { "\($0.domain)/\($0.stage)" }
        let readIndex = try #require(order.firstIndex(of: "orchestration/orchestration"))
        #expect(try #require(order.firstIndex(of: "cpp/dedup")) < readIndex)
        #expect(try #require(order.firstIndex(of: "orchestration/quality")) > readIndex)

        let curated = try samplesForTests(in: folder.url.appendingPathComponent("cpp/dedup"))
        let queries = curated.filter { $0.kind == .agentQuery && !$0.prompt.contains(QueryExchange.resultOpen) }
        let answered = queries.filter { query in curated.contains { $0.prompt.hasPrefix(query.prompt + "\n" + query.completion + "\n") } }
        let made = try samplesForTests(in: folder.url.appendingPathComponent("orchestration/orchestration"))
        #expect(made.filter { $0.kind == .relay }.count == answered.count)
        // A relayed request is not a route alone too: one prompt, one completion.
        let relayPrompts = Set(made.filter { $0.kind == .relay }.map(\.prompt))
        #expect(!relayPrompts.isEmpty)
        #expect(!made.contains { $0.kind == .route && relayPrompts.contains($0.prompt) })
        let samples = try samplesForTests(in: folder.url.appendingPathComponent("orchestration/dedup"))
        let routes = samples.filter { $0.kind == .route }
        let relays = samples.filter { $0.kind == .relay }
        #expect(!routes.isEmpty)
        #expect(routes.allSatisfy { $0.completion == "ROUTE(\"cpp\")" && $0.prompt.hasPrefix(RouteRequest.marker + "\n") })
        #expect(routes.allSatisfy { !$0.prompt.contains("TASK:") })
        #expect(!relays.isEmpty)
        for relay in relays {
            #expect(relay.completion.hasPrefix("ROUTE(\"cpp\")\n// ====== cpp ======\n/* REASONING:"))
            #expect(relay.completion.contains(QueryExchange.resultClose + "\n// ====== cpp ======\n/* ANSWER:"))
            #expect(relay.band == .high)
        }
    }

    /// Each domain's input carries its partner's folder, so a change there redoes it.
    @Test func inputsDependOnThePartnerDomain() throws {
        let folder = try TemporaryFolder()
        let layout = OutputLayout(root: folder.url)
        for domain in ["cmake", "shell"] {
            let part = layout.stage("dedup", domain: domain).appendingPathComponent("part-00000.jsonl.zst")
            try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Self.write(Self.sample(domain, .qa, "# QUESTION: What is it?", "#[[ ANSWER: It. ]]\nx"), to: part)
        }
        let config = try PipelineConfig.parse("domain = \"orchestration\"\n[orchestration]\ndomains = [\"cmake\", \"shell\", \"cpp\"]",
                                              file: "orchestration.toml", root: Self.root)
        let stage = try #require(config.stages.first?.stage as? OrchestrationStage)
        let inputs = try stage.inputs(StageContext(domain: config.domain, outputRoot: folder.url))
        #expect(inputs.map(\.id) == ["cmake/dedup", "shell/dedup"])
        #expect(inputs.map { $0.dependencies.map(\.lastPathComponent) } == [["dedup"], ["dedup"]])
        #expect(inputs[0].dependencies.first?.deletingLastPathComponent().lastPathComponent == "shell")
        let before = try InputDigest.of(inputs[0])
        let shellPart = layout.stage("dedup", domain: "shell").appendingPathComponent("part-00000.jsonl.zst")
        try Self.write(Self.sample("shell", .qa, "# QUESTION: What else?", "#[[ ANSWER: That. ]]\nx"), to: shellPart)
        #expect(try InputDigest.of(inputs[0]) != before)
    }
}

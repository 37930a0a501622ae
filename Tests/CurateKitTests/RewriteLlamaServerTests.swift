import Foundation
import Testing
@testable import CurateKit

/// The rewrite stage against a real llama.cpp server (`llama-cpp-python[server]`, see
/// `make test-deps`) serving a tiny random-weight model written by
/// `Tests/python/make_tiny_gguf.py`. Its answers are noise: the tests show the round trip
/// (requests, concurrency, cache, refusals with the answer kept) and measure requests per second.
@Suite(.serialized) struct RewriteLlamaServerTests {
    let run: RewriteRun
    let server: LoopbackServer

    static var python: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("python")
    }

    init() throws {
        let run = RewriteRun()
        self.run = run
        let model = run.project.url.appendingPathComponent("tiny.gguf")
        let maker = Process()
        maker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        maker.arguments = ["python3", Self.python.appendingPathComponent("make_tiny_gguf.py").path, model.path]
        try maker.run()
        maker.waitUntilExit()
        try #require(maker.terminationStatus == 0, "make_tiny_gguf.py failed (pip install gguf)")
        server = try LoopbackServer(["python3", Self.python.appendingPathComponent("llama_server.py").path, model.path],
                                    startupSeconds: 120)
    }

    /// Marginal samples that differ only in a comment line, so that each asks its own request.
    static func marginalSamples(_ count: Int) -> [Sample] {
        let base = RewriteFixtures.sample("swap-marginal")
        return (0..<count).map { index in
            Sample(domain: "cpp", kind: .qa, prompt: base.prompt + "\n// (variant \(index))", completion: base.completion,
                   source: SampleSource(uri: "generated", locator: "variant \(index)"), band: .marginal)
        }
    }

    @Test func roundTripThroughARealServer() throws {
        let samples = [RewriteFixtures.sample("kept-high")] + Self.marginalSamples(6)
        try run.writeUpstream(samples, out: "out")
        let section = run.section(server.endpoint, concurrency: 4, timeout: 60, extra: "max_tokens = 48\ntemperature = 0.8\n")
        let summary = try run.run(section, out: "out")
        // Noise never passes validation: every marginal sample is refused with reasons and its
        // answer kept; none is pending, the high one passes through.
        #expect(summary.samples == 1)
        #expect(summary.rejected == 6)
        #expect(try run.findings(out: "out", kind: "pending").isEmpty)
        #expect(try run.cachedAnswers(out: "out") == 6)
        for sample in samples.dropFirst() {
            #expect(try run.notes(out: "out", sample: sample.id, key: "rewrite.answer").count == 1)
            #expect(try run.notes(out: "out", sample: sample.id, key: "rewrite.request").count == 1)
        }
        #expect(try run.findings(out: "out", kind: "rejected").allSatisfy { $0.1.hasPrefix("rewrite refused: rewrite.") })
        let before = try run.partBytes(out: "out")

        // With the server gone and other settings (so the part is redone), every answer comes
        // from the cache: a 100% hit rate, nothing pending, the same output.
        server.stop()
        let again = try run.run(run.section(server.endpoint, concurrency: 8, timeout: 60, extra: "max_tokens = 48\ntemperature = 0.8\n"),
                                out: "out")
        #expect(again.reusedTasks == 0)
        #expect(try run.findings(out: "out", kind: "pending").isEmpty)
        #expect(try run.partBytes(out: "out") == before)
    }

    /// Requests per second at 1, 4 and 8 in flight (printed; the report quotes them).
    @Test func throughputAtSeveralConcurrencies() async throws {
        let count = 16
        var rates = [String]()
        let validityCache = MemoryStageCache()
        // A first batch warms the server (model load, first allocation) and is not counted.
        for (seed, concurrency) in [(100, 4)] + [1, 4, 8].enumerated().map({ ($0.offset, $0.element) }) {
            let stage = try RewriteFixtures.stage("model = \"tiny\"\nmax_tokens = 32\nseed = \(seed)\n")
            let requests = try Self.marginalSamples(count).map { sample -> (key: String, request: ChatRequest) in
                let plan = try stage.plan(sample, cache: validityCache)
                return (plan.key, plan.request)
            }
            let client = ChatClient(endpoint: server.endpoint, apiKey: nil, timeout: 60, retries: 2, backoff: 0.1)
            let pool = RequestPool(client: client, concurrency: concurrency, server: ServerState())
            let progress = RewriteProgress(reporter: nil, label: "llama", total: count)
            let clock = Date()
            let results = await pool.run(requests, progress: progress, store: { _, _ in }, unreachable: { _ in })
            let seconds = Date().timeIntervalSince(clock)
            #expect(results.count == count)
            #expect(results.values.allSatisfy { if case .success = $0 { return true } else { return false } })
            #expect(progress.done == count)
            // Every answer was generated: the server reported at least one token for each.
            #expect(progress.tokens >= count, "\(progress.tokens) tokens")
            if seed == 100 { continue }
            rates.append("concurrency \(concurrency): \(count) requests in \(String(format: "%.2f", seconds)) s = "
                         + String(format: "%.2f", Double(count) / seconds) + " requests/s, "
                         + String(format: "%.0f", Double(progress.tokens) / seconds) + " tokens/s")
        }
        print("llama.cpp server, tiny model:\n  " + rates.joined(separator: "\n  "))
    }
}

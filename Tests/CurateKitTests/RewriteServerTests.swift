import Foundation
import GRDB
import Testing
@testable import CurateKit

/// A child process serving HTTP on a loopback port that it prints as `PORT <n>` on its first
/// line; stopped (by its process id) when released.
final class LoopbackServer: @unchecked Sendable {
    let process = Process()
    let port: Int

    init(_ arguments: [String], startupSeconds: Double = 30, environment: [String: String]? = nil) throws {
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        process.standardOutput = output
        if let environment { process.environment = environment }
        try process.run()
        var text = ""
        let deadline = Date().addingTimeInterval(startupSeconds)
        while !text.contains("\n"), Date() < deadline, process.isRunning {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { Thread.sleep(forTimeInterval: 0.05) } else { text += String(decoding: chunk, as: UTF8.self) }
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("PORT ") }), let port = Int(line.dropFirst(5)) else {
            process.terminate()
            throw InputRejected("server \(arguments) did not report its port: \(text)")
        }
        self.port = port
    }

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }

    /// Asks the server to stop (SIGTERM), and kills it if it has not within five seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// The fault injector (`Tests/python/fault_server.py`) with a script and a request log.
final class FaultServer: @unchecked Sendable {
    let folder = TemporaryFolder()
    let server: LoopbackServer

    static var scriptPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("python/fault_server.py").path
    }

    init(faults: [String] = [], answers: [String: String] = RewriteRun.answers, delay: Double = 3, think: Double = 0) throws {
        let script: [String: Any] = [
            "faults": faults, "delay_seconds": delay, "think_seconds": think,
            "answers": answers.keys.sorted().map { ["match": $0, "content": answers[$0]!] },
            "default": "Sure! The sample is better now.",
        ]
        let scriptURL = folder.url.appendingPathComponent("script.json")
        try JSONSerialization.data(withJSONObject: script).write(to: scriptURL)
        server = try LoopbackServer(["python3", Self.scriptPath, scriptURL.path, folder.url.appendingPathComponent("log.jsonl").path])
    }

    var endpoint: URL { server.endpoint }

    /// Every request received so far, in arrival order.
    var log: [[String: Any]] {
        let text = (try? String(contentsOf: folder.url.appendingPathComponent("log.jsonl"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map { try! JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
    }

    func stop() { server.stop() }
}

/// One project folder with an upstream `dedup` part of the cpp domain, and runs of the rewrite
/// stage on it through the real `StageRunner` and catalog.
final class RewriteRun: @unchecked Sendable {
    let project = TemporaryFolder()
    var domain: DomainSettings { DomainSettings(name: "cpp", language: .cpp, root: project.url) }

    /// What the fault injector answers, by a phrase of the question it is asked about.
    static let answers = [
        "std::swap exchange": RewriteFixtures.answer("swap-rewrite"),
        "std::clamp from": RewriteFixtures.answer("clamp-off-topic"),
        "std::accumulate add": RewriteFixtures.answer("sum-rewrite"),
        "std::max_element find": RewriteFixtures.answer("max-rewrite"),
    ]
    static let upstream = ["kept-high", "swap-marginal", "clamp-marginal", "sum-marginal", "max-marginal"].map(RewriteFixtures.sample)

    func writeUpstream(_ samples: [Sample] = RewriteRun.upstream, out: String) throws {
        let folder = project.url.appendingPathComponent("\(out)/cpp/dedup")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(0)))
        for sample in samples { try writer.write(sample) }
        try writer.close()
    }

    func section(_ endpoint: URL?, concurrency: Int = 2, timeout: Int = 1, retries: Int = 6, extra: String = "") -> String {
        var text = """
            prompts = "\(RewriteFixtures.prompts.path)"
            model = "test-model"
            concurrency = \(concurrency)
            timeout = \(timeout)
            retries = \(retries)
            backoff = 0.01

            """
        if let endpoint { text += "endpoint = \"\(endpoint.absoluteString)\"\n" }
        return text + extra
    }

    func stage(_ section: String) throws -> (RewriteStage, StageSettings) {
        let text = "domain = \"cpp\"\nlanguage = \"cpp\"\n[runner]\nparts = 1\n[rewrite]\n" + section
        let config = try PipelineConfig.parse(text, file: "cpp.toml", root: project.url)
        let configured = config.stages.first { $0.name == "rewrite" }!
        return (configured.stage as! RewriteStage, configured.settings)
    }

    @discardableResult
    func run(_ section: String, out: String) throws -> StageSummary {
        let (stage, settings) = try stage(section)
        let outURL = project.url.appendingPathComponent(out)
        let runner = StageRunner(outputRoot: outURL, catalog: try Catalog(outputRoot: outURL), progress: ProgressReporter(style: .quiet))
        return try runner.run(stage, settings: settings, domain: domain, options: RunOptions(threads: 1))
    }

    func partURL(out: String) -> URL { project.url.appendingPathComponent("\(out)/cpp/rewrite/\(PartFiles.name(0))") }
    func partBytes(out: String) throws -> Data { try Data(contentsOf: partURL(out: out)) }
    func output(out: String) throws -> [Sample] { try ZstdJSONLReader(url: partURL(out: out)).readAll(Sample.self) }

    func catalog(out: String) throws -> Catalog { try Catalog(outputRoot: project.url.appendingPathComponent(out)) }

    /// Findings of the rewrite stage of one kind, as (sample id, reason).
    func findings(out: String, kind: String) throws -> [(String, String)] {
        try catalog(out: out).pool.read { db in
            try Row.fetchAll(db, sql: "SELECT locator, reason FROM findings WHERE stage = 'rewrite' AND kind = ? ORDER BY locator",
                             arguments: [kind]).map { ($0["locator"], $0["reason"]) }
        }
    }

    func notes(out: String, sample: String, key: String) throws -> [String] {
        try catalog(out: out).pool.read { db in
            try String.fetchAll(db, sql: "SELECT value FROM sample_notes WHERE stage = 'rewrite' AND sample_id = ? AND key = ?",
                                arguments: [sample, key])
        }
    }

    func cachedAnswers(out: String) throws -> Int {
        try catalog(out: out).pool.read { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM cache WHERE namespace = ?", arguments: [RewriteStage.cacheNamespace])!
        }
    }

    func partKey(out: String) throws -> String {
        try catalog(out: out).pool.read { db in try String.fetchOne(db, sql: "SELECT key FROM tasks WHERE stage = 'rewrite'")! }
    }
}

@Suite(.serialized) struct RewriteServerTests {
    let run = RewriteRun()

    @Test func keepsRewritesThatPassAndRecordsTheRest() throws {
        var answers = RewriteRun.answers
        answers["std::max_element find"] = nil
        let server = try FaultServer(answers: answers)
        try run.writeUpstream(out: "out")
        let summary = try run.run(run.section(server.endpoint), out: "out")

        let output = try run.output(out: "out")
        let swap = RewriteFixtures.sample("swap-rewrite"), sum = RewriteFixtures.sample("sum-rewrite")
        #expect(output.map(\.id) == [RewriteFixtures.sample("kept-high").id, swap.id, sum.id])
        #expect(output[0] == RewriteFixtures.sample("kept-high"))
        for sample in output.dropFirst() {
            #expect(sample.band == .high)
            #expect((sample.scores["quality"] ?? 0) >= 0.8)
            let step = try #require(sample.lineage.last)
            #expect(step.stage == "rewrite")
            #expect(step.detail?["model"] == "test-model")
            #expect(step.detail?["prompt"] == "qa-rewrite.v1")
            #expect(step.detail?["temperature"] == "0.2")
            #expect(step.detail?["max_tokens"] == "1024")
        }
        #expect(output[1].lineage.last?.detail?["original"] == RewriteFixtures.sample("swap-marginal").id)
        #expect(summary.samples == 3)
        #expect(summary.rejected == 2)

        let rejected = try run.findings(out: "out", kind: "rejected")
        let clamp = RewriteFixtures.sample("clamp-marginal").id, max = RewriteFixtures.sample("max-marginal").id
        #expect(Set(rejected.map(\.0)) == [clamp, max])
        #expect(rejected.first { $0.0 == clamp }!.1.contains("rewrite.topic"))
        #expect(rejected.first { $0.0 == max }!.1.contains("rewrite.shape"))
        #expect(try run.notes(out: "out", sample: max, key: "rewrite.answer") == ["Sure! The sample is better now."])
        #expect(try run.notes(out: "out", sample: clamp, key: "rewrite.answer") == [RewriteFixtures.answer("clamp-off-topic")])
        #expect(try run.findings(out: "out", kind: "pending").isEmpty)
        #expect(server.log.count == 4)
        #expect(try run.cachedAnswers(out: "out") == 4)

        // Other settings redo the part, but every answer comes from the cache: no request.
        let again = try run.run(run.section(server.endpoint, concurrency: 3), out: "out")
        #expect(again.reusedTasks == 0)
        #expect(server.log.count == 4)
        #expect(try run.output(out: "out") == output)
        // Unchanged settings reuse the finished part.
        #expect(try run.run(run.section(server.endpoint, concurrency: 3), out: "out").reusedTasks == 1)
    }

    @Test func requestsInFlightStayWithinTheLimit() throws {
        let server = try FaultServer(think: 0.4)
        try run.writeUpstream(out: "out")
        try run.run(run.section(server.endpoint, concurrency: 3), out: "out")
        let inFlight = server.log.map { $0["in_flight"] as! Int }
        #expect(server.log.count == 4)
        #expect(inFlight.max()! <= 3)
        #expect(inFlight.max()! >= 2)
    }

    @Test func faultsAreRetriedAndTheOutputIsTheSameAsWithout() throws {
        let clean = try FaultServer()
        try run.writeUpstream(out: "clean")
        try run.run(run.section(clean.endpoint), out: "clean")

        let faulty = try FaultServer(faults: ["delay", "429", "500", "drop", "malformed", "503"], delay: 2.5)
        try run.writeUpstream(out: "faulty")
        let summary = try run.run(run.section(faulty.endpoint), out: "faulty")
        #expect(try run.partBytes(out: "faulty") == run.partBytes(out: "clean"))
        #expect(try run.findings(out: "faulty", kind: "pending").isEmpty)
        #expect(summary.samples == 4)
        #expect(faulty.log.count == 10)
        #expect(Set(faulty.log.map { $0["fault"] as! String }) == ["delay", "429", "500", "drop", "malformed", "503", "ok"])
    }

    @Test func serverKilledMidRunLeavesTheRestPendingUntilTheRerun() throws {
        let clean = try FaultServer()
        try run.writeUpstream(out: "clean")
        try run.run(run.section(clean.endpoint), out: "clean")

        let dying = try FaultServer(faults: ["ok", "ok", "die"], think: 0.2)
        try run.writeUpstream(out: "out")
        let first = try run.run(run.section(dying.endpoint, retries: 2), out: "out")
        let answered = try run.cachedAnswers(out: "out")
        let pending = try run.findings(out: "out", kind: "pending")
        #expect(answered >= 1 && answered < 4)
        #expect(pending.count == 4 - answered)
        #expect(pending.allSatisfy { $0.1.hasPrefix("rewrite pending") })
        #expect(first.samples + first.rejected + pending.count == 5)
        #expect(try run.partKey(out: "out").hasPrefix("pending "))

        // The server is back (elsewhere): the rerun asks only for what was not answered.
        let back = try FaultServer()
        let second = try run.run(run.section(back.endpoint), out: "out")
        #expect(second.reusedTasks == 0)
        #expect(back.log.count == 4 - answered)
        #expect(try run.findings(out: "out", kind: "pending").isEmpty)
        #expect(try run.partBytes(out: "out") == run.partBytes(out: "clean"))
    }

    @Test func unreachableServerLeavesMarginalSamplesPending() throws {
        let gone = try FaultServer()
        let endpoint = gone.endpoint
        gone.stop()
        try run.writeUpstream(out: "out")
        for section in [run.section(endpoint, retries: 1), run.section(nil)] {
            let summary = try run.run(section, out: "out")
            #expect(summary.reusedTasks == 0)
            #expect(summary.samples == 1)
            #expect(summary.rejected == 0)
            #expect(try run.output(out: "out") == [RewriteFixtures.sample("kept-high")])
            #expect(try run.findings(out: "out", kind: "pending").count == 4)
            // The summary printed after every run (also with --quiet) shows what is pending.
            let rows = StageSummary.table([summary]).split(separator: "\n").map { $0.split(separator: " ") }
            #expect(rows.first?.firstIndex(of: "pending").map { rows.last?[$0] } == "4", "\(rows)")
        }
        #expect(try run.findings(out: "out", kind: "pending").allSatisfy { $0.1 == "rewrite pending (no model server configured)" })
    }

    @Test func truncatedAndEmptyAnswersAreRecordedNotRetried() throws {
        let server = try FaultServer(faults: ["truncated", "empty"])
        try run.writeUpstream([RewriteFixtures.sample("swap-marginal"), RewriteFixtures.sample("sum-marginal")], out: "out")
        let summary = try run.run(run.section(server.endpoint, concurrency: 1), out: "out")
        #expect(server.log.count == 2)
        #expect(summary.samples == 0)
        let reasons = try run.findings(out: "out", kind: "rejected").map(\.1).sorted()
        #expect(reasons.count == 2)
        #expect(reasons.contains { $0.contains("rewrite.truncated") })
        #expect(reasons.contains { $0.contains("rewrite.empty") })
        let swapAnswer = try run.notes(out: "out", sample: RewriteFixtures.sample("swap-marginal").id, key: "rewrite.answer")
        #expect(swapAnswer.count == 1 && RewriteFixtures.answer("swap-rewrite").hasPrefix(swapAnswer[0]))
    }

    @Test func apiKeyIsSentButNeverStored() throws {
        let variable = "CURATE_TEST_REWRITE_KEY_\(UUID().uuidString.prefix(8))"
        let secret = "secret-\(UUID().uuidString)"
        setenv(variable, secret, 1)
        defer { unsetenv(variable) }
        let server = try FaultServer()
        try run.writeUpstream(out: "out")
        try run.run(run.section(server.endpoint, extra: "api_key_env = \"\(variable)\"\n"), out: "out")
        #expect(server.log.count == 4)
        #expect(server.log.allSatisfy { $0["authorization"] as? Bool == true })
        let names = try FileManager.default.contentsOfDirectory(atPath: run.project.url.appendingPathComponent("out").path)
        #expect(names.contains("catalog.sqlite"))
        for name in names where name.hasPrefix("catalog.sqlite") {
            let bytes = try Data(contentsOf: run.project.url.appendingPathComponent("out/\(name)"))
            #expect(bytes.range(of: Data(secret.utf8)) == nil, "\(name)")
        }
    }

    @Test func batchExportAndImportRoundTrip() throws {
        try run.writeUpstream(out: "out")
        try run.run(run.section(nil), out: "out")
        let (stage, _) = try run.stage(run.section(nil))
        let outURL = run.project.url.appendingPathComponent("out")
        let context = StageContext(domain: run.domain, outputRoot: outURL, cache: try Catalog(outputRoot: outURL))
        let batch = run.project.url.appendingPathComponent("batch.jsonl")
        #expect(try stage.exportBatch(context, to: batch) == 4)

        let lines = try String(contentsOf: batch, encoding: .utf8).split(separator: "\n")
            .map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
        #expect(lines.count == 4)
        var results = [String]()
        for line in lines {
            #expect(line["method"] as? String == "POST")
            #expect(line["url"] as? String == "/v1/chat/completions")
            let body = try #require(line["body"] as? [String: Any])
            #expect(body["model"] as? String == "test-model")
            let messages = try #require(body["messages"] as? [[String: String]])
            let question = messages.last!["content"]!
            let content = RewriteRun.answers.first { question.contains($0.key) }!.value
            let response: [String: Any] = ["status_code": 200, "request_id": "r", "body": [
                "choices": [["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]]]]
            let result: [String: Any] = ["id": "batch-1", "custom_id": line["custom_id"]!, "response": response, "error": NSNull()]
            results.append(String(decoding: try JSONSerialization.data(withJSONObject: result), as: UTF8.self))
        }
        let keys = Set(lines.map { $0["custom_id"] as! String })
        let swapKey = try run.notes(out: "out", sample: RewriteFixtures.sample("swap-marginal").id, key: "rewrite.request")
        #expect(keys.isSuperset(of: swapKey) && swapKey.count == 1)
        results.append(#"{"custom_id":"x","response":null,"error":{"message":"failed"}}"#)
        results.append("not json")
        let resultsURL = run.project.url.appendingPathComponent("results.jsonl")
        try Data(results.joined(separator: "\n").utf8).write(to: resultsURL)

        let imported = try stage.importBatch(context, from: resultsURL)
        #expect(imported.stored == 4)
        #expect(imported.unmatched == 0)
        #expect(imported.problems.count == 2)
        #expect(imported.problems[0].hasPrefix("results.jsonl:5: "))
        #expect(try stage.exportBatch(context, to: batch) == 0)

        // No server, yet nothing is pending: the imported answers are used.
        let summary = try run.run(run.section(nil), out: "out")
        #expect(try run.findings(out: "out", kind: "pending").isEmpty)
        #expect(summary.samples == 4)
        let kept = try run.output(out: "out").map(\.source.locator)
        #expect(kept == ["kept-high", "swap-marginal", "sum-marginal", "max-marginal"])
        let ids = try run.output(out: "out").map(\.id)
        #expect(ids == ["kept-high", "swap-rewrite", "sum-rewrite", "max-rewrite"].map { RewriteFixtures.sample($0).id })
    }
}

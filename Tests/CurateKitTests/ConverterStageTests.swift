import Foundation
import Testing
@testable import CurateKit

/// The converters stage on an output folder with three domains' tokenizers and samples, the
/// files it writes read back by Python's `safetensors` and `tokenizers`, and the commands.
@Suite(.serialized) struct ConverterStageTests {
    let project = TemporaryFolder()
    var out: URL { project.url.appendingPathComponent("out") }

    /// Tokenizers for cpp, shell and cmake under `out/<domain>/tokenizer/`, and each domain's
    /// samples (the fixture corpus cut into paragraphs) as dedup parts.
    func prepare() throws {
        let patterns: [(String, PreTokenizerPattern, Int)] = [("cpp", .cpp, 900), ("shell", .shell, 600), ("cmake", .cmake, 700)]
        let paragraphs = try ConverterFixtures.corpus().flatMap { $0.components(separatedBy: "\n\n") }.filter { !$0.isEmpty }
        for (domain, pattern, size) in patterns {
            let tokenizer = try TokenizerFixtures.train(pattern: pattern, vocabularySize: size)
            try project.write(TokenizerFile.json(tokenizer), to: "out/\(domain)/tokenizer/tokenizer.json")
            let writer = try ZstdJSONLWriter(url: out.appendingPathComponent("\(domain)/dedup/\(PartFiles.name(0))"))
            for (index, paragraph) in paragraphs.enumerated() {
                try writer.write(Sample(domain: domain, kind: .qa, prompt: "// QUESTION: paragraph \(index) of \(domain)?",
                                        completion: paragraph, source: SampleSource(uri: "corpus.txt", locator: "#\(index)")))
            }
            try writer.close()
        }
    }

    func stage(_ toml: String = "held_out_per_mille = 300") throws -> ConverterStage {
        try ConverterStage(section: try ConfigTable.parse(toml, file: "cpp.toml"), domain: domain)
    }

    var domain: DomainSettings { DomainSettings(name: "cpp", language: .cpp, root: project.url) }

    func python(_ script: String, _ arguments: [String]) throws -> ProcessRunner.Result {
        let runner = ProcessRunner(executable: try #require(ProcessRunner.locate("python3")))
        return try runner.run(["-c", script] + arguments, in: project.url, environment: ProcessInfo.processInfo.environment,
                              timeLimit: 300)
    }

    @Test func trainsOneConverterPerOtherDomainAndReusesThem() throws {
        try prepare()
        let first = try runStageForTests(try stage(), domain: domain, outputRoot: out)
        #expect(first.tasks == 2 && first.reusedTasks == 0)
        let layout = OutputLayout(root: out)
        for target in ["cmake", "shell"] {
            let loaded = try LoadedConverter.load(layout: layout, from: "cpp", to: target)
            #expect(loaded.converter.to.domain == target)
            let report = try JSONCoding.readDocument(ConverterReport.self, from: layout.converterReport(from: "cpp", to: target))
            #expect(report.heldOutSamples > 0 && report.conversion.streams == report.heldOutSamples)
            #expect(report.exactShare > 0.5, "\(report.exactTokens) of \(report.fromTokens)")
            #expect(report.conversion.tableShare > 0.3)
        }
        let second = try runStageForTests(try stage(), domain: domain, outputRoot: out)
        #expect(second.tasks == 2 && second.reusedTasks == 2)

        // A changed target tokenizer retrains only that converter.
        let cmake = try TokenizerFixtures.train(pattern: .cmake, vocabularySize: 650)
        try project.write(TokenizerFile.json(cmake), to: "out/cmake/tokenizer/tokenizer.json")
        let third = try runStageForTests(try stage(), domain: domain, outputRoot: out)
        #expect(third.reusedTasks == 1)
        #expect(try LoadedConverter.load(layout: layout, from: "cpp", to: "cmake").target.model.vocabularySize
                == cmake.model.vocabularySize)
    }

    @Test func configuredTargetsOnlyAndMissingTokenizersNamed() throws {
        try prepare()
        let summary = try runStageForTests(try stage("to = [\"shell\"]"), domain: domain, outputRoot: out)
        #expect(summary.tasks == 1)
        #expect(!FileManager.default.fileExists(atPath: OutputLayout(root: out).converter(from: "cpp", to: "cmake").path))
        #expect(throws: (any Error).self) { try runStageForTests(try stage("to = [\"debug\"]"), domain: domain, outputRoot: out) }
        #expect(throws: ConfigError.self) { try stage("too = [\"shell\"]") }
        let error = #expect(throws: InputRejected.self) { try stage("to = [\"debug\"]").targetDomains(StageContext(domain: domain, outputRoot: out)) }
        #expect(error?.reason.contains("debug") == true && error?.reason.contains("tokenizer") == true)
    }

    @Test func pythonSafetensorsLoadsTheFileAndTokenizersAgreeWithItsTable() throws {
        try prepare()
        try runStageForTests(try stage("to = [\"shell\"]"), domain: domain, outputRoot: out)
        let script = """
            import sys, json, hashlib
            import numpy as np
            from safetensors import safe_open
            from safetensors.numpy import load_file
            from tokenizers import Tokenizer
            path, tok_a, tok_b = sys.argv[1:4]
            t = load_file(path)
            with safe_open(path, "np") as f:
                meta = f.metadata()
            assert meta["from_tokenizer_sha256"] == hashlib.sha256(open(tok_a, "rb").read()).hexdigest()
            assert meta["to_tokenizer_sha256"] == hashlib.sha256(open(tok_b, "rb").read()).hexdigest()
            rows = int(meta["from_size"])
            off = t["alignment.row_offsets"]
            assert off.dtype == np.int64 and off.shape == (rows + 1,), off.shape
            w = t["alignment.weights"]
            assert w.dtype == np.float32 and t["alignment.columns"].dtype == np.int32
            assert t["alignment.columns"].max() < int(meta["to_size"])
            cs = np.concatenate([[0.0], np.cumsum(w, dtype=np.float64)])
            sums = cs[off[1:]] - cs[off[:-1]]
            filled = np.diff(off) > 0
            assert np.allclose(sums[filled], 1.0, atol=1e-4), sums[filled].min()
            a, b = Tokenizer.from_file(tok_a), Tokenizer.from_file(tok_b)
            specials = set(a.get_added_tokens_decoder().keys())
            exact, doff, ids = t["decomposition.exact"], t["decomposition.offsets"], t["decomposition.ids"]
            checked = 0
            for i in np.nonzero(exact)[0]:
                if int(i) in specials:
                    continue
                text = a.decode([int(i)], skip_special_tokens=False)
                want = b.encode(text, add_special_tokens=False).ids
                got = ids[doff[i]:doff[i + 1]].tolist()
                assert got == want, (int(i), text, got, want)
                checked += 1
            print(json.dumps({"rows": rows, "filled": int(filled.sum()), "checked": checked}))
            """
        let layout = OutputLayout(root: out)
        let result = try python(script, [layout.converter(from: "cpp", to: "shell").path,
                                         layout.tokenizer(domain: "cpp").path, layout.tokenizer(domain: "shell").path])
        #expect(result.succeeded, "\(result.text)")
        let figures = try JSONSerialization.jsonObject(with: Data(result.text.utf8)) as? [String: Int]
        #expect((figures?["checked"] ?? 0) > 400, "\(result.text)")
    }

    @Test func commandsConvertIdsAndInspect() throws {
        try prepare()
        try runStageForTests(try stage("to = [\"shell\"]"), domain: domain, outputRoot: out)
        let layout = OutputLayout(root: out)
        let loaded = try LoadedConverter.load(layout: layout, from: "cpp", to: "shell")
        let texts = try ConverterFixtures.heldOutTexts().prefix(3)
        let input = texts.map { loaded.source.encode($0).map(String.init).joined(separator: " ") }.joined(separator: "\n")
        let runner = ProcessRunner(executable: CurateBinary.url)
        let applied = try runner.run(["converter", "apply", "--from", "cpp", "--to", "shell", "--out", out.path], in: project.url,
                                     input: Data((input + "\n").utf8), timeLimit: 120)
        #expect(applied.succeeded, "\(applied.text)")
        let lines = applied.text.split(separator: "\n").map { $0.split(separator: " ").map { UInt32($0)! } }
        #expect(lines == texts.map { loaded.target.encode($0) })

        let bad = try runner.run(["converter", "apply", "--from", "cpp", "--to", "shell", "--out", out.path], in: project.url,
                                 input: Data("1 2\n3 99999999\n".utf8), timeLimit: 120)
        #expect(!bad.succeeded && bad.text.contains("line 2, id 2"), "\(bad.text)")

        let text = try project.write(texts.joined(separator: "\n"), to: "text.txt")
        let inspected = try runner.run(["inspect", "converter", layout.converter(from: "cpp", to: "shell").path, "--out", out.path,
                                        "--text", text.path], in: project.url, timeLimit: 120)
        #expect(inspected.succeeded && inspected.text.contains("exact table") && inspected.text.contains("decode+encode"),
                "\(inspected.text)")
    }

    /// `curate run` trains every domain's tokenizer before any converter, so the first domain
    /// (alphabetically) gets converters to all the others in one run.
    @Test func oneRunTrainsEveryTokenizerBeforeAnyConverter() throws {
        try prepare()
        for domain in ["cmake", "cpp", "shell"] {
            try FileManager.default.removeItem(at: out.appendingPathComponent("\(domain)/tokenizer"))
        }
        let configs = try ["cmake", "cpp", "shell"].map { domain in
            try PipelineConfig.parse("""
                domain = "\(domain)"
                [tokenizer]
                vocab_size = 600
                upstream = "dedup"
                [converters]
                """, file: "pipelines/\(domain).toml", root: project.url)
        }
        let runner = StageRunner(outputRoot: out, catalog: nil, progress: ProgressReporter(style: .quiet))
        let summaries = try Pipeline(configs: configs, runner: runner).run(options: RunOptions(threads: 2))
        #expect(summaries.map(\.stage) == ["tokenizer", "tokenizer", "tokenizer", "converters", "converters", "converters"])
        let layout = OutputLayout(root: out)
        for (from, to) in [("cmake", "cpp"), ("cmake", "shell"), ("cpp", "cmake"), ("shell", "cpp")] {
            #expect(FileManager.default.fileExists(atPath: layout.converter(from: from, to: to).path), "\(from) → \(to)")
        }
    }
}

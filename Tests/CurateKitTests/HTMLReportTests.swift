import Foundation
import Testing
@testable import CurateKit

@Suite struct HTMLReportTests {
    let project = TemporaryFolder()

    /// A catalog with samples, a rejection and scores, made by running a stage for real.
    func makeOutput() throws -> URL {
        for index in 0..<30 {
            try project.write((0..<(index % 6 + 1)).map { "line \($0) " + String(repeating: "y", count: index * 3) }.joined(separator: "\n")
                              + (index % 10 == 0 ? "\nBAD" : ""), to: "in/f\(index).txt")
        }
        let out = project.url.appendingPathComponent("out")
        let runner = StageRunner(outputRoot: out, catalog: try Catalog(outputRoot: out), progress: ProgressReporter(style: .quiet))
        let domain = DomainSettings(name: "cpp", language: .cpp, root: project.url)
        _ = try runner.run(try LinesStageForTests(section: .empty(path: "lines"), domain: domain),
                           settings: StageSettings(digest: "s", parts: 2), domain: domain)
        return out
    }

    @Test func reportHasEverySectionAsInlineSVG() throws {
        let out = try makeOutput()
        let html = try HTMLReport.build(outputRoot: out, catalog: try Catalog(outputRoot: out))
        #expect(html.hasPrefix("<!DOCTYPE html>"))
        #expect(html.contains("<h2>Samples per stage and band</h2>"))
        #expect(html.contains("<h2>Rejections by reason</h2>"))
        #expect(html.contains("lines: bad line"))
        #expect(html.contains("<h2>Sample size in bytes: lines</h2>"))
        #expect(html.components(separatedBy: "<svg").count >= 4)
        #expect(html.contains("<h2>Bytes per token on held-out samples, per domain tokenizer</h2>"))
        // Self-contained: nothing is fetched.
        #expect(!html.contains("src=\"http") && !html.contains("<script"))
    }

    @Test func bytesPerTokenComeFromEachTokenizersHeldOutMeasure() throws {
        let out = try makeOutput()
        // Written as the tokenizer stage writes them; a domain with nothing held out has no bar.
        let tokenizer = try TokenizerFixtures.train(vocabularySize: 300)
        let measured = TrainingReport(tokenizer: tokenizer, upstream: [], heldOutPerMille: 50, trainingSamples: 10, trainingBytes: 100,
                                      heldOut: try TokenizerFixtures.corpus())
        let empty = TrainingReport(tokenizer: tokenizer, upstream: [], heldOutPerMille: 0, trainingSamples: 10, trainingBytes: 100, heldOut: [])
        _ = try project.write(String(decoding: try JSONCoding.document.encode(measured), as: UTF8.self), to: "out/cpp/tokenizer/training.json")
        _ = try project.write(String(decoding: try JSONCoding.document.encode(empty), as: UTF8.self), to: "out/shell/tokenizer/training.json")
        let values = try HTMLReport.bytesPerToken(outputRoot: out)
        #expect(values.map(\.label) == ["cpp"])
        #expect(values.first?.value == measured.heldOutBytesPerToken)
        #expect(measured.heldOutBytesPerToken > 1)
    }

    @Test func convertersShowTheirCoverage() throws {
        let out = try makeOutput()
        var statistics = ConversionStatistics()
        statistics.bytes = 1000
        statistics.tableBytes = 800
        let report = ConverterReport(from: "cpp", to: "shell", fromTokenizerSha256: "a", toTokenizerSha256: "b",
                                     trainingDocuments: 10, trainingBytes: 100, fromTokens: 400, exactTokens: 390, observedTokens: 300,
                                     alignmentEntries: 500, heldOutSamples: 2, heldOutBytes: 1000, heldOutFromTokens: 300,
                                     heldOutToTokens: 310, conversion: statistics)
        let layout = OutputLayout(root: out)
        let file = layout.converterReport(from: "cpp", to: "shell")
        try FileManager.default.createDirectory(at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONCoding.document.encode(report).write(to: file)
        let found = HTMLReport.converterReports(outputRoot: out)
        #expect(found.map(\.label) == ["cpp→shell"])
        #expect(found.first?.report.exactShare == 390.0 / 400.0)
        let html = try HTMLReport.build(outputRoot: out, catalog: try Catalog(outputRoot: out))
        #expect(html.contains("<h2>Converters: % of source tokens with an exact decomposition</h2>"))
        #expect(html.contains("cpp→shell"))
    }

    /// Shards of one domain and phase, as the shards stage describes them in its manifest.
    func writeManifest(out: URL, domain: String, shards: [(Split, documents: Int, tokens: Int, bytes: Int)]) throws {
        var splits = [String: ShardManifest.SplitTotals]()
        for (split, documents, tokens, _) in shards {
            splits[split.rawValue, default: .init(documents: 0, tokens: 0)].documents += documents
            splits[split.rawValue, default: .init(documents: 0, tokens: 0)].tokens += tokens
        }
        let manifest = ShardManifest(
            domain: domain, phase: 1, dtype: "uint16", seed: 1, settingsDigest: "s",
            tokenizer: .init(path: "t", sha256: "x", vocabularySize: 300, endOfDocumentId: 0), splits: splits, tokenShare: 1,
            packLength: 0,
            shards: shards.enumerated().map { .init(prefix: "s\($0.offset)", split: $0.element.0, documents: $0.element.documents,
                                                   tokens: $0.element.tokens, binBytes: $0.element.bytes, binSha256: "", idxSha256: "",
                                                   packed: false) },
            blend: .init(weight: 1, dataPath: ""))
        let url = OutputLayout(root: out).shardManifest("phase1", domain: domain)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try JSONCoding.document.encode(manifest).write(to: url)
    }

    /// The cpp tokenizer (vocabulary 400) as its stage leaves it: the file, the part it trained
    /// on (the fixture corpus as samples) and `training.json` with half the samples held out.
    func writeDomainTokenizer(out: URL, vocabularySize: Int = 400) throws -> (Tokenizer, heldOut: [String]) {
        let layout = OutputLayout(root: out)
        let tokenizer = try TokenizerFixtures.train(vocabularySize: vocabularySize)
        _ = try project.write(TokenizerFile.json(tokenizer), to: "out/cpp/tokenizer/tokenizer.json")
        let samples = try TokenizerFixtures.corpus().enumerated().map { index, text in
            Sample(domain: "cpp", kind: .text, prompt: text, completion: "", source: SampleSource(uri: "c\(index)", locator: ""))
        }
        let writer = try ZstdJSONLWriter(url: layout.stage("rewrite", domain: "cpp").appendingPathComponent(PartFiles.name(0)))
        for sample in samples { try writer.write(sample) }
        try writer.close()
        let heldOut = samples.filter { TokenizerStage.isHeldOut($0.id, perMille: 500) }.map(\.trainingText)
        let training = TrainingReport(tokenizer: tokenizer, upstream: ["cpp/rewrite/\(PartFiles.name(0))"], heldOutPerMille: 500,
                                      trainingSamples: 1, trainingBytes: 1, heldOut: heldOut)
        try JSONCoding.document.encode(training).write(to: layout.tokenizerTraining(domain: "cpp"))
        #expect(!heldOut.isEmpty)
        return (tokenizer, heldOut)
    }

    /// The mixed tokenizer is trained once per vocabulary size and kept until a domain retrains.
    @Test func mixedTokenizerIsKeptUntilADomainTokenizerChanges() throws {
        let out = try makeOutput()
        let layout = OutputLayout(root: out)
        let (tokenizer, _) = try writeDomainTokenizer(out: out)
        var logged = [String]()
        func report() throws -> String {
            try HTMLReport.build(outputRoot: out, catalog: try Catalog(outputRoot: out), threads: 2) { logged.append($0) }
        }
        let first = try report()
        let file = MixedTokenizer.cacheFile(layout, vocabularySize: tokenizer.model.vocabularySize)
        #expect(logged.count == 1 && FileManager.default.fileExists(atPath: file.path))
        // At most the domain's size: on this small corpus the merges may run out before it.
        #expect(try TokenizerFile.read(file).model.vocabularySize <= tokenizer.model.vocabularySize)
        #expect(try report() == first && logged.count == 1, "unchanged data: read back, not trained again")
        // Retrained with another size: a mixed tokenizer of that size is trained.
        _ = try writeDomainTokenizer(out: out, vocabularySize: 350)
        _ = try report()
        #expect(logged.count == 2, "\(logged)")
        #expect(logged.last?.contains("trained a mixed tokenizer on") == true)
    }

    /// Each section as Chromium renders it: the figures a trainer reads, not just a picture.
    @Test func sectionsReadRightInHeadlessChromium() throws {
        let out = try makeOutput()
        try writeManifest(out: out, domain: "cpp", shards: [(.train, 12, 3400, 6_800), (.train, 3, 900, 1_800), (.valid, 1, 250, 500)])
        // A domain tokenizer with held-out samples of its own, measured against another domain's.
        let layout = OutputLayout(root: out)
        let (tokenizer, heldOut) = try writeDomainTokenizer(out: out)
        let other = try TokenizerFixtures.train(pattern: .shell, vocabularySize: 300)
        _ = try project.write(TokenizerFile.json(other), to: "out/shell/tokenizer/tokenizer.json")

        let report = try CurateBinary.run(["report", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        let sections = try renderedReportSections(out: out, in: project.url)
        #expect(sections["Shards per domain, phase and split"] == """
            domain phase split documents tokens shards largest .bin all .bin \
            cpp phase1 train 15 4300 2 \(HTMLReport.byteCount(6_800)) \(HTMLReport.byteCount(8_600)) \
            cpp phase1 valid 1 250 1 \(HTMLReport.byteCount(500)) \(HTMLReport.byteCount(500))
            """, "\(sections.keys.sorted())")
        #expect(sections["Tokens per domain, phase and split"] == "cpp · phase1 · train 4300 cpp · phase1 · valid 250")
        func ratio(_ tokenizer: Tokenizer) -> String {
            let (bytes, tokens) = TokenizerInspection.measure(tokenizer, documents: heldOut)
            return String(format: "%.2f", Double(bytes) / Double(tokens))
        }
        #expect(sections["Bytes per token of each domain's held-out samples, by tokenizer"] == """
            held-out samples of samples cpp tokenizer shell tokenizer cpp \(heldOut.count) \(ratio(tokenizer)) \(ratio(other))
            """)
        // The mixed tokenizer: what training on the same part with the same held-out share gives.
        let mixed = try TokenizerTraining.train(files: [layout.stage("rewrite", domain: "cpp").appendingPathComponent(PartFiles.name(0))],
                                                settings: BPETrainingSettings(vocabularySize: tokenizer.model.vocabularySize, pattern: .gpt4,
                                                                              specialTokens: SpecialTokens.defaults),
                                                heldOutPerMille: 500, threads: 1).tokenizer
        let own = TokenizerInspection.measure(tokenizer, documents: heldOut), shared = TokenizerInspection.measure(mixed, documents: heldOut)
        #expect(own.tokens != shared.tokens, "the mixed tokenizer differs from the domain's")
        #expect(sections["Bytes per token of each domain's held-out samples: domain tokenizer against a mixed one"] == """
            held-out samples of samples vocabulary domain tokenizer mixed tokenizer % tokens saved \
            cpp \(heldOut.count) \(tokenizer.model.vocabularySize) \(ratio(tokenizer)) \(ratio(mixed)) \
            \(String(format: "%.1f", 100 * (1 - Double(own.tokens) / Double(shared.tokens))))
            """)
        #expect(sections["Rejections by reason"]?.hasPrefix("lines: bad line 3") == true, "\(sections["Rejections by reason"] ?? "")")
        #expect(sections["Samples per stage and band"]?.contains("cpp/lines") == true)
        // Every section renders some text; none is left without a heading.
        #expect(sections.count >= 9 && sections.values.allSatisfy { !$0.isEmpty })
    }

    @Test func aDomainKeepsItsColourAndBandsUseOneScale() throws {
        let bars = [("cpp · phase1 · train", 1.0), ("shell", 2.0), ("cpp→shell", 3.0)].map(HTMLReport.domainBar)
        #expect(bars.map(\.colour) == [ReportColours.domain("cpp"), ReportColours.domain("shell"), ReportColours.domain("cpp")])
        #expect(Set(ReportColours.domains.map(ReportColours.domain)).count == ReportColours.domains.count)
        #expect(Set(Sample.Band.allCases.map(ReportColours.band)).count == 3)
        #expect(!ReportColours.domains.map(ReportColours.domain).contains(ReportColours.neutral))
    }
}

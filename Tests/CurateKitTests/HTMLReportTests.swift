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

    @Test func reportRendersInHeadlessChromium() throws {
        let out = try makeOutput()
        let report = try CurateBinary.run(["report", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        let screenshot = project.url.appendingPathComponent("report.png")
        let chromium = Process()
        chromium.executableURL = URL(fileURLWithPath: "/usr/bin/chromium")
        chromium.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=900,1400",
                              "--screenshot=\(screenshot.path)", out.appendingPathComponent("report.html").absoluteString]
        chromium.standardOutput = FileHandle.nullDevice
        chromium.standardError = FileHandle.nullDevice
        try chromium.run()
        chromium.waitUntilExit()
        #expect(chromium.terminationStatus == 0)
        let stats = Process()
        stats.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        stats.arguments = ["python3", CurateBinary.repository.appendingPathComponent("Tests/python/png_stats.py").path, screenshot.path]
        let pipe = Pipe()
        stats.standardOutput = pipe
        try stats.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        stats.waitUntilExit()
        let object = try JSONSerialization.jsonObject(with: data) as! [String: Int]
        #expect(object["width"] == 900)
        // A blank or failed page has one or two colours; text and coloured bars give many.
        #expect(object["colours", default: 0] > 20)
    }
}

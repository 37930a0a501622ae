import Foundation
import Testing
@testable import CurateKit

/// `curate inspect samples` through the built binary, on output a real quality run made.
@Suite(.serialized) struct SampleBrowserCLITests {
    let fixture = BrowserFixture()

    /// Two textbooks parts, run through the quality stage with a catalog, so the quality
    /// stage's two parts and the catalog rows are the ones `curate run` makes.
    func runQuality() throws -> [Sample] {
        let samples = (1...6).map { BrowserFixture.pair($0) }
        try fixture.writePart(Array(samples[..<3]), stage: "textbooks", index: 0)
        try fixture.writePart(Array(samples[3...]), stage: "textbooks", index: 1)
        let config = try PipelineConfig.parse("domain = \"cpp\"\n[quality]\nupstream = [\"textbooks\"]\n", file: "pipelines/cpp.toml",
                                              root: fixture.folder.url)
        let runner = StageRunner(outputRoot: fixture.out, catalog: try Catalog(outputRoot: fixture.out),
                                 progress: ProgressReporter(style: .quiet))
        _ = try Pipeline(configs: [config], runner: runner).run(options: RunOptions(threads: 1))
        var kept = [Sample]()
        try SampleParts.forEach(in: OutputLayout(root: fixture.out).parts(of: "quality", domain: "cpp")) { kept.append($0) }
        try #require(kept.count >= 4, "the quality stage should keep these pairs")
        return kept
    }

    func inspect(_ arguments: [String]) throws -> CurateBinary.Result {
        try CurateBinary.run(["inspect", "samples", "--out", fixture.out.path] + arguments, in: fixture.folder.url)
    }

    @Test func jsonIsOneObjectPerLineWithTheSampleAndWhereItWasRead() throws {
        let kept = try runQuality()
        let result = try inspect(["--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count == kept.count)
        for (line, sample) in zip(lines, kept) {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["stage", "part", "line", "sample", "trainingText", "reasons"])
            #expect(object["stage"] as? String == "quality")
            #expect((object["part"] as? String)?.hasPrefix("cpp/quality/part-") == true)
            let browsed = try JSONDecoder().decode(BrowsedSample.self, from: Data(line.utf8))
            #expect(browsed.sample == sample)
            #expect(browsed.trainingText == sample.trainingText)
            #expect(browsed.sample.band != nil)
            #expect(browsed.sample.lineage.map(\.stage) == ["textbooks", "quality"])
        }
    }

    @Test func pipedTextIsPlainAndFiltersApply() throws {
        let kept = try runQuality()
        let result = try inspect(["--grep", "return 5;"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}"))
        let five = try #require(kept.first { $0.completion.contains("return 5;") })
        #expect(result.stdout.contains(five.trainingText))
        #expect(result.stdout.contains("━━ \(five.id)"))
        #expect(result.stdout.components(separatedBy: "━━ ").count == 2)

        let random = try inspect(["--random", "2", "--seed", "9", "--json"])
        #expect(random.stdout == (try inspect(["--random", "2", "--seed", "9", "--json"])).stdout)
        #expect(random.stdout.split(separator: "\n").count == 2)

        let usage = try inspect(["--band", "excellent"])
        #expect(usage.status != 0)
        #expect(usage.stderr.contains("--band must be one of: high, marginal, low"))
    }

    @Test func idIsFoundThroughTheCatalogAndOnlyItsPartIsRead() throws {
        let kept = try runQuality()
        let layout = OutputLayout(root: fixture.out)
        let parts = layout.parts(of: "quality", domain: "cpp")
        try #require(parts.count == 2)
        let wanted = try #require(try SampleParts.read(parts[1]).first)
        // Spoil the other part: a lookup that streamed every part would fail on it.
        try Data("not zstd at all".utf8).write(to: parts[0])

        let result = try inspect(["--id", String(wanted.id.prefix(10)), "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let found = try result.stdout.split(separator: "\n").map { try JSONDecoder().decode(BrowsedSample.self, from: Data($0.utf8)) }
        // The textbooks parts were written by hand, so the catalog knows the sample only in quality.
        #expect(found.map(\.stage) == ["quality"])
        #expect(found.allSatisfy { $0.sample.id == wanted.id })
        #expect(found.first { $0.stage == "quality" }?.part == "cpp/quality/part-00001.jsonl.zst")
        #expect(kept.contains(wanted))

        let streamed = try inspect([])
        #expect(streamed.status != 0)
        #expect(streamed.stderr.contains("part-00000.jsonl.zst"), "\(streamed.stderr)")
    }

    /// On a terminal (a pseudo-terminal made by util-linux's `script`) the text goes through the
    /// `less` found on PATH, here a stand-in that marks what it was given, with markers in colour.
    @Test func onATerminalTheTextIsPagedInColour() throws {
        _ = try runQuality()
        let script = try #require(ProcessRunner.locate("script"), "util-linux's script makes the terminal")
        let bin = try fixture.folder.write("#!/bin/sh\necho \"paged with $*\"\nexec cat\n", to: "bin/less")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin.path)
        let command = "PATH='\(bin.deletingLastPathComponent().path)':\"$PATH\" '\(CurateBinary.url.path)' inspect samples --out '\(fixture.out.path)' --grep 'return 2;'"
        let result = try ProcessRunner(executable: script).run(["-qec", command, "/dev/null"], in: fixture.folder.url, timeLimit: 60)
        #expect(result.succeeded, "\(result.text)")
        #expect(result.text.contains("paged with -R"))
        #expect(result.text.contains("\u{1B}[1;36m// QUESTION:\u{1B}[0m How do you return the number 2"))
    }
}

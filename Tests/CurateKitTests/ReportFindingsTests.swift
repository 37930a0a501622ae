import Foundation
import Testing
@testable import CurateKit

/// A stage written for these tests: a line `REJECT why` is rejected, `SKIP why` skipped,
/// `WAIT why` left pending; any other line becomes a sample.
struct VerdictStageForTests: SampleStage {
    static let name = "verdicts"
    static let version = "1"
    let folder: URL

    init(section: ConfigTable, domain: DomainSettings) throws {
        folder = domain.root.appendingPathComponent(domain.name)
    }

    func inputs(_ context: StageContext) throws -> [StageInput] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map {
            StageInput(id: $0, url: folder.appendingPathComponent($0))
        }
    }

    func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        var output = StageOutput()
        for (number, line) in try String(contentsOf: input.url, encoding: .utf8).split(separator: "\n").enumerated() {
            let finding = Finding(locator: "line \(number + 1)", reason: String(line.drop { $0 != " " }.dropFirst()))
            switch line.prefix { $0 != " " } {
            case "REJECT": output.rejections.append(finding)
            case "SKIP": output.skipped.append(finding)
            case "WAIT": output.pending.append(finding)
            default:
                output.samples.append(Sample(domain: context.domain.name, kind: .text, prompt: String(line), completion: "",
                                             source: SampleSource(uri: input.id, locator: finding.locator)))
            }
        }
        return output
    }
}

@Suite struct ReportFindingsTests {
    let project = TemporaryFolder()

    /// Two domains with known verdicts, run through the runner with a catalog.
    func makeOutput() throws -> URL {
        func lines(_ count: Int, _ line: String) -> [String] { [String](repeating: line, count: count) }
        var cpp = lines(7, "REJECT no code block")
        cpp += lines(3, "REJECT duplicate of 3f2a9c1b7d4e5f60 in part 2")
        cpp += ["REJECT duplicate of 99aa88bb77cc66dd in part 1"]
        cpp += lines(4, "SKIP a heading with no text")
        cpp += lines(2, "WAIT rewrite server unreachable")
        cpp += ["int x;", "int y;"]
        try project.write(cpp.joined(separator: "\n"), to: "cpp/a.txt")
        try project.write("SKIP empty section\necho hi", to: "shell/a.txt")
        let out = project.url.appendingPathComponent("out")
        let runner = StageRunner(outputRoot: out, catalog: try Catalog(outputRoot: out), progress: ProgressReporter(style: .quiet))
        for name in ["cpp", "shell"] {
            let domain = DomainSettings(name: name, language: .cpp, root: project.url)
            _ = try runner.run(try VerdictStageForTests(section: .empty(path: "verdicts"), domain: domain),
                               settings: StageSettings(digest: "s", parts: 1), domain: domain)
        }
        return out
    }

    @Test func findingsAreCountedPerDomainWithIdsMadeGeneric() throws {
        let findings = try Catalog(outputRoot: try makeOutput()).findingsPerDomain()
        #expect(findings.map(\.domain) == ["cpp", "shell"])
        #expect(findings[0].rejected.map { "\($0.reason)=\($0.count)" } == ["verdicts: no code block=7", "verdicts: duplicate of …=4"])
        #expect(findings[0].skipped.map { "\($0.reason)=\($0.count)" } == ["verdicts: a heading with no text=4"])
        #expect(findings[0].pending == 2)
        #expect(findings[1].rejected.isEmpty)
        #expect(findings[1].skipped.map { "\($0.reason)=\($0.count)" } == ["verdicts: empty section=1"])
        #expect(findings[1].pending == 0)
    }

    /// The page as Chromium renders it: the section's text, read from the DOM it builds.
    @Test func sectionReadsRightInHeadlessChromium() throws {
        let out = try makeOutput()
        let report = try CurateBinary.run(["report", "--out", out.path])
        #expect(report.status == 0, "\(report.stderr)")
        let text = try renderedReportSections(out: out, in: project.url)["Rejections, skips and pending rewrites per domain"]
        #expect(text == """
            cpp rejected verdicts: no code block 7 verdicts: duplicate of … 4 skipped verdicts: a heading with no text 4 \
            pending rewrites 2 \
            shell rejected none skipped verdicts: empty section 1 pending rewrites 0
            """, "\(text)")
    }
}

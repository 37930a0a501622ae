import Foundation
import Testing
@testable import CurateKit

@Suite struct CatalogQueriesTests {
    let project = TemporaryFolder()

    @Test func summaryShowsBandsAndReasonsAfterQuality() throws {
        let good = Sample(domain: "cpp", kind: .qa,
                          prompt: "// QUESTION: How do you add up the numbers\n// in a vector with std::accumulate?",
                          completion: """
                              /* ANSWER:
                              std::accumulate folds a range into one value.
                              Give it the range and a starting total.
                              The type of the start decides the sum's type.
                              */
                              #include <numeric>
                              #include <vector>
                              int total(const std::vector<int>& values) {
                                  return std::accumulate(values.begin(), values.end(), 0);
                              }
                              """,
                          source: SampleSource(uri: "book.html", locator: "/html/body/section[1]"))
        let broken = Sample(domain: "cpp", kind: .qa, prompt: "what?", completion: "no markers at all",
                            source: SampleSource(uri: "book.html", locator: "/html/body/section[2]"))
        let writer = try ZstdJSONLWriter(url: project.url.appendingPathComponent("out/cpp/textbooks/part-00000.jsonl.zst"))
        try writer.write(good)
        try writer.write(broken)
        try writer.close()

        let config = try PipelineConfig.parse("domain = \"cpp\"\n[quality]\nupstream = [\"textbooks\"]\n", file: "pipelines/cpp.toml",
                                              root: project.url)
        let out = project.url.appendingPathComponent("out")
        let catalog = try Catalog(outputRoot: out)
        let runner = StageRunner(outputRoot: out, catalog: catalog, progress: ProgressReporter(style: .quiet))
        let summaries = try Pipeline(configs: [config], runner: runner).run(options: RunOptions(threads: 1))
        #expect(summaries.map(\.stage) == ["quality"])
        #expect(summaries[0].samples == 1)
        #expect(summaries[0].rejected == 1)

        let report = try catalog.summaryReport()
        #expect(report.contains("quality bands"))
        let bandLines = report.split(separator: "\n").filter { $0.hasPrefix("cpp ") && ($0.contains(" low ") || $0.contains(" high ")) }
        #expect(bandLines.count >= 2, "\(report)")
        #expect(report.contains("top quality reasons"))
        #expect(try catalog.rejectedReport(domain: "cpp", detail: true, limit: 10).contains(broken.id))
    }
}

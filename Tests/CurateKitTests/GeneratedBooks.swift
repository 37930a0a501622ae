import Foundation
import Testing
@testable import CurateKit

/// Generated HTML books, enough of them that the textbooks stage takes a while on one thread.
func writeGeneratedBooks(count: Int, into project: TemporaryFolder) throws {
    for book in 0..<count {
        var html = "<html><head><title>Generated book \(book)</title></head><body><h1>Book \(book)</h1>\n"
        for section in 0..<40 {
            html += """
                <h2>Counting with loops, part \(section)</h2>
                <p>A loop repeats its body while a condition holds. This section, number \(section) of book \(book), \
                shows a counting loop that adds the numbers up to \(section + 3). The total is printed at the end.</p>
                <pre><code class="language-cpp">#include &lt;iostream&gt;
                int main() {
                    int total = 0;
                    for (int i = 0; i &lt; \(section + 3); ++i) { total += i * \(book % 7 + 1); }
                    std::cout &lt;&lt; total &lt;&lt; '\\n';
                }</code></pre>

                """
        }
        try project.write(html + "</body></html>\n", to: "books/book-\(book).html")
    }
}

/// The part files of one stage's folder under `out`, by name.
func partBytesForTests(_ folder: URL) throws -> [String: Data] {
    var result = [String: Data]()
    for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where name.hasPrefix("part-") {
        result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
    }
    return result
}

/// The number in brackets of the first summary row of `domain`: how many tasks were reused.
func reusedTasksForTests(_ stdout: String, domain: String = "cpp") -> Int {
    let row = stdout.split(separator: "\n").first { $0.hasPrefix("\(domain) ") }.map(String.init) ?? ""
    return Int(row.split(separator: "(").last?.split(separator: ")").first ?? "") ?? -1
}

/// An output folder with the textbooks and quality stages run (with a catalog) over a few
/// generated books for the cpp domain, compilers left out; returns its root.
func curatedOutputForTests(_ project: TemporaryFolder) throws -> URL {
    try writeGeneratedBooks(count: 3, into: project)
    let config = try PipelineConfig.parse("""
        domain = "cpp"
        [textbooks]
        sources = ["books"]
        [quality]
        upstream = ["textbooks"]
        [quality.validity]
        enabled = false
        """, file: "pipelines/cpp.toml", root: project.url)
    let out = project.url.appendingPathComponent("out")
    let runner = StageRunner(outputRoot: out, catalog: try Catalog(outputRoot: out), progress: ProgressReporter(style: .quiet))
    let summaries = try Pipeline(configs: [config], runner: runner).run(options: RunOptions(threads: 2))
    #expect(summaries.map(\.stage) == ["textbooks", "quality"])
    #expect(summaries.allSatisfy { $0.samples > 0 })
    return out
}

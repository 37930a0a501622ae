import Foundation
import Testing

/// The promise of the runner, kept with a real `kill -9`: a run killed in the middle of a stage,
/// then run again, leaves exactly the bytes of a run that was never interrupted.
@Suite struct ResumeAfterKillTests {
    let project = TemporaryFolder()

    /// Enough generated HTML books that the textbooks stage takes a while on one thread.
    func writeBooks(count: Int) throws {
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

    func parts(_ out: String) throws -> [String: Data] {
        let folder = project.url.appendingPathComponent("\(out)/cpp/textbooks")
        var result = [String: Data]()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(!names.contains { $0.contains(".tmp") }, "no temporary files are left behind")
        for name in names where name.hasPrefix("part-") {
            result[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return result
    }

    func stage(out: String, threads: Int) -> [String] {
        ["textbooks", "books", "--domain", "cpp", "--out", out, "--threads", "\(threads)", "--quiet"]
    }

    @Test func rerunAfterKillGivesTheBytesOfAnUninterruptedRun() throws {
        try writeBooks(count: 320)
        let whole = try CurateBinary.run(stage(out: "whole", threads: 2), in: project.url)
        #expect(whole.status == 0, "\(whole.stdout)\(whole.stderr)")
        let expected = try parts("whole")
        #expect(expected.count == 8)

        let (process, _, _) = try CurateBinary.start(stage(out: "killed", threads: 1), in: project.url)
        let folder = project.url.appendingPathComponent("killed/cpp/textbooks")
        var finishedAtKill = 0
        let deadline = Date().addingTimeInterval(120)
        while Date() < deadline, process.isRunning {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            finishedAtKill = names.filter { $0.hasPrefix("part-") }.count
            if finishedAtKill >= 2 { break }
            usleep(2_000)
        }
        #expect(process.isRunning, "the stage finished before it could be killed; give it more work")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        #expect(finishedAtKill >= 2 && finishedAtKill < 8)

        let rerun = try CurateBinary.run(stage(out: "killed", threads: 1), in: project.url)
        #expect(rerun.status == 0, "\(rerun.stdout)\(rerun.stderr)")
        // With one thread a part is in the catalog before the next one starts, so at least the
        // first of the parts seen is reused. A part renamed just before the kill but not yet in
        // the catalog is rebuilt, to the same bytes.
        let row = rerun.stdout.split(separator: "\n").first { $0.hasPrefix("cpp ") }.map(String.init) ?? ""
        let reused = Int(row.split(separator: "(").last?.split(separator: ")").first ?? "") ?? -1
        #expect(reused >= 1 && reused < 8, "summary row: \(row)")
        let resumed = try parts("killed")
        #expect(resumed.keys.sorted() == expected.keys.sorted())
        #expect(resumed == expected)
    }
}

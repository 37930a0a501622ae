import Foundation
import GRDB
import Testing
@testable import CurateKit

/// A stage written for these tests: every line of a text file becomes a `text` sample; a line
/// `BAD` is rejected as a place, and a file starting with `REJECT` is rejected whole.
struct LinesStageForTests: SampleStage {
    static let name = "lines"
    static let version = "1"
    let folder: URL

    init(section: ConfigTable, domain: DomainSettings) throws {
        folder = domain.root.appendingPathComponent(try section.string("folder", default: "in"))
    }

    func inputs(_ context: StageContext) throws -> [StageInput] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        let urls = context.explicitPaths ?? names.map { folder.appendingPathComponent($0) }
        return urls.map { StageInput(id: context.displayPath($0), url: $0) }
    }

    func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        let text = try String(contentsOf: input.url, encoding: .utf8)
        if text.hasPrefix("REJECT") { throw InputRejected("file asks to be rejected") }
        var output = StageOutput()
        for (number, line) in text.split(separator: "\n").enumerated() {
            if line == "BAD" {
                output.rejections.append(Finding(locator: "line \(number + 1)", reason: "bad line"))
            } else if line.isEmpty || line == "-" {
                output.skipped.append(Finding(locator: "line \(number + 1)", reason: "nothing to say"))
            } else {
                output.samples.append(Sample(domain: context.domain.name, kind: .text, prompt: String(line), completion: "",
                                             source: SampleSource(uri: input.id, locator: "line \(number + 1)")))
            }
        }
        return output
    }
}

/// A stage written for these tests that copies the samples of the `lines` stage's parts.
struct CopyStageForTests: SampleStage {
    static let name = "copy"
    static let version = "1"

    init(section: ConfigTable, domain: DomainSettings) throws {}

    func inputs(_ context: StageContext) throws -> [StageInput] { context.partInputs(upstream: ["lines"]) }

    func process(_ input: StageInput, _ context: StageContext) throws -> StageOutput {
        var output = StageOutput()
        output.samples = try SampleParts.read(input.url)
        return output
    }
}

@Suite struct StageRunnerTests {
    let project = TemporaryFolder()

    var domain: DomainSettings { DomainSettings(name: "cpp", language: .cpp, root: project.url) }

    func makeInputs(_ count: Int) throws {
        for index in 0..<count {
            try project.write((0..<(index % 7 + 1)).map { "line \($0) of file \(index)" }.joined(separator: "\n"),
                              to: "in/file-\(index).txt")
        }
    }

    func run(out: String, threads: Int = 2, parts: Int = 4, partition: Partition = .all) throws -> StageSummary {
        let outURL = project.url.appendingPathComponent(out)
        let runner = StageRunner(outputRoot: outURL, catalog: try Catalog(outputRoot: outURL), progress: ProgressReporter(style: .quiet))
        let stage = try LinesStageForTests(section: .empty(path: "lines"), domain: domain)
        return try runner.run(stage, settings: StageSettings(digest: "settings", parts: parts), domain: domain,
                              options: RunOptions(partition: partition, threads: threads))
    }

    func partBytes(_ out: String) throws -> [String: Data] {
        let folder = project.url.appendingPathComponent(out).appendingPathComponent("cpp/lines")
        var result = [String: Data]()
        for url in PartFiles.list(in: folder) { result[url.lastPathComponent] = try Data(contentsOf: url) }
        return result
    }

    @Test func sameBytesWithOneOrTwoThreads() throws {
        try makeInputs(40)
        let one = try run(out: "one", threads: 1)
        let two = try run(out: "two", threads: 2)
        #expect(one.samples == two.samples)
        #expect(one.samples == (0..<40).reduce(0) { $0 + $1 % 7 + 1 })
        let first = try partBytes("one")
        #expect(first.count == 4)
        #expect(first == (try partBytes("two")))
    }

    @Test func partitionsTogetherGiveTheWholeRun() throws {
        try makeInputs(30)
        _ = try run(out: "whole")
        let halves = try [run(out: "split", partition: Partition(index: 0, count: 2)),
                          run(out: "split", partition: Partition(index: 1, count: 2))]
        #expect(halves[0].tasks + halves[1].tasks == 4)
        #expect(try partBytes("whole") == partBytes("split"))
    }

    @Test func rerunReusesUnchangedPartsAndRedoesChangedOnes() throws {
        try makeInputs(20)
        let first = try run(out: "out")
        #expect(first.reusedTasks == 0)
        let again = try run(out: "out")
        #expect(again.reusedTasks == 4)
        #expect(again.samples == first.samples)
        try project.write("a brand new line", to: "in/file-3.txt")
        let changed = try run(out: "out")
        #expect(changed.reusedTasks == 3)
        // A part file damaged on disk is rebuilt even though its inputs did not change.
        let folder = project.url.appendingPathComponent("out/cpp/lines")
        try Data("garbage".utf8).write(to: folder.appendingPathComponent(PartFiles.name(0)))
        #expect(try run(out: "out").reusedTasks == 3)
        // A deleted part is rebuilt alone, to the bytes it had.
        let before = try partBytes("out")
        try FileManager.default.removeItem(at: folder.appendingPathComponent(PartFiles.name(2)))
        #expect(try run(out: "out").reusedTasks == 3)
        #expect(try partBytes("out") == before)
    }

    @Test func unreadableUpstreamPartFailsTheRunAndKeepsTheGoodOutput() throws {
        try makeInputs(12)
        _ = try run(out: "out")
        let outURL = project.url.appendingPathComponent("out")
        let runner = StageRunner(outputRoot: outURL, catalog: try Catalog(outputRoot: outURL), progress: ProgressReporter(style: .quiet))
        let copy = try CopyStageForTests(section: .empty(path: "copy"), domain: domain)
        let settings = StageSettings(digest: "s", parts: 4)
        let first = try runner.run(copy, settings: settings, domain: domain)
        #expect(first.samples > 0 && first.rejected == 0)
        let copied = PartFiles.list(in: outURL.appendingPathComponent("cpp/copy"))
        let before = try copied.map { try Data(contentsOf: $0) }

        let damaged = outURL.appendingPathComponent("cpp/lines/\(PartFiles.name(1))")
        try Data("not zstd at all".utf8).write(to: damaged)
        let error = #expect(throws: UpstreamUnreadable.self) { try runner.run(copy, settings: settings, domain: self.domain) }
        #expect(error?.part == "cpp/lines/\(PartFiles.name(1))")
        #expect(try copied.map { try Data(contentsOf: $0) } == before, "the copy stage's parts are untouched")

        // Rebuilding the upstream stage repairs the part, and the copy runs again.
        #expect(try run(out: "out").reusedTasks == 3)
        #expect(try runner.run(copy, settings: settings, domain: domain).samples == first.samples)
    }

    @Test func rejectionsAndSkipsAreCountedAndRecorded() throws {
        try project.write("good\nBAD\n-\nalso good", to: "in/mixed.txt")
        try project.write("REJECT me", to: "in/refused.txt")
        try project.write("fine", to: "in/fine.txt")
        let summary = try run(out: "out")
        #expect(summary.inputs == 3)
        #expect(summary.samples == 3)
        #expect(summary.rejected == 2)
        #expect(summary.skipped == 1)
        #expect(summary.rejections.contains { $0.contains("in/refused.txt") && $0.contains("file asks to be rejected") })
        #expect(RunOutcome.exitCode(for: [summary], strict: false) == RunOutcome.completedWithRejections)
        #expect(RunOutcome.exitCode(for: [summary], strict: true) == RunOutcome.failed)

        let catalog = try Catalog(outputRoot: project.url.appendingPathComponent("out"))
        let rows = try catalog.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT uri, locator, kind, reason FROM findings ORDER BY uri, locator")
        }
        #expect(rows.map { "\($0["uri"] as String)|\($0["locator"] as String)|\($0["kind"] as String)" } ==
                ["in/mixed.txt|line 2|rejected", "in/mixed.txt|line 3|skipped", "in/refused.txt||rejected"])
        let provenance = try catalog.pool.read { db in
            try String.fetchAll(db, sql: "SELECT uri || ' ' || locator FROM samples ORDER BY uri, locator")
        }
        #expect(provenance == ["in/fine.txt line 1", "in/mixed.txt line 1", "in/mixed.txt line 4"])
        #expect(try catalog.rejectedReport(domain: "cpp", detail: false, limit: 10).contains("file asks to be rejected"))
    }

    @Test func inputThatVanishesIsRejectedAndTheRestRuns() throws {
        try makeInputs(5)
        let outURL = project.url.appendingPathComponent("out")
        let runner = StageRunner(outputRoot: outURL, catalog: try Catalog(outputRoot: outURL), progress: ProgressReporter(style: .quiet))
        let stage = try LinesStageForTests(section: .empty(path: "lines"), domain: domain)
        let gone = project.url.appendingPathComponent("in/gone.txt")
        let paths = try FileManager.default.contentsOfDirectory(atPath: project.url.appendingPathComponent("in").path)
            .map { project.url.appendingPathComponent("in/\($0)") } + [gone]
        let summary = try runner.run(stage, settings: StageSettings(digest: "s", parts: 2), domain: domain,
                                     options: RunOptions(explicitPaths: paths))
        #expect(summary.inputs == 6)
        #expect(summary.rejected == 1)
        #expect(summary.rejections.first?.contains("no such file") == true)
        #expect(summary.samples == (0..<5).reduce(0) { $0 + $1 % 7 + 1 })
    }

    @Test func fewerPartsRemoveStaleFilesAndRows() throws {
        try makeInputs(12)
        _ = try run(out: "out", parts: 6)
        let summary = try run(out: "out", parts: 2)
        #expect(try partBytes("out").keys.sorted() == [PartFiles.name(0), PartFiles.name(1)])
        let catalog = try Catalog(outputRoot: project.url.appendingPathComponent("out"))
        let count = try catalog.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM samples")! }
        #expect(count == summary.samples)
    }
}

import Foundation
import Testing
@testable import CurateKit

/// What `curate slurm` decides without a cluster: array specifications and their split at
/// MaxArraySize, the `[slurm]` table, which partitions are unfinished, and folding records
/// written without the catalog into it.
@Suite struct SlurmPlanningTests {
    let project = TemporaryFolder()

    /// Expands `0-3,7` back into indices.
    func expand(_ spec: String) -> [Int] {
        spec.split(separator: ",").flatMap { range -> [Int] in
            let ends = range.split(separator: "-").map { Int($0)! }
            return Array(ends[0]...(ends.count == 2 ? ends[1] : ends[0]))
        }
    }

    @Test func arraySpecificationsAndSplitsCoverExactlyTheIndices() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let indices = Set((0..<Int.random(in: 1...60, using: &generator)).map { _ in Int.random(in: 0..<3000, using: &generator) }).sorted()
            let maxArraySize = Int.random(in: 1...1001, using: &generator)
            let chunks = SlurmSubmitter.chunks(indices, maxArraySize: maxArraySize)
            #expect(chunks.flatMap(\.indices) == indices)
            for chunk in chunks {
                let local = chunk.indices.map { $0 - chunk.offset }
                #expect(local.allSatisfy { (0..<maxArraySize).contains($0) })
                #expect(expand(SlurmSubmitter.arraySpec(local)) == local)
            }
            #expect(Set(chunks.map(\.offset)).count == chunks.count)
        }
        #expect(SlurmSubmitter.arraySpec([0, 1, 2, 3, 7, 9, 10]) == "0-3,7,9-10")
    }

    @Test func slurmTableIsReadCheckedAndMustAgreeAcrossFiles() throws {
        let text = """
            domain = "cpp"
            [slurm]
            partition = "cpu"
            time = "01:00:00"
            cpus = 2
            """
        let config = try PipelineConfig.parse(text, file: "pipelines/cpp.toml", root: project.url)
        #expect(config.slurm == SlurmSettings(partition: "cpu", time: "01:00:00", cpus: 2))
        #expect(config.slurm?.sbatchArguments == ["--partition=cpu", "--time=01:00:00", "--cpus-per-task=2"])
        let flags = SlurmSettings(time: "00:10:00", memory: "4G")
        #expect(config.slurm?.overridden(by: flags) == SlurmSettings(partition: "cpu", time: "00:10:00", memory: "4G", cpus: 2))

        #expect(throws: ConfigError.self) {
            try PipelineConfig.parse("domain = \"cpp\"\n[slurm]\nqueue = \"cpu\"\n", file: "pipelines/cpp.toml", root: project.url)
        }
        let other = try PipelineConfig.parse("domain = \"shell\"\n[slurm]\npartition = \"gpu\"\n", file: "pipelines/shell.toml", root: project.url)
        #expect(throws: ConfigError.self) { try SlurmSettings.common([config, other]) }
        let silent = try PipelineConfig.parse("domain = \"shell\"\n", file: "pipelines/shell.toml", root: project.url)
        #expect(try SlurmSettings.common([config, silent]) == config.slurm)
    }

    /// A quality run split into partitions without the catalog, as cluster tasks run it, then
    /// merged: the catalog says what a run with the catalog says.
    @Test func partitionsRunWithoutTheCatalogMergeIntoTheSameCatalog() throws {
        let writer = try ZstdJSONLWriter(url: project.url.appendingPathComponent("out/cpp/textbooks/part-00000.jsonl.zst"))
        for number in 0..<6 {
            try writer.write(Sample(domain: "cpp", kind: .qa, prompt: "What does listing \(number) print when it runs?",
                                    completion: number % 2 == 0 ? "It prints \(number) and a newline, then returns zero.\n```cpp\nstd::cout << \(number) << '\\n';\n```" : "nothing",
                                    source: SampleSource(uri: "book.html", locator: "/html/body/section[\(number)]")))
        }
        try writer.close()
        let writer2 = try ZstdJSONLWriter(url: project.url.appendingPathComponent("out/cpp/textbooks/part-00001.jsonl.zst"))
        try writer2.write(Sample(domain: "cpp", kind: .qa, prompt: "Why does the loop stop?", completion: "Because the counter reaches ten.",
                                 source: SampleSource(uri: "book2.html", locator: "/html/body/section[1]")))
        try writer2.close()
        let config = try PipelineConfig.parse("domain = \"cpp\"\n[runner]\nparts = 2\n[quality]\nupstream = [\"textbooks\"]\n[quality.validity]\nenabled = false\n",
                                              file: "pipelines/cpp.toml", root: project.url)
        let configured = try #require(config.stages.first)

        // The reference: one local run with the catalog, in a copy of the project.
        let reference = project.url.appendingPathComponent("reference")
        try FileManager.default.createDirectory(at: reference, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: project.url.appendingPathComponent("out"), to: reference.appendingPathComponent("out"))
        let referenceCatalog = try Catalog(outputRoot: reference.appendingPathComponent("out"))
        _ = try Pipeline(configs: [config], runner: StageRunner(outputRoot: reference.appendingPathComponent("out"), catalog: referenceCatalog,
                                                                progress: ProgressReporter(style: .quiet))).run(options: RunOptions(threads: 1))

        let out = project.url.appendingPathComponent("out")
        let runner = StageRunner(outputRoot: out, catalog: nil, progress: ProgressReporter(style: .quiet))
        #expect(runner.unfinishedPartitions(configured.stage, settings: configured.settings, domain: config.domain, step: "parts", count: 3) == [0, 1])
        for index in [1, 0] {
            _ = try runner.run(configured.stage, settings: configured.settings, domain: config.domain,
                               options: RunOptions(partition: Partition(index: index, count: 3), threads: 1, step: "parts"))
            #expect(runner.unfinishedPartitions(configured.stage, settings: configured.settings, domain: config.domain, step: "parts", count: 3)
                    == (index == 1 ? [0] : []))
        }

        let catalog = try Catalog(outputRoot: out)
        let merged = try catalog.merge(OutputLayout(root: out))
        #expect(merged.folded == 2 && merged.current == 0)
        #expect(try catalog.merge(OutputLayout(root: out)).folded == 0)
        #expect(try catalog.summaryReport() == referenceCatalog.summaryReport())
        #expect(try catalog.rejectedReport(domain: nil, detail: true, limit: 50) == referenceCatalog.rejectedReport(domain: nil, detail: true, limit: 50))

        // A task whose record is gone is dropped from the catalog by the next merge.
        TaskRecordStore(layout: OutputLayout(root: out), stage: "quality", domain: "cpp").remove(step: "parts", task: 1)
        #expect(try catalog.merge(OutputLayout(root: out)).forgotten == 1)
    }
}

/// Temporaries name their host: a process on one node of a cluster never removes what a live
/// process on another node is writing into the shared folder.
@Suite struct TemporaryOwnershipTests {
    let folder = TemporaryFolder()

    @Test func onlyThisHostsAbandonedTemporariesAreRemoved() throws {
        let gone = Int32.max - 1  // above any pid_max: no such process
        let host = String(AtomicFile.temporarySuffix.split(separator: "@", maxSplits: 1)[1])
        let names = [".a.tmp-\(gone)@\(host)", ".b.tmp-\(gone)@another-node", ".c.tmp-\(gone)", ".d.tmp-\(getpid())@\(host)"]
        for name in names { try folder.write("x", to: name) }
        AtomicFile.removeAbandonedTemporaries(in: folder.url)
        let left = try FileManager.default.contentsOfDirectory(atPath: folder.url.path).sorted()
        #expect(left == [".b.tmp-\(gone)@another-node", ".d.tmp-\(getpid())@\(host)"])
        #expect(AtomicFile.temporaryURL(for: folder.url.appendingPathComponent("part-00000.jsonl.zst")).lastPathComponent
                == ".part-00000.jsonl.zst" + AtomicFile.temporarySuffix)
    }
}

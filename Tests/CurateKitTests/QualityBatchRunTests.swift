import Foundation
import Testing
@testable import CurateKit

/// The quality stage judges the code of all its inputs in one pass, before the first part is
/// scored; each part must still come out as it does when every snippet is checked alone, and
/// carry the verdicts it used in its record. These run g++.
@Suite(.serialized) struct QualityBatchRunTests {
    /// The C++ fixtures spread over three upstream parts, one of them in two parts.
    static func writeUpstream(in root: URL) throws {
        let folder = root.appendingPathComponent("cpp/textbooks")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let names = QualityFixtures.entries.filter { $0.value.language == .cpp }.keys.sorted()
        #expect(names.count >= 6)
        for part in 0..<3 {
            let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(part)))
            for (position, name) in names.enumerated() where position % 3 == part || (part == 2 && position == 0) {
                try writer.write(QualityFixtures.sample(name))
            }
            try writer.close()
        }
    }

    struct RunResult {
        var samples: [Sample]
        /// Each task's cached verdicts, as its record carries them.
        var verdicts: [[CacheEntry]]
    }

    static func run(_ section: String, root: URL) throws -> (RunResult, QualityStage) {
        let stage = try configuredStage(QualityStage.self, language: .cpp, section: section)
        let domain = QualityFixtures.domain(.cpp)
        let summary = try runStageForTests(stage, domain: domain, outputRoot: root)
        #expect(summary.tasks == 3)
        let layout = OutputLayout(root: root)
        let records = TaskRecordStore(layout: layout, stage: QualityStage.name, domain: "cpp")
        let verdicts = try (0..<3).map { task in
            try records.details(step: "parts", task: task).cache.filter { $0.namespace.hasPrefix("validity.") }
        }
        return (RunResult(samples: try samplesForTests(in: layout.stage(QualityStage.name, domain: "cpp")), verdicts: verdicts), stage)
    }

    @Test func partsJudgedTogetherMatchSnippetsCheckedAlone() throws {
        let batchedRoot = try TextbooksSupport.scratchFolder()
        let singleRoot = try TextbooksSupport.scratchFolder()
        defer {
            try? FileManager.default.removeItem(at: batchedRoot)
            try? FileManager.default.removeItem(at: singleRoot)
        }
        try Self.writeUpstream(in: batchedRoot)
        try Self.writeUpstream(in: singleRoot)
        let (batched, stage) = try Self.run("", root: batchedRoot)
        let (single, _) = try Self.run("[quality.validity]\nbatch = false", root: singleRoot)
        #expect(batched.samples == single.samples)
        #expect(batched.verdicts == single.verdicts)
        #expect(batched.verdicts.filter { !$0.isEmpty }.count >= 2)
        // The stage-wide pass judged the code of every part.
        for entry in batched.verdicts.joined() {
            #expect(stage.verdicts.known(namespace: entry.namespace, key: entry.key) == entry.value)
        }
    }
}

/// Which precompiled headers the bare round builds: properties over random header sets.
struct PrecompiledBasePlanTests {
    /// A made-up header tree: header `h<n>` opens its own file and those of `h<n / 2>`, down
    /// to `h1`; every file is 1,000 bytes. `missing` opens nothing (the compiler cannot find it).
    static func closure(_ headers: [String]) -> Set<String>? {
        var files = Set<String>()
        for header in headers {
            guard header != "missing", var number = Int(header.dropFirst()) else { return nil }
            while number >= 1 {
                files.insert("f\(number)")
                number /= 2
            }
        }
        return files
    }

    @Test func basesLieInsideTheirBatchesAndAreShared() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let batches = (0..<Int.random(in: 1...12, using: &generator)).map { _ in
                Array(Set((0..<Int.random(in: 0...4, using: &generator)).map { _ in
                    Int.random(in: 0...20, using: &generator) == 0 ? "missing" : "h\(Int.random(in: 1...40, using: &generator))"
                })).sorted()
            }
            let plan = PrecompiledBasePlan(batches: batches, closure: Self.closure, size: { _ in 1000 })
            #expect(plan.bases.count == batches.count)
            for (batch, base) in zip(batches, plan.bases) {
                guard let base else { continue }
                // A base opens only files its batch opens anyway, and pays for its build.
                let files = try #require(Self.closure(base))
                let batchFiles = try #require(Self.closure(batch))
                #expect(files.isSubset(of: batchFiles), "\(base) in \(batch)")
                #expect(batches.filter { Self.closure($0).map(files.isSubset(of:)) ?? false }.count >= 2)
            }
        }
    }

    @Test func manyBatchesOfOneHeaderSetShareOneBase() {
        let batches = Array(repeating: ["h30", "h31"], count: 6) + [["h5"], ["missing"], []]
        let plan = PrecompiledBasePlan(batches: batches, closure: Self.closure, size: { _ in 1000 })
        #expect(plan.bases[..<6].allSatisfy { $0 == ["h30", "h31"] }, "\(plan.bases)")
        // Alone with its header set, nothing pays for a build; an unknown header gets none.
        #expect(plan.bases[6] == nil && plan.bases[7] == nil && plan.bases[8] == nil)
    }

    @Test func batchesWithNothingInCommonGetNoBase() {
        // h2 and h3 share only f1; one shared small file never pays for a build.
        let plan = PrecompiledBasePlan(batches: [["h2"], ["h3"]], closure: Self.closure, size: { _ in 1000 })
        #expect(plan.bases == [nil, nil])
    }
}

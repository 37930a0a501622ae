import Foundation
import Testing
@testable import CurateKit

/// Records real traces of every case in `corpora/traces` with the installed compilers, gdb,
/// sanitizers and valgrind, and checks each trace against the case's `expected.json`.
/// Slow (a few minutes on two cores): it compiles every case several times.
@Suite struct TracesRecordingTests {
    /// The repository root, found from this file's path at run time.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func everyCaseShowsItsExpectedFactsUnderEveryTool() throws {
        let corpus = Self.repository.appendingPathComponent("corpora/traces")
        let cases = try TraceCase.caseFolders(in: [corpus])
        #expect(cases.count >= 16)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("curate-traces-\(ProcessInfo.processInfo.processIdentifier)")
        defer { try? FileManager.default.removeItem(at: output) }
        let recorder = TraceRecorder(options: .init(output: output, timeLimit: 90, jobs: 2))
        let recorded = recorder.record(cases: cases)

        var checked = [String: Int]()
        var content = ContentTotals()
        for result in recorded {
            #expect(result.problems.isEmpty, "\(result.caseName): \(result.problems)")
            let expected = try CaseExpectations.load(caseFolder: result.folder)
            let wanted = expected.toolList.flatMap { tool in recorder.compilers(for: tool).map { TraceFileName.name(tool: tool, compiler: $0.rawValue) } }
            #expect(result.traces == wanted, "\(result.caseName) recorded \(result.traces)")
            for trace in result.traces {
                let mismatches = try CaseExpectations.mismatches(caseFolder: result.folder, traceName: trace)
                #expect(mismatches.isEmpty, "\(result.caseName): \(mismatches)")
                if mismatches.isEmpty { checked[TraceFileName.claimedTool(trace)!.rawValue, default: 0] += 1 }
                try checkContent(caseFolder: result.folder, trace: trace, totals: &content)
            }
        }

        // The stage turns every recorded case into snapshots without rejections.
        let domain = DomainSettings(name: "debug", language: .cpp, root: Self.repository)
        let context = StageContext(domain: domain, outputRoot: output)
        let stage = try TracesStage(section: .empty(path: "traces"), domain: domain)
        var snapshots = 0
        for result in recorded {
            let out = try stage.process(StageInput(id: result.caseName, url: result.folder), context)
            #expect(out.rejections.isEmpty, "\(result.caseName): \(out.rejections)")
            for sample in out.samples {
                #expect(!sample.completion.isEmpty, "every corpus case has a fix")
                #expect(!sample.prompt.contains(output.path) && !sample.completion.contains(output.path))
                #expect(sample.prompt.range(of: "0x[0-9a-fA-F]{5,}", options: .regularExpression) == nil, "\(result.caseName)/\(sample.source.locator)")
            }
            snapshots += out.samples.count
        }
        print("traces: \(recorded.count) cases, \(snapshots) snapshots, facts correct per tool: \(checked.sorted { $0.key < $1.key })")
        print("traces: \(content.snapshots) snapshots with a fix; culprit variable named in \(content.withVariable)")
        #expect(content.snapshots >= 60)
    }

    struct ContentTotals {
        var snapshots = 0
        var withVariable = 0
    }

    /// Every snapshot with a fix shows the fixed functions in SOURCE and reasons causally; for
    /// the bugs whose culprit a debugger can always see (null pointers, zero divisors, overflowing
    /// indices and operands), a variable of the program is named with its value.
    func checkContent(caseFolder: URL, trace: String, totals: inout ContentTotals) throws {
        let traceCase = try TraceCase(folder: caseFolder)
        guard case let .crash(report) = try TraceParser.parse(name: trace, text: try traceCase.text(trace)) else { return }
        let fix = try UnifiedDiff(text: try traceCase.text("fix.diff"), file: "fix.diff")
        let snapshot = try SnapshotBuilder().build(case: traceCase, traceName: trace, report: report, fix: fix)
        let place = "\(caseFolder.lastPathComponent)/\(trace)"
        totals.snapshots += 1
        let variables = snapshot.culprits.filter(\.isVariable)
        if !variables.isEmpty { totals.withVariable += 1 }
        let existing = try traceCase.sources.reduce(into: Set<String>()) { $0.formUnion(SnapshotContent.functionNames(try traceCase.text($1))) }
        let missing = SnapshotContent.fixedFunctionsMissingFromSource(prompt: snapshot.prompt, completion: snapshot.completion, existing: existing)
        #expect(missing.isEmpty, "\(place): the fix changes \(missing.sorted()), not shown in SOURCE")
        let restated = SnapshotContent.restatement(prompt: snapshot.prompt, completion: snapshot.completion, culprits: variables.map(\.name))
        #expect(restated == nil, "\(place): \(restated ?? "")")
        let alwaysVisible: [BugFamily] = [.nullDereference, .divideByZero, .heapOverflow, .signedOverflow]
        if alwaysVisible.contains(snapshot.family), [.gdb, .asan, .ubsan].contains(report.tool), report.tool != .ubsan || snapshot.family != .nullDereference {
            // An address placeholder (`<addr1>`) is a value; `<dangling>` and the like are not.
            #expect(variables.contains { !$0.value.isEmpty && !["<dangling>", "<block>", "<uninitialised>"].contains($0.value) }, "\(place): no culprit variable with a value (\(snapshot.culprits.map(\.name)))")
        }
    }
}

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
        for result in recorded {
            #expect(result.problems.isEmpty, "\(result.caseName): \(result.problems)")
            let expected = try CaseExpectations.load(caseFolder: result.folder)
            let wanted = expected.toolList.flatMap { tool in recorder.compilers(for: tool).map { TraceFileName.name(tool: tool, compiler: $0.rawValue) } }
            #expect(result.traces == wanted, "\(result.caseName) recorded \(result.traces)")
            for trace in result.traces {
                let mismatches = try CaseExpectations.mismatches(caseFolder: result.folder, traceName: trace)
                #expect(mismatches.isEmpty, "\(result.caseName): \(mismatches)")
                if mismatches.isEmpty { checked[TraceFileName.claimedTool(trace)!.rawValue, default: 0] += 1 }
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
    }
}

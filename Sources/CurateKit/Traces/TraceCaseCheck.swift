import Foundation

/// The record-then-check policy of `curate traces record` and `curate traces check`: every
/// recorded trace of a case must show the facts its `expected.json` names; a case is only as
/// good as the traces that agree with it.
public enum TraceCaseCheck {
    /// One case: the traces it has and every problem found recording or checking them.
    public struct Outcome: Sendable {
        public var caseName: String
        public var traces: [String]
        public var problems: [String]
    }

    /// Records `cases` (folders of case folders, or case folders) and checks each recording.
    public static func record(cases: [URL], options: TraceRecorder.Options) throws -> [Outcome] {
        let folders = try TraceCase.caseFolders(in: cases)
        return TraceRecorder(options: options).record(cases: folders).map { recorded in
            Outcome(caseName: recorded.caseName, traces: recorded.traces,
                    problems: problems(recorded.folder, traces: recorded.traces) + recorded.problems.map { "problem: \($0)" })
        }
    }

    /// Checks already recorded case folders without recording again.
    public static func check(cases: [URL]) throws -> [Outcome] {
        try TraceCase.caseFolders(in: cases).map { folder in
            let traceCase = try TraceCase(folder: folder)
            return Outcome(caseName: folder.lastPathComponent, traces: traceCase.traces,
                           problems: problems(folder, traces: traceCase.traces))
        }
    }

    /// Each fact of the case that a trace does not show, and each trace that cannot be read.
    static func problems(_ folder: URL, traces: [String]) -> [String] {
        traces.flatMap { trace -> [String] in
            do {
                return try CaseExpectations.mismatches(caseFolder: folder, traceName: trace).map { "fact: \($0)" }
            } catch {
                return ["unreadable: \(error)"]
            }
        }
    }
}

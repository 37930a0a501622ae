import Foundation

extension CaseExpectations {
    /// Compares one trace of a case with the facts written down for its tool; returns the
    /// differences, empty when every fact holds. Parse and build errors are thrown.
    public static func mismatches(caseFolder: URL, traceName: String) throws -> [String] {
        let expectations = try CaseExpectations.load(caseFolder: caseFolder)
        let traceCase = try TraceCase(folder: caseFolder)
        let outcome = try TraceParser.parse(name: traceName, text: try traceCase.text(traceName))
        let tool: TraceTool
        switch outcome {
        case let .clean(cleanTool, _): tool = cleanTool
        case let .crash(report): tool = report.tool
        }
        guard let facts = expectations.facts(forTrace: traceName, tool: tool) else {
            return ["\(traceName): no expected facts for \(tool.rawValue)"]
        }
        switch outcome {
        case let .clean(_, detail):
            return facts.kind == detail ? [] : ["\(traceName): expected \(facts.kind), but the run was clean (\(detail))"]
        case let .crash(report):
            var problems = [String]()
            if report.kind != facts.kind { problems.append("kind is '\(report.kind)', expected '\(facts.kind)'") }
            let snapshot = try SnapshotBuilder().build(case: traceCase, traceName: traceName, report: report, fix: nil)
            if let function = facts.function, snapshot.frame.baseName != function {
                problems.append("function is '\(snapshot.frame.baseName)', expected '\(function)'")
            }
            if let file = facts.file, snapshot.frame.file != file { problems.append("file is '\(snapshot.frame.file ?? "-")', expected '\(file)'") }
            if let line = facts.line, snapshot.frame.line != line { problems.append("line is \(snapshot.frame.line ?? 0), expected \(line)") }
            if let lines = facts.lines, !lines.contains(snapshot.frame.line ?? 0) {
                problems.append("line is \(snapshot.frame.line ?? 0), expected one of \(lines)")
            }
            if let culprit = facts.culprit, !snapshot.culprits.contains(where: { $0.name == culprit }) {
                problems.append("culprit '\(culprit)' missing (has \(snapshot.culprits.map(\.name).joined(separator: ", ")))")
            }
            return problems.map { "\(traceName): \($0)" }
        }
    }
}

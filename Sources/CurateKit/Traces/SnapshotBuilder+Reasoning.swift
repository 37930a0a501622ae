import Foundation

/// The completion: numbered REASONING steps from the trace and the fix, then the fixed functions.
extension SnapshotBuilder {
    func reasoning(_ report: CrashReport, frame: StackFrame, frameIndex: Int, family: BugFamily, culprits: [Culprit],
                   fix: UnifiedDiff, traceCase: TraceCase, placeholders: inout AddressPlaceholders) throws -> String {
        let file = frame.file!
        var steps = [String]()
        let error = report.signal.map { "\($0.name) (signal \($0.number))" } ?? report.kind
        steps.append("\(report.tool.displayName) reports \(error) in \(frame.baseName) at \(file):\(frame.line!).")
        if frameIndex > 0, let inner = report.frames.first {
            steps.append("Frame #0 is \(inner.baseName)\(inner.module.map { " in \($0)" } ?? ""); the innermost frame in our code is #\(frameIndex).")
        }
        for culprit in culprits {
            steps.append("\(culprit.name) = \(culprit.value): \(culprit.comment).")
        }
        if let caller = report.frames.dropFirst(frameIndex + 1).first(where: { $0.file.flatMap { SnapshotBuilder.caseSource($0, in: traceCase) } != nil }) {
            steps.append("It is called from \(caller.baseName) at \(SnapshotBuilder.caseSource(caller.file!, in: traceCase)!):\(caller.line ?? 0).")
        }

        // Apply the fix to every file it names and collect the functions it changes.
        var blocks = [(file: String, text: String)]()
        var changedFunctions = [String]()
        let order = fix.files.map(\.path).sorted { ($0 == file ? 0 : 1, $0) < ($1 == file ? 0 : 1, $1) }
        for path in order {
            guard traceCase.sources.contains(path) else {
                throw TraceParseError(file: "fix.diff", line: nil, reason: "the fix changes \(path), which is not in the case folder")
            }
            let (newText, changed) = try fix.apply(to: try traceCase.text(path), path: path, file: "fix.diff")
            let newLines = newText.components(separatedBy: "\n")
            var spans = [FunctionLocator.Span]()
            for line in changed {
                let span = self.span(newLines, around: min(max(1, line), newLines.count))
                if !spans.contains(where: { $0.first <= span.first && span.last <= $0.last }) { spans.append(span) }
            }
            for span in spans.sorted(by: { $0.first < $1.first }) {
                let text = SnapshotBuilder.dedent(Array(newLines[(span.first - 1)...(span.last - 1)])).joined(separator: "\n")
                blocks.append((path, text))
                if let name = SnapshotBuilder.functionName(newLines[span.first - 1]) { changedFunctions.append("\(name) in \(path)") }
            }
        }
        if !changedFunctions.isEmpty {
            steps.append("The fix changes \(changedFunctions.joined(separator: " and ")).")
        }
        if !fix.summary.isEmpty { steps.append("Fix: \(fix.summary)") }

        var text = "/* REASONING:\n"
        for (index, step) in steps.enumerated() { text += "\(index + 1). \(placeholders.normalise(step))\n" }
        text += "*/\n"
        let showFiles = Set(blocks.map(\.file)).count > 1
        text += blocks.map { (showFiles ? "// \($0.file)\n" : "") + $0.text }.joined(separator: "\n\n")
        return text + "\n"
    }

    /// The function name in a header line: the identifier (with `::`) before the first `(`.
    static func functionName(_ header: String) -> String? {
        guard let open = header.firstIndex(of: "(") else { return nil }
        let name = header[..<open].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "~" }
        return name.isEmpty ? nil : String(name.reversed())
    }
}

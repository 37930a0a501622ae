import Foundation

/// The SOURCE block and the fixed code: which parts of which files a snapshot shows.
///
/// SOURCE shows the faulting function with `// <-- BOOM` and every function the fix changes,
/// as they were before the fix, so the model sees all the code it is asked to change. The
/// completion shows the same places after the fix. Pieces that overlap or touch are merged,
/// so a fix with several hunks in one function shows that function once.
extension SnapshotBuilder {
    /// The lines shown for a change at `line`: the enclosing function (or a window when it is
    /// too long); outside any function, the line itself when `bare` (a changed declaration or
    /// `#include`), else nothing (code added between functions is not in the old text).
    func siteSpan(_ lines: [String], line: Int, bare: Bool) -> FunctionLocator.Span? {
        let line = min(max(1, line), lines.count)
        let locator = FunctionLocator(text: lines.joined(separator: "\n"))
        if let function = locator.function(containing: line) {
            if function.last - function.first + 1 <= maxFunctionLines { return function }
            return FunctionLocator.Span(first: max(1, line - windowRadius), last: min(lines.count, line + windowRadius))
        }
        return bare ? FunctionLocator.Span(first: line, last: line) : nil
    }

    /// Sorted spans with overlapping or adjacent ones joined.
    static func merged(_ spans: [FunctionLocator.Span]) -> [FunctionLocator.Span] {
        var result = [FunctionLocator.Span]()
        for span in spans.sorted(by: { ($0.first, $0.last) < ($1.first, $1.last) }) {
            if let last = result.last, span.first <= last.last + 1 {
                result[result.count - 1].last = max(last.last, span.last)
            } else {
                result.append(span)
            }
        }
        return result
    }

    /// The text of each span, dedented, with the BOOM marker on `boom` when it falls inside.
    static func render(_ lines: [String], spans: [FunctionLocator.Span], boom: Int?) -> [String] {
        spans.map { span in
            var block = Array(lines[(span.first - 1)...(span.last - 1)])
            if let boom, span.first <= boom, boom <= span.last {
                let index = boom - span.first
                block[index] = block[index].replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + " // <-- BOOM"
            }
            return dedent(block).joined(separator: "\n")
        }
    }

    /// Joins per-file blocks; with more than one file each file's blocks follow a `// file` line.
    static func joinBlocks(_ files: [(file: String, blocks: [String])]) -> String {
        let shown = files.filter { !$0.blocks.isEmpty }
        let named = shown.count > 1
        return shown.map { (named ? "// \($0.file)\n" : "") + $0.blocks.joined(separator: "\n\n") }.joined(separator: "\n\n") + "\n"
    }

    /// The SOURCE block: the faulting function with BOOM, and the functions the fix changes.
    func sourceSection(case traceCase: TraceCase, crashFile: String, crashLines: [String], boom: Int, fix: UnifiedDiff?) throws -> String {
        var files = [(file: String, blocks: [String])]()
        var paths = [crashFile]
        for path in (fix?.files.map(\.path) ?? []).sorted() where !paths.contains(path) && traceCase.sources.contains(path) {
            paths.append(path)
        }
        for path in paths {
            let lines = path == crashFile ? crashLines : try traceCase.text(path).components(separatedBy: "\n")
            var spans = [FunctionLocator.Span]()
            if path == crashFile, let crash = siteSpan(lines, line: boom, bare: false) ?? Optional(FunctionLocator.Span(first: max(1, boom - windowRadius), last: min(lines.count, boom + windowRadius))) {
                spans.append(crash)
            }
            for site in fix?.oldSites(path: path) ?? [] {
                if let span = siteSpan(lines, line: site.line, bare: site.removed) { spans.append(span) }
            }
            files.append((path, SnapshotBuilder.render(lines, spans: SnapshotBuilder.merged(spans), boom: path == crashFile ? boom : nil)))
        }
        return SnapshotBuilder.joinBlocks(files)
    }

    /// The fixed code: every changed place after the fix, crash file first. Also returns the
    /// names of the functions the fix changes, as `name in file`.
    func fixedCode(case traceCase: TraceCase, crashFile: String, fix: UnifiedDiff) throws -> (code: String, functions: [String]) {
        var files = [(file: String, blocks: [String])]()
        var functions = [String]()
        let order = fix.files.map(\.path).sorted { ($0 == crashFile ? 0 : 1, $0) < ($1 == crashFile ? 0 : 1, $1) }
        for path in order {
            guard traceCase.sources.contains(path) else {
                throw TraceParseError(file: "fix.diff", line: nil, reason: "the fix changes \(path), which is not in the case folder")
            }
            let (newText, changed) = try fix.apply(to: try traceCase.text(path), path: path, file: "fix.diff")
            let lines = newText.components(separatedBy: "\n")
            let spans = SnapshotBuilder.merged(changed.compactMap { siteSpan(lines, line: $0, bare: true) })
            for span in spans where span.last > span.first || lines[span.first - 1].contains("(") {
                if let name = SnapshotBuilder.functionName(lines[span.first - 1]), !lines[span.first - 1].hasPrefix("#"),
                   !functions.contains("\(name) in \(path)") {
                    functions.append("\(name) in \(path)")
                }
            }
            files.append((path, SnapshotBuilder.render(lines, spans: spans, boom: nil)))
        }
        return (SnapshotBuilder.joinBlocks(files), functions)
    }
}

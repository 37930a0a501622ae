import Foundation

/// Turns one parsed crash of a case into a DEBUGGER SNAPSHOT (FORMATS.md section 2).
///
/// The crash frame is the innermost frame in the case's own sources. Everything written comes
/// from the trace, the case's sources and its fix; addresses become placeholders and paths
/// become relative to the case, so no machine detail reaches a sample.
struct SnapshotBuilder {
    /// A function longer than this is shown as a window around the faulting line.
    var maxFunctionLines = 60
    /// Lines shown on each side of the faulting line in a window.
    var windowRadius = 10

    struct Snapshot {
        var prompt: String
        var completion: String
        /// The crash frame with its file relative to the case.
        var frame: StackFrame
        var family: BugFamily
        var culprits: [Culprit]
    }

    struct Culprit {
        var name: String
        var value: String
        var comment: String
    }

    func build(case traceCase: TraceCase, traceName: String, report: CrashReport, fix: UnifiedDiff?) throws -> Snapshot {
        let (frameIndex, file) = try crashFrame(report, in: traceCase, traceName: traceName)
        var frame = report.frames[frameIndex]
        frame.file = file
        let sourceText = try traceCase.text(file)
        let sourceLines = sourceText.components(separatedBy: "\n")
        guard let line = frame.line, line >= 1, line <= sourceLines.count else {
            throw TraceParseError(file: traceName, line: nil,
                                  reason: "the crash frame names \(file):\(frame.line ?? 0), past the end of the case's \(file) (\(sourceLines.count) lines): the trace does not match this source")
        }
        let family = BugFamily(report)
        var placeholders = AddressPlaceholders()
        let culprits = self.culprits(report, frame: frame, frameIndex: frameIndex, family: family, boomLine: sourceLines[line - 1], traceCase: traceCase)
            .map { Culprit(name: $0.name, value: placeholders.normalise($0.value), comment: placeholders.normalise($0.comment)) }
        let function = frame.baseName

        var prompt = "// ====== DEBUGGER SNAPSHOT ======\nstruct ThreadState {\n"
        prompt += "    func = \"\(function)\";\n"
        prompt += "    \(placeholders.normalise(errorLine(report)))\n"
        prompt += "    where = \"\(file):\(line)\";\n"
        if let thread = report.thread, report.tool == .tsan || report.tool == .helgrind {
            prompt += "    thread = \"\(thread)\";\n"
        }
        for culprit in culprits { prompt += "    \(culprit.name) = \(culprit.value); // \(culprit.comment)\n" }
        prompt += "};\n// ====== TASK ======\n"
        for taskLine in task(report, family: family, function: function, culprits: culprits, placeholders: &placeholders) {
            prompt += "// \(taskLine)\n"
        }
        prompt += "// ====== SOURCE ======\n"
        prompt += sourceBlock(sourceLines, boom: line, marker: true)

        var completion = ""
        if let fix {
            completion = try reasoning(report, frame: frame, frameIndex: frameIndex, family: family, culprits: culprits,
                                       fix: fix, traceCase: traceCase, placeholders: &placeholders)
        }
        return Snapshot(prompt: prompt, completion: completion, frame: frame, family: family, culprits: culprits)
    }

    // MARK: Crash frame

    /// The innermost frame whose file is one of the case's sources, with that source's path.
    func crashFrame(_ report: CrashReport, in traceCase: TraceCase, traceName: String) throws -> (Int, String) {
        for (index, frame) in report.frames.enumerated() {
            guard let file = frame.file else { continue }
            if let source = SnapshotBuilder.caseSource(file, in: traceCase) { return (index, source) }
            if SnapshotBuilder.isProjectFile(file) {
                throw TraceParseError(file: traceName, line: nil,
                                      reason: "frame #\(index) (\(frame.baseName)) is in \((file as NSString).lastPathComponent), which is missing from the case folder")
            }
        }
        let innermost = report.frames.first.map { "\($0.baseName)\($0.module.map { " in \($0)" } ?? "")" } ?? "none"
        throw TraceParseError(file: traceName, line: nil,
                              reason: "all \(report.frames.count) frames are in libraries or system files (innermost: \(innermost)); no frame is in the case's sources")
    }

    /// The case source a trace path names: equal, or ending in `/<source>`.
    static func caseSource(_ path: String, in traceCase: TraceCase) -> String? {
        traceCase.sources.filter { path == $0 || path.hasSuffix("/" + $0) }.max { $0.count < $1.count }
    }

    /// A C++ source path that is not the toolchain's or the system's.
    static func isProjectFile(_ path: String) -> Bool {
        let cppExtensions: Set<String> = ["cpp", "cc", "cxx", "hpp", "hh"]
        guard cppExtensions.contains((path as NSString).pathExtension) else { return false }
        let system = ["/usr/", "/lib", "/opt/", "../", "./"]
        if system.contains(where: { path.hasPrefix($0) }) { return false }
        return !(path.contains("compiler-rt") || path.contains("libsanitizer") || path.contains("/sysdeps/"))
    }

    /// `function (file:line)` for the innermost frame of `frames` in the case, else the first frame.
    static func describe(_ frames: [StackFrame], in traceCase: TraceCase) -> String? {
        if let own = frames.first(where: { $0.file.flatMap { caseSource($0, in: traceCase) } != nil }) {
            return "\(own.baseName) (\(caseSource(own.file!, in: traceCase)!):\(own.line ?? 0))"
        }
        return frames.first.map { $0.baseName }
    }

    // MARK: SOURCE

    /// The enclosing function (or a window) with `// <-- BOOM` on the faulting line.
    func sourceBlock(_ lines: [String], boom: Int, marker: Bool) -> String {
        let span = span(lines, around: boom)
        var block = Array(lines[(span.first - 1)...(span.last - 1)])
        if marker {
            let index = boom - span.first
            block[index] = block[index].replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression) + " // <-- BOOM"
        }
        return SnapshotBuilder.dedent(block).joined(separator: "\n") + "\n"
    }

    func span(_ lines: [String], around line: Int) -> FunctionLocator.Span {
        let locator = FunctionLocator(text: lines.joined(separator: "\n"))
        if let span = locator.function(containing: line), span.last - span.first + 1 <= maxFunctionLines { return span }
        return FunctionLocator.Span(first: max(1, line - windowRadius), last: min(lines.count, line + windowRadius))
    }

    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.count >= common && $0.prefix(common).allSatisfy({ $0 == " " }) ? String($0.dropFirst(common)) : $0 }
    }

    // MARK: Source-line helpers

    /// Identifiers in a line of code, comments excluded.
    static func identifiers(_ line: String) -> Set<String> {
        let code = line.components(separatedBy: "//")[0]
        var result = Set<String>()
        var current = ""
        for character in code {
            if character.isLetter || character.isNumber || character == "_" { current.append(character) }
            else { if let first = current.first, !first.isNumber { result.insert(current) }; current = "" }
        }
        if let first = current.first, !first.isNumber { result.insert(current) }
        return result
    }

    /// Identifiers right after a `/` or `%` operator (not `//`).
    static func divisors(_ line: String) -> [String] {
        let code = Array(line.components(separatedBy: "//")[0])
        var result = [String]()
        for (index, character) in code.enumerated() where character == "/" || character == "%" {
            if index + 1 < code.count, code[index + 1] == "=" || code[index + 1] == "/" { continue }
            let rest = code[(index + 1)...].drop { $0 == " " || $0 == "(" }
            let name = String(rest.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            if let first = name.first, !first.isNumber { result.append(name) }
        }
        return result
    }

    /// A tool's message made safe inside a string literal of the ThreadState: `"` becomes `'`.
    static func literalSafe(_ message: String) -> String {
        message.replacingOccurrences(of: "\"", with: "'")
    }
}

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
        /// A variable of the program (rather than a fact of the tool's, like the access size).
        var isVariable = false
        /// The function whose local this is, when not the faulting function's (the value reached
        /// the marked line through that function's result).
        var localOf: String?
    }

    func build(case traceCase: TraceCase, traceName: String, report: CrashReport, fix: UnifiedDiff?) throws -> Snapshot {
        let (frameIndex, file) = try crashFrame(report, in: traceCase, traceName: traceName)
        var frame = report.frames[frameIndex]
        frame.file = file
        let sourceText = try traceCase.text(file)
        let sourceLines = sourceText.components(separatedBy: "\n")
        guard let reported = frame.line, reported >= 1, reported <= sourceLines.count else {
            throw TraceParseError(file: traceName, line: nil,
                                  reason: "the crash frame names \(file):\(frame.line ?? 0), past the end of the case's \(file) (\(sourceLines.count) lines): the trace does not match this source")
        }
        let family = BugFamily(report)
        let line = boomLine(report, frameIndex: frameIndex, family: family, reported: reported, sourceLines: sourceLines)
        // A report without a stack (UBSan without symbols) names only the line: the function is the one around it.
        if frame.baseName == "??", let span = FunctionLocator(text: sourceText).function(containing: line),
           let name = SnapshotBuilder.functionName(sourceLines[span.first - 1...min(span.last, span.first + 2) - 1].joined(separator: " ")) {
            frame.function = name
        }
        frame.line = line
        var placeholders = AddressPlaceholders()
        let values = knownValues(report, frame: report.frames[frameIndex], frameIndex: frameIndex, traceCase: traceCase, traceName: traceName)
        let culprits = self.culprits(report, frame: frame, family: family, boomLine: sourceLines[line - 1], traceCase: traceCase, values: values)
            .map { Culprit(name: $0.name, value: placeholders.normalise($0.value), comment: placeholders.normalise($0.comment), isVariable: $0.isVariable, localOf: $0.localOf) }
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
            prompt += "// \(placeholders.normalise(taskLine))\n"
        }
        prompt += "// ====== SOURCE ======\n"
        prompt += try sourceSection(case: traceCase, crashFile: file, crashLines: sourceLines, boom: line, fix: fix)

        var completion = ""
        if let fix {
            let input = ReasoningInput(frame: frame, frameIndex: frameIndex, family: family, culprits: culprits,
                                       sourceLines: sourceLines, boom: line, traceCase: traceCase)
            completion = try reasoning(report, input, fix: fix, placeholders: &placeholders)
        }
        return Snapshot(prompt: prompt, completion: completion, frame: frame, family: family, culprits: culprits)
    }

    /// The line to mark. A stack overflow can fault in the callee's prologue (its signature
    /// line); the fault is the recursive call, which the next frame of the same function shows.
    func boomLine(_ report: CrashReport, frameIndex: Int, family: BugFamily, reported: Int, sourceLines: [String]) -> Int {
        guard family == .stackOverflow else { return reported }
        let frame = report.frames[frameIndex]
        guard frameIndex + 1 < report.frames.count else {
            return recursiveCallLine(function: frame.baseName, around: reported, sourceLines: sourceLines) ?? reported
        }
        let next = report.frames[frameIndex + 1]
        let shortName = frame.baseName.components(separatedBy: "::").last ?? frame.baseName
        let callsItself = CodeLine.code(sourceLines[reported - 1]).range(of: "\\b\(NSRegularExpression.escapedPattern(for: shortName))\\s*\\(", options: .regularExpression) != nil
        let isHeader = FunctionLocator(text: sourceLines.joined(separator: "\n")).function(containing: reported)?.first == reported
        guard isHeader || !callsItself else { return reported }
        if next.baseName == frame.baseName, let line = next.line, line >= 1, line <= sourceLines.count { return line }
        return reported
    }

    /// When the stack shows only the faulting call (valgrind stops listing frames at a stack
    /// overflow), the recursive call is the one line of the function that calls it.
    func recursiveCallLine(function: String, around line: Int, sourceLines: [String]) -> Int? {
        guard let span = FunctionLocator(text: sourceLines.joined(separator: "\n")).function(containing: line) else { return nil }
        let shortName = function.components(separatedBy: "::").last ?? function
        let pattern = "\\b\(NSRegularExpression.escapedPattern(for: shortName))\\s*\\("
        let calls = ((span.first + 1)...span.last).filter { CodeLine.code(sourceLines[$0 - 1]).range(of: pattern, options: .regularExpression) != nil }
        return calls.count == 1 ? calls[0] : nil
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

    static func dedent(_ lines: [String]) -> [String] {
        let indents = lines.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { $0.prefix { $0 == " " }.count }
        let common = indents.min() ?? 0
        return lines.map { $0.count >= common && $0.prefix(common).allSatisfy({ $0 == " " }) ? String($0.dropFirst(common)) : $0 }
    }

    // MARK: Source-line helpers

    /// A tool's message made safe inside a string literal of the ThreadState: `"` becomes `'`.
    static func literalSafe(_ message: String) -> String {
        message.replacingOccurrences(of: "\"", with: "'")
    }
}

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

    // MARK: ThreadState

    func errorLine(_ report: CrashReport) -> String {
        if let signal = report.signal {
            var comment = "signal \(signal.number)"
            if let message = report.message, !message.isEmpty, report.tool == .gdb, signal.name != "SIGABRT" { comment += " (\(message))" }
            if let address = report.faultAddress, signal.name == "SIGSEGV" || signal.name == "SIGBUS" { comment += ", fault address \(address)" }
            if report.tool != .gdb { comment += ", reported by \(report.tool.displayName)" }
            return "error = \(signal.name); // \(comment)"
        }
        var comment = report.tool.displayName
        if let access = report.access, access.size > 0 { comment += ": \(access.kind) of size \(access.size)" }
        if let address = report.faultAddress { comment += " at \(address)" }
        return "error = \"\(report.kind)\"; // \(comment)"
    }

    func culprits(_ report: CrashReport, frame: StackFrame, frameIndex: Int, family: BugFamily, boomLine: String, traceCase: TraceCase) -> [Culprit] {
        var result = [Culprit]()
        let words = SnapshotBuilder.identifiers(boomLine)
        let variables = frame.arguments + frame.locals + (frameIndex == 0 ? report.locals.filter { local in !frame.locals.contains(local) } : [])
        func related(_ prefix: String) -> String? {
            report.relatedStacks.first { $0.title.lowercased().hasPrefix(prefix) }.flatMap { SnapshotBuilder.describe($0.frames, in: traceCase) }
        }
        switch report.tool {
        case .gdb:
            switch family {
            case .nullDereference, .other:
                for variable in variables where variable.value.split(separator: " ").first == "0x0" {
                    let used = words.contains(variable.name)
                    result.append(Culprit(name: variable.name, value: "nullptr",
                                          comment: variable.name == "this" ? "null: the member function runs on a null object"
                                                                           : used ? "null, and the marked line dereferences it" : "null"))
                }
                result.sort { words.contains($0.name) && !words.contains($1.name) }
            case .divideByZero:
                let divisors = SnapshotBuilder.divisors(boomLine)
                for variable in variables where variable.value == "0" && (divisors.contains(variable.name) || words.contains(variable.name)) {
                    result.append(Culprit(name: variable.name, value: "0", comment: divisors.contains(variable.name) ? "the divisor on the marked line" : "zero"))
                }
            case .stackOverflow:
                let depth = report.frames.prefix(while: { $0.baseName == report.frames[0].baseName }).count
                for argument in frame.arguments {
                    result.append(Culprit(name: argument.name, value: argument.value, comment: "argument of the innermost call"))
                }
                result.append(Culprit(name: "depth", value: "\(depth)+", comment: "the backtrace shows \(frame.baseName) calling itself \(depth) times and more"))
            case .abort:
                if let message = report.message {
                    result.append(Culprit(name: "abort", value: "\"\(message)\"", comment: "printed by the program or the C library before SIGABRT"))
                }
            default: break
            }
        case .asan, .lsan:
            if family == .leak {
                result.append(Culprit(name: "leak", value: "\"\(report.message ?? report.kind)\"",
                                      comment: "allocated in \(SnapshotBuilder.describe(report.frames, in: traceCase) ?? "?"), never freed"))
                break
            }
            if let access = report.access, access.size > 0 {
                result.append(Culprit(name: "access", value: "\"\(access.kind.uppercased()) of size \(access.size)\"", comment: "the faulting access on the marked line"))
            }
            var comment = report.location ?? report.kind
            if let access = report.access, access.size == 0 { comment = "\(access.kind.uppercased()) access; \(comment)" }
            if let freed = related("freed by") { comment += "; freed in \(freed)" }
            if let allocated = related("previously allocated by") ?? related("allocated by") { comment += "; allocated in \(allocated)" }
            if let object = report.object {
                result.append(Culprit(name: object, value: report.faultAddress ?? "?", comment: comment))
            } else if let address = report.faultAddress {
                result.append(Culprit(name: "address", value: address, comment: comment))
            }
        case .ubsan:
            if let message = report.message {
                result.append(Culprit(name: "check", value: "\"\(SnapshotBuilder.shortMessage(message))\"", comment: report.location ?? "runtime error on the marked line"))
            }
            if family == .divideByZero, let divisor = SnapshotBuilder.divisors(boomLine).first {
                result.append(Culprit(name: divisor, value: "0", comment: "the divisor on the marked line"))
            }
        case .tsan, .helgrind:
            var comment = "\(report.access.map { "\($0.kind) of size \($0.size)" } ?? "access") by thread \(report.thread ?? "?") here"
            if let previous = report.relatedStacks.first(where: { $0.title.lowercased().contains("previous") }) {
                let words = previous.title.split(separator: " ")
                let what = words.firstIndex(where: { $0 == "read" || $0 == "write" }).map { String(words[$0]) } ?? "access"
                let thread = previous.title.components(separatedBy: "by ").last ?? "another thread"
                comment += "; previous \(what) by \(thread) in \(SnapshotBuilder.describe(previous.frames, in: traceCase) ?? "?")"
            }
            result.append(Culprit(name: report.object ?? "location", value: "\"\(report.location ?? "shared memory")\"", comment: comment))
        case .memcheck:
            switch family {
            case .leak:
                result.append(Culprit(name: "leak", value: "\"\(report.message ?? report.kind)\"",
                                      comment: "allocated in \(SnapshotBuilder.describe(report.frames, in: traceCase) ?? "?"), never freed"))
            case .uninitialised:
                let origin = report.relatedStacks.first { $0.title.hasPrefix("Uninitialised value was created") }
                result.append(Culprit(name: "value", value: "\"uninitialised\"",
                                      comment: origin.map { "\($0.title.replacingOccurrences(of: "Uninitialised value was created by", with: "created by")) in \(SnapshotBuilder.describe($0.frames, in: traceCase) ?? "?")" } ?? "used in the marked line's condition"))
            default:
                if let access = report.access {
                    result.append(Culprit(name: "access", value: "\"\(access.kind) of size \(access.size)\"", comment: "the faulting access on the marked line"))
                }
                var comment = report.location ?? report.kind
                if let freed = related("block freed") { comment += "; freed in \(freed)" }
                if let allocated = related("block allocated") { comment += "; allocated in \(allocated)" }
                if let address = report.faultAddress { result.append(Culprit(name: "address", value: address, comment: comment)) }
            }
        }
        return result
    }

    // MARK: TASK

    func task(_ report: CrashReport, family: BugFamily, function f: String, culprits: [Culprit], placeholders: inout AddressPlaceholders) -> [String] {
        let named = culprits.first { !["access", "address", "check", "depth", "abort", "leak", "value", "location"].contains($0.name) }?.name
        switch family {
        case .nullDereference:
            if let named { return ["Fix the null pointer dereference in \(f):", "'\(named)' is null on the marked line."] }
            return ["Fix the null pointer dereference in \(f) on the marked line."]
        case .divideByZero:
            if let named { return ["Fix the division by zero in \(f): '\(named)' is 0."] }
            return ["Fix the division by zero in \(f) on the marked line."]
        case .heapOverflow:
            return ["Fix the heap buffer overflow in \(f):", "the \(accessWords(report)) lands \(report.location ?? "outside the block")."]
        case .stackBufferOverflow:
            return ["Fix the stack buffer overflow in \(f):", "the \(accessWords(report)) runs past '\(report.object ?? "a local array")'."]
        case .useAfterFree:
            return ["Fix the use after free in \(f):", "the memory was freed before this \(accessWords(report))."]
        case .doubleFree:
            return ["Fix the double free in \(f): the block was already freed."]
        case .stackOverflow:
            return ["Fix the stack overflow in \(f):", "the recursion does not stop for this input."]
        case .uninitialised:
            return ["Fix the use of an uninitialised value in \(f):", "a variable is read before it is ever set."]
        case .dataRace:
            if let object = report.object { return ["Fix the data race on '\(object)' in \(f):", "two threads access it without synchronisation."] }
            let size = report.location?.range(of: "block of size [0-9]+", options: .regularExpression).map { report.location![$0] }
            return ["Fix the data race in \(f): two threads access", "the same \(size.map { "heap \($0)" } ?? "memory") without synchronisation."]
        case .leak:
            return ["Fix the memory leak: blocks allocated in \(f)", "are never freed."]
        case .signedOverflow:
            let expression = report.message.flatMap { message -> String? in
                guard let colon = message.range(of: ": "), let end = message.range(of: " cannot be represented") else { return nil }
                return String(message[colon.upperBound..<end.lowerBound])
            }
            return ["Fix the signed integer overflow in \(f):", "\(expression.map { "'\($0)'" } ?? "the result") does not fit in 'int'."]
        case .invalidCast:
            let target = report.message.flatMap { TraceText.quoted($0) }
            return ["Fix the invalid downcast in \(f): the object is a", "'\(report.object ?? "?")', not a '\(target ?? "?")'."]
        case .mismatchedFree:
            return ["Fix the mismatched deallocation in \(f): the block is", "released with a different operator than allocated it."]
        case .abort:
            return ["Fix the abort in \(f): the program stopped itself", "(\(placeholders.normalise(report.message ?? "SIGABRT")))."]
        case .other:
            return ["Fix the \(report.kind) in \(f) on the marked line."]
        }
    }

    func accessWords(_ report: CrashReport) -> String {
        guard let access = report.access, access.size > 0 else { return "access" }
        return "\(access.size)-byte \(access.kind.lowercased())"
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

    // MARK: REASONING and fix

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

    /// A UBSan message without the repeated address: `downcast of address 0x... which does not
    /// point to an object of type 'Square'` keeps its words, the address is normalised later.
    static func shortMessage(_ message: String) -> String {
        message.replacingOccurrences(of: "\"", with: "'")
    }
}

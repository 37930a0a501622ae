import Foundation

/// The ThreadState culprits: the program's variables that explain the fault, with their values,
/// followed by the facts the tool adds (the access, the check that fired, the block's history).
///
/// Values come from gdb: the trace's own frames when gdb found the bug, else the frames the
/// recorder saved when it stopped the sanitizer build under gdb (`FrameValues`). Without them
/// a variable is named only when the faulting line and the report leave no doubt (the one
/// divisor of a division that trapped, the one pointer a line reads through).
extension SnapshotBuilder {
    /// Variables of the crash frame with values, and whether they are from the run the trace
    /// shows (addresses then match the report's) or from another build of the same program.
    struct KnownValues {
        var variables: [TraceVariable] = []
        var sameRun = true
        /// The faulting address in the run the values come from.
        var faultAddress: String?

        func value(_ name: String) -> String? { variables.first { $0.name == name }?.value }
    }

    func knownValues(_ report: CrashReport, frame: StackFrame, frameIndex: Int, traceCase: TraceCase, traceName: String) -> KnownValues {
        if report.tool == .gdb {
            let extra = frameIndex == 0 ? report.locals.filter { !frame.locals.contains($0) } : []
            return KnownValues(variables: (frame.arguments + frame.locals + extra).filter { SnapshotBuilder.isReadable($0.value) }.map(SnapshotBuilder.withoutGarbageText),
                               sameRun: true, faultAddress: report.faultAddress)
        }
        let manager = FileManager.default
        let own = FrameValues.fileName(forTrace: traceName)
        let others = ((try? manager.contentsOfDirectory(atPath: traceCase.folder.path)) ?? [])
            .filter { $0.hasSuffix("." + FrameValues.fileExtension) && $0 != own }.sorted()
        for name in [own] + others {
            guard let text = try? traceCase.text(name) else { continue }
            let values = FrameValues(file: name, text: text)
            guard let match = values.frame(matching: frame, recursion: BugFamily(report) == .stackOverflow) else { continue }
            return KnownValues(variables: (match.arguments + match.locals).filter { SnapshotBuilder.isReadable($0.value) }.map(SnapshotBuilder.withoutGarbageText),
                               sameRun: name == own, faultAddress: values.reportedAddress)
        }
        return KnownValues()
    }

    func culprits(_ report: CrashReport, frame: StackFrame, family: BugFamily, boomLine: String,
                  traceCase: TraceCase, values: KnownValues) -> [Culprit] {
        var result = variableCulprits(report, frame: frame, family: family, boomLine: boomLine, traceCase: traceCase, values: values)
        result += toolFacts(report, frame: frame, family: family, traceCase: traceCase, named: result)
        return result
    }

    // MARK: Variables

    func variableCulprits(_ report: CrashReport, frame: StackFrame, family: BugFamily, boomLine: String,
                          traceCase: TraceCase, values: KnownValues) -> [Culprit] {
        var finder = VariableCulprits(builder: self, report: report, frame: frame, family: family, boomLine: boomLine,
                                      traceCase: traceCase, values: values)
        return finder.find()
    }

    // MARK: Tool facts

    /// What the tool adds besides variables: the access, the check's message, the block's
    /// history, the recursion depth, the abort message. Facts already told by a variable's
    /// comment are not repeated.
    func toolFacts(_ report: CrashReport, frame: StackFrame, family: BugFamily, traceCase: TraceCase, named: [Culprit]) -> [Culprit] {
        var result = [Culprit]()
        func related(_ prefix: String) -> String? {
            report.relatedStacks.first { $0.title.lowercased().hasPrefix(prefix) }.flatMap { SnapshotBuilder.describe($0.frames, in: traceCase) }
        }
        let pointerNamed = named.contains { $0.comment.contains("the address the tool reports") || $0.comment.contains("bytes past it") }
        switch family {
        case .stackOverflow:
            let depth = report.frames.prefix(while: { $0.baseName == report.frames[0].baseName }).count
            result.append(Culprit(name: "depth", value: "\(depth)+", comment: "the backtrace shows \(frame.baseName) calling itself \(depth) times and more"))
        case .abort:
            if let message = report.message {
                result.append(Culprit(name: "abort", value: "\"\(SnapshotBuilder.literalSafe(message))\"", comment: "printed by the program or the C library before SIGABRT"))
            }
        case .dataRace, .leak:
            if named.isEmpty {
                let comment = family == .leak ? "allocated in \(SnapshotBuilder.describe(report.frames, in: traceCase) ?? "?"), never freed" : raceComment(report, traceCase: traceCase)
                result.append(Culprit(name: family == .leak ? "leak" : "location",
                                      value: "\"\(SnapshotBuilder.literalSafe(family == .leak ? report.message ?? report.kind : report.location ?? "shared memory"))\"", comment: comment))
            }
        default:
            if report.tool == .ubsan, let message = report.message {
                result.append(Culprit(name: "check", value: "\"\(SnapshotBuilder.literalSafe(message))\"", comment: report.location ?? "runtime error on the marked line"))
                break
            }
            if report.tool == .gdb { break }
            if let access = report.access, access.size > 0 {
                let kind = report.tool == .memcheck ? access.kind : access.kind.uppercased()
                result.append(Culprit(name: "access", value: "\"\(kind) of size \(access.size)\"", comment: "the faulting access on the marked line"))
            }
            guard !pointerNamed else { break }
            var comment = report.location ?? report.kind
            if let access = report.access, access.size == 0 { comment = "\(access.kind.uppercased()) access; \(comment)" }
            if let freed = related("freed by") ?? related("block freed") { comment += "; freed in \(freed)" }
            if let allocated = related("previously allocated by") ?? related("allocated by") ?? related("block allocated") { comment += "; allocated in \(allocated)" }
            if let object = report.object, report.tool == .asan || report.tool == .lsan {
                result.append(Culprit(name: object, value: report.faultAddress ?? "?", comment: comment))
            } else if let address = report.faultAddress {
                result.append(Culprit(name: "address", value: address, comment: comment))
            }
        }
        return result
    }

    func raceComment(_ report: CrashReport, traceCase: TraceCase) -> String {
        var comment = "\(report.access.map { "\($0.kind) of size \($0.size)" } ?? "access") by thread \(report.thread ?? "?") here"
        if let previous = report.relatedStacks.first(where: { $0.title.lowercased().contains("previous") }) {
            let words = previous.title.split(separator: " ")
            let what = words.firstIndex(where: { $0 == "read" || $0 == "write" }).map { String(words[$0]) } ?? "access"
            let thread = previous.title.components(separatedBy: "by ").last ?? "another thread"
            comment += "; previous \(what) by \(thread) in \(SnapshotBuilder.describe(previous.frames, in: traceCase) ?? "?")"
        }
        return comment
    }

    // MARK: Value helpers

    /// gdb's placeholders for values it could not read: `...` (a reference in a frame line),
    /// `<optimized out>`, `<error: Cannot access memory ...>`.
    /// `0x4052a0 "YUUU\005"`: a pointer into freed or unset memory prints as garbage text;
    /// the address alone says what matters.
    static func withoutGarbageText(_ variable: TraceVariable) -> TraceVariable {
        guard variable.value.hasPrefix("0x"), let quote = variable.value.firstIndex(of: "\""), variable.value[quote...].contains("\\") else { return variable }
        return TraceVariable(name: variable.name, value: variable.value[..<quote].trimmingCharacters(in: .whitespaces))
    }

    static func isReadable(_ value: String) -> Bool {
        !(value == "..." || value.hasPrefix("<optimized out>") || value.hasPrefix("<error"))
    }

    /// `0x602000000010` → its value.
    static func address(_ text: String) -> UInt64? {
        let word = text.prefix { !$0.isWhitespace }
        guard word.hasPrefix("0x") else { return nil }
        return UInt64(word.dropFirst(2), radix: 16)
    }

    /// Pointer-valued variables, and pointer members one level down (`m = {body = 0x..}` gives
    /// `m.body`); members named by the library (`_M_current`) stand for their variable.
    static func pointers(in variables: [TraceVariable]) -> [(String, UInt64)] {
        var result = [(String, UInt64)]()
        guard let member = try? NSRegularExpression(pattern: "([A-Za-z_][A-Za-z0-9_]*) = (0x[0-9a-f]+)") else { return result }
        for variable in variables {
            if let value = address(variable.value), value != 0 { result.append((variable.name, value)); continue }
            // A reference prints as `@0x602000000010: 10`: the address it refers to, then the value there.
            if variable.value.hasPrefix("@0x"), let value = address(String(variable.value.dropFirst().prefix { $0 != ":" })), value != 0 {
                result.append((variable.name, value))
                continue
            }
            let text = variable.value
            for match in member.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let nameRange = Range(match.range(at: 1), in: text), let valueRange = Range(match.range(at: 2), in: text),
                      let value = address(String(text[valueRange])), value != 0 else { continue }
                let field = String(text[nameRange])
                result.append((field.hasPrefix("_") ? variable.name : "\(variable.name).\(field)", value))
            }
        }
        return result
    }

    /// The operands UBSan prints for an overflow (`295248414 * 31 cannot be represented`).
    static func overflowOperands(_ message: String?) -> [String] {
        guard let message, let colon = message.range(of: ": "), let end = message.range(of: " cannot be represented") else { return [] }
        return message[colon.upperBound..<end.lowerBound].split(separator: " ").map(String.init).filter { Int($0) != nil }
    }
}

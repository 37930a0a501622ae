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
        var result = [Culprit]()
        let used = CodeLine.variables(boomLine)
        func add(_ name: String, _ value: String, _ comment: String) {
            if !result.contains(where: { $0.name == name }) { result.append(Culprit(name: name, value: value, comment: comment, isVariable: true)) }
        }
        func scalar(_ value: String) -> Bool { Int(value) != nil || (Double(value) != nil && !value.hasPrefix("0x")) }
        func related(_ prefix: String) -> String? {
            report.relatedStacks.first { $0.title.lowercased().hasPrefix(prefix) }.flatMap { SnapshotBuilder.describe($0.frames, in: traceCase) }
        }
        let freedIn = related("freed by") ?? related("block freed") ?? related("address ")
        let allocatedIn = related("previously allocated by") ?? related("allocated by") ?? related("block allocated") ?? related("block was alloc")

        switch family {
        case .nullDereference:
            for variable in values.variables where variable.value.split(separator: " ").first == "0x0" {
                if variable.name == "this" { add("this", "nullptr", "null: the member function runs on a null object") }
                else if used.contains(variable.name) { add(variable.name, "nullptr", "null, and the marked line reads through it") }
            }
            if result.isEmpty, values.variables.isEmpty {
                let through = CodeLine.dereferenced(boomLine)
                if through.count == 1 { add(through[0], "nullptr", "the one pointer the marked line reads through; the fault address is in the zero page") }
            }
        case .divideByZero:
            let divisors = CodeLine.divisors(boomLine)
            for name in divisors where values.value(name) == "0" { add(name, "0", "the divisor on the marked line") }
            if result.isEmpty, Set(divisors).count == 1 { add(divisors[0], "0", "the divisor on the marked line: the division trapped, so it is 0") }
        case .heapOverflow, .stackBufferOverflow, .useAfterFree, .doubleFree, .mismatchedFree, .invalidCast:
            // A pointer whose block holds the faulting address (stack arrays have no pointer to match).
            let reach = UInt64(SnapshotBuilder.blockSize(report.location) ?? 4096) + 64
            if values.sameRun, family != .stackBufferOverflow, let fault = values.faultAddress.flatMap(SnapshotBuilder.address) {
                for (name, value) in SnapshotBuilder.pointers(in: values.variables) {
                    guard fault >= value, fault - value < reach else { continue }
                    let offset = fault - value
                    var comment = offset == 0 ? "the address the tool reports" : "the faulting access is \(offset) bytes past it"
                    switch family {
                    case .useAfterFree, .doubleFree: if let freedIn { comment += "; the block was freed in \(freedIn)" }
                    case .invalidCast: if let object = report.object { comment += "; it points to a '\(object)'" }
                    default: if let allocatedIn { comment += "; the block was allocated in \(allocatedIn)" }
                    }
                    add(name, "0x" + String(value, radix: 16), comment)
                }
            }
            let indices = CodeLine.subscriptVariables(boomLine)
            for name in indices {
                if let value = values.value(name), scalar(value) { add(name, value, "the index on the marked line") }
            }
            if indices.isEmpty, family == .heapOverflow || family == .stackBufferOverflow {
                // A copy or fill without a subscript: its sizes are on the line.
                for name in used { if let value = values.value(name), scalar(value) { add(name, value, "used on the marked line") } }
            }
            if result.isEmpty, family == .useAfterFree || family == .doubleFree || family == .mismatchedFree {
                let through = CodeLine.dereferenced(boomLine)
                if through.count == 1 {
                    let what = family == .useAfterFree ? "the one pointer the marked line reads through" : "the pointer the marked line releases"
                    let known = values.value(through[0]).flatMap { SnapshotBuilder.address($0) != nil ? String($0.prefix { !$0.isWhitespace }) : nil }
                    add(through[0], known ?? (family == .mismatchedFree ? "<block>" : "<dangling>"), what + (freedIn.map { "; the block was freed in \($0)" } ?? ""))
                }
            }
        case .signedOverflow:
            let operands = SnapshotBuilder.overflowOperands(report.message)
            let known = used.compactMap { name in values.value(name).flatMap { scalar($0) ? (name, $0) : nil } }
            let matching = known.filter { operands.contains($0.1) }
            for (name, value) in matching.isEmpty ? known : matching {
                add(name, value, operands.contains(value) ? "an operand of the overflowing operation" : "used on the marked line")
            }
        case .stackOverflow:
            // gdb cannot read an argument whose stack slot lies past the overflow.
            let arguments = frame.arguments.filter { SnapshotBuilder.isReadable($0.value) }
            if !arguments.isEmpty {
                for argument in arguments { add(argument.name, argument.value, "in the innermost call") }
            } else if let outer = report.frames.dropFirst().first(where: { $0.baseName == frame.baseName && !$0.arguments.isEmpty && $0.arguments.allSatisfy { SnapshotBuilder.isReadable($0.value) } }) {
                // The innermost call's arguments lie past the end of the stack; the call that made it still has its own.
                for argument in outer.arguments { add(argument.name, argument.value, "in the call that made the innermost one") }
            } else {
                for variable in values.variables where used.contains(variable.name) { add(variable.name, variable.value, "in the innermost call") }
            }
        case .uninitialised:
            let origin = report.relatedStacks.first { $0.title.hasPrefix("Uninitialised value was created") || $0.title.hasPrefix("Uninitialized value was created") }
            // MemorySanitizer names the variable whose allocation was never written. Valgrind
            // names only the function that allocated it: a variable of the marked line is the
            // culprit when it is that function's own, or was assigned from a call to it.
            var names = [String]()
            if let object = report.object {
                names = [object]
            } else if used.count == 1, let originFunction = origin?.frames.first(where: { $0.file.flatMap { SnapshotBuilder.caseSource($0, in: traceCase) } != nil })?.baseName,
                      let lines = try? traceCase.text(frame.file ?? "").components(separatedBy: "\n"), let line = frame.line {
                let span = FunctionLocator(text: lines.joined(separator: "\n")).function(containing: line)
                let assigned = CodeLine.origin(of: used[0], in: lines, before: line, from: span?.first ?? 1)
                let short = originFunction.components(separatedBy: "::").last ?? originFunction
                if originFunction == frame.baseName || assigned.map({ CodeLine.code($0.text).contains(short + "(") }) == true {
                    names = [CodeLine.memberPath(of: used[0], in: boomLine)]
                }
            }
            if !names.isEmpty {
                let from = origin.map { stack -> String in
                    let title = stack.title.replacingOccurrences(of: "Uninitialised value was created by", with: "created by")
                        .replacingOccurrences(of: "Uninitialized value was created by", with: "created by")
                    return "\(title) in \(SnapshotBuilder.describe(stack.frames, in: traceCase) ?? "?")"
                }
                let role = report.object == nil ? "read by the marked line" : "never written before the marked line uses it"
                for name in names { add(name, "<uninitialised>", role + (from.map { "; the value was \($0)" } ?? "")) }
            }
        case .dataRace:
            if let target = report.object ?? CodeLine.assignedTarget(boomLine) {
                add(target, "\"\(SnapshotBuilder.literalSafe(report.location ?? "shared memory"))\"", raceComment(report, traceCase: traceCase))
            }
        case .leak:
            // `char* line = new char[32];`, or a member initialised in a constructor's list: `cells_(new double[n])`.
            let initialised = boomLine.range(of: "[A-Za-z_][A-Za-z0-9_]*\\s*\\(\\s*new\\b", options: .regularExpression)
                .map { String(boomLine[$0].prefix { $0.isLetter || $0.isNumber || $0 == "_" }) }
            if let target = CodeLine.assignedTarget(boomLine) ?? initialised {
                add(target, "\"\(report.message ?? report.kind)\"", "holds the block allocated on the marked line; nothing frees it")
            }
        case .abort, .other:
            for name in used {
                guard let value = values.value(name) else { continue }
                add(name, value, "used on the marked line")
            }
        }
        return result
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

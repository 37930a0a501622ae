import Foundation

/// Finds the variables that explain a crash, family by family: the null pointer, the zero
/// divisor, the pointer whose block holds the faulting address, the overflowing operands, the
/// recursion's arguments, the variable never written, the shared variable of a race, the
/// pointer that leaks. Each comes with its value and a comment saying why it matters.
struct VariableCulprits {
    let builder: SnapshotBuilder
    let report: CrashReport
    let frame: StackFrame
    let family: BugFamily
    let boomLine: String
    let traceCase: TraceCase
    let values: SnapshotBuilder.KnownValues
    /// The variables the marked line uses.
    let used: [String]
    let freedIn: String?
    let allocatedIn: String?
    private(set) var result = [SnapshotBuilder.Culprit]()

    init(builder: SnapshotBuilder, report: CrashReport, frame: StackFrame, family: BugFamily, boomLine: String,
         traceCase: TraceCase, values: SnapshotBuilder.KnownValues) {
        self.builder = builder
        self.report = report
        self.frame = frame
        self.family = family
        self.boomLine = boomLine
        self.traceCase = traceCase
        self.values = values
        used = CodeLine.variables(boomLine)
        func related(_ prefix: String) -> String? {
            report.relatedStacks.first { $0.title.lowercased().hasPrefix(prefix) }.flatMap { SnapshotBuilder.describe($0.frames, in: traceCase) }
        }
        freedIn = related("freed by") ?? related("block freed") ?? related("address ")
        allocatedIn = related("previously allocated by") ?? related("allocated by") ?? related("block allocated") ?? related("block was alloc")
    }

    /// The culprits of the crash's family, in the order found.
    mutating func find() -> [SnapshotBuilder.Culprit] {
        switch family {
        case .nullDereference: nullDereference()
        case .divideByZero: divideByZero()
        case .heapOverflow, .stackBufferOverflow, .useAfterFree, .doubleFree, .mismatchedFree, .invalidCast: memoryError()
        case .signedOverflow: signedOverflow()
        case .stackOverflow: stackOverflow()
        case .uninitialised: uninitialised()
        case .dataRace: dataRace()
        case .leak: leak()
        case .abort, .other: usedValues()
        }
        return result
    }

    private mutating func add(_ name: String, _ value: String, _ comment: String) {
        if !result.contains(where: { $0.name == name }) { result.append(SnapshotBuilder.Culprit(name: name, value: value, comment: comment, isVariable: true)) }
    }

    private func scalar(_ value: String) -> Bool { Int(value) != nil || (Double(value) != nil && !value.hasPrefix("0x")) }

    private mutating func nullDereference() {
        for variable in values.variables where variable.value.split(separator: " ").first == "0x0" {
            if variable.name == "this" { add("this", "nullptr", "null: the member function runs on a null object") }
            else if used.contains(variable.name) { add(variable.name, "nullptr", "null, and the marked line reads through it") }
        }
        if result.isEmpty, values.variables.isEmpty {
            let through = CodeLine.dereferenced(boomLine)
            if through.count == 1 { add(through[0], "nullptr", "the one pointer the marked line reads through; the fault address is in the zero page") }
        }
        // UBSan's column points at the member used through the null object (`n->next->payload()`
        // at `payload`): the expression before it is the null pointer, a member path gdb's
        // locals do not show.
        if result.isEmpty, report.tool == .ubsan, report.message?.contains("null pointer") == true,
           let column = frame.column, column > 1, column - 1 <= boomLine.count {
            var before = String(boomLine.prefix(column - 1))
            for separator in ["->", "."] where before.hasSuffix(separator) { before.removeLast(separator.count) }
            if let range = before.range(of: #"[A-Za-z_][A-Za-z0-9_]*((->|\.)[A-Za-z_][A-Za-z0-9_]*)*$"#, options: .regularExpression),
               !CodeLine.keywords.contains(String(before[range])) {
                add(String(before[range]), "nullptr", "the object the member at column \(column) is used through; the check found it null")
            }
        }
    }

    private mutating func divideByZero() {
        let divisors = CodeLine.divisors(boomLine)
        for name in divisors where values.value(name) == "0" { add(name, "0", "the divisor on the marked line") }
        if result.isEmpty, Set(divisors).count == 1 { add(divisors[0], "0", "the divisor on the marked line: the division trapped, so it is 0") }
    }

    private mutating func memoryError() {
        // A pointer whose block holds the faulting address (stack arrays have no pointer to match).
        let reach = UInt64(SnapshotBuilder.blockSize(report.location) ?? 4096) + 64
        // Values from another build's run are compared with that run's fault address (the
        // layout of the program is the same, the addresses are not), and shown without them.
        if family != .stackBufferOverflow, let fault = values.faultAddress.flatMap(SnapshotBuilder.address) {
            for (name, value) in SnapshotBuilder.pointers(in: values.variables) {
                guard fault >= value, fault - value < reach else { continue }
                let offset = fault - value
                var comment = offset == 0 ? "the address the tool reports" : "the faulting access is \(offset) bytes past it"
                switch family {
                case .useAfterFree, .doubleFree: if let freedIn { comment += "; the block was freed in \(freedIn)" }
                case .invalidCast: if let object = report.object { comment += "; it points to a '\(object)'" }
                default: if let allocatedIn { comment += "; the block was allocated in \(allocatedIn)" }
                }
                let shown = values.sameRun ? "0x" + String(value, radix: 16)
                    : family == .useAfterFree || family == .doubleFree ? "<dangling>" : "<block>"
                add(name, shown, values.sameRun ? comment : comment + " (in a run of the sanitizer build)")
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
        if result.isEmpty, family == .useAfterFree {
            // No pointer on the line holds the address: an iterator or a reference into a
            // container's freed storage (`++it` after `erase(it)`), printed by gdb as the
            // element it refers to. Of the line's variables with plain values, the ones the fix
            // changes are what went stale.
            let changed = ((try? traceCase.text("fix.diff")) ?? "").split(separator: "\n")
                .filter { ($0.hasPrefix("+") || $0.hasPrefix("-")) && !$0.hasPrefix("+++") && !$0.hasPrefix("---") }
                .map { CodeLine.variables(String($0.dropFirst())) }
            for name in used where changed.contains(where: { $0.contains(name) }) {
                guard let value = values.value(name), !value.contains("{"), !value.hasPrefix("0x") else { continue }
                add(name, value, "read by the marked line; it refers into the freed block" + (freedIn.map { " (freed in \($0))" } ?? ""))
            }
        }
    }

    private mutating func signedOverflow() {
        let operands = SnapshotBuilder.overflowOperands(report.message)
        let known = used.compactMap { name in values.value(name).flatMap { scalar($0) ? (name, $0) : nil } }
        let matching = known.filter { operands.contains($0.1) }
        for (name, value) in matching.isEmpty ? known : matching {
            add(name, value, operands.contains(value) ? "an operand of the overflowing operation" : "used on the marked line")
        }
    }

    private mutating func stackOverflow() {
        // gdb cannot read an argument whose stack slot lies past the overflow.
        let arguments = frame.arguments.filter { SnapshotBuilder.isReadable($0.value) }
        if !arguments.isEmpty {
            for argument in arguments { add(argument.name, argument.value, "in the innermost call") }
        } else if let outer = report.frames.dropFirst().first(where: { $0.baseName == frame.baseName && !$0.arguments.isEmpty && $0.arguments.allSatisfy { SnapshotBuilder.isReadable($0.value) } }) {
            // The innermost call's arguments lie past the end of the stack; the call that made it still has its own.
            for argument in outer.arguments { add(argument.name, argument.value, "in the call that made the innermost one") }
        } else {
            for variable in values.variables where used.contains(variable.name) { add(variable.name, variable.value, "deep in the recursion, where gdb can read it") }
        }
    }

    private mutating func uninitialised() {
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
        var owner: String?
        if names.isEmpty, let (function, local) = uninitialisedLocal(of: origin) {
            names = [local]
            owner = function
        }
        if !names.isEmpty {
            let from = origin.map { stack -> String in
                let title = stack.title.replacingOccurrences(of: "Uninitialised value was created by", with: "created by")
                    .replacingOccurrences(of: "Uninitialized value was created by", with: "created by")
                return "\(title) in \(SnapshotBuilder.describe(stack.frames, in: traceCase) ?? "?")"
            }
            let role = owner.map { "a local of \($0) declared without a value; the marked line reads what \($0) made of it" }
                ?? (report.object == nil ? "read by the marked line" : "never written before the marked line uses it")
            for name in names { add(name, "<uninitialised>", role + (from.map { "; the value was \($0)" } ?? "")) }
            if let owner, !result.isEmpty { result[result.count - 1].localOf = owner }
        }
    }

    /// Valgrind's origin of an uninitialised value is a function's stack frame, not a variable.
    /// When the marked line calls that function and the function declares exactly one local
    /// without a value (`bool found;`, `int weights[8];`), that local is what the value came from.
    private func uninitialisedLocal(of origin: RelatedStack?) -> (function: String, local: String)? {
        guard let origin, let source = origin.frames.first(where: { $0.file.flatMap { SnapshotBuilder.caseSource($0, in: traceCase) } != nil }),
              let file = source.file, let line = source.line, source.baseName != frame.baseName,
              let text = try? traceCase.text(file) else { return nil }
        let short = source.baseName.components(separatedBy: "::").last ?? source.baseName
        guard CodeLine.code(boomLine).contains(short + "("),
              let span = FunctionLocator(text: text).function(containing: line) else { return nil }
        let lines = text.components(separatedBy: "\n")
        let locals = (span.first...min(span.last, lines.count)).compactMap { CodeLine.declaredWithoutValue(lines[$0 - 1]) }
        return locals.count == 1 ? (short, locals[0]) : nil
    }

    private mutating func dataRace() {
        if let target = report.object ?? CodeLine.assignedTarget(boomLine) {
            add(target, "\"\(SnapshotBuilder.literalSafe(report.location ?? "shared memory"))\"", builder.raceComment(report, traceCase: traceCase))
        }
    }

    private mutating func leak() {
        // `char* line = new char[32];`, or a member initialised in a constructor's list: `cells_(new double[n])`.
        let initialised = boomLine.range(of: "[A-Za-z_][A-Za-z0-9_]*\\s*\\(\\s*new\\b", options: .regularExpression)
            .map { String(boomLine[$0].prefix { $0.isLetter || $0.isNumber || $0 == "_" }) }
        if let target = CodeLine.assignedTarget(boomLine) ?? initialised {
            add(target, "\"\(report.message ?? report.kind)\"", "holds the block allocated on the marked line; nothing frees it")
        }
    }

    private mutating func usedValues() {
        for name in used {
            guard let value = values.value(name) else { continue }
            add(name, value, "used on the marked line")
        }
    }
}

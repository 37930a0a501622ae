import Foundation

/// The completion: numbered REASONING steps, then the fixed code.
///
/// The steps go from what the tool saw to why it happened and why the fix removes it: the
/// report and the faulting line; what the culprit holds and where that value came from (the
/// line that set it, or the caller that passed it); what the faulting operation does with that
/// value; what the fix edits; and what the edit guarantees at the faulting line. Every part is
/// taken from the trace, the values gdb saw, the source and the diff.
extension SnapshotBuilder {
    /// What the REASONING is built from, besides the report.
    struct ReasoningInput {
        var frame: StackFrame
        var frameIndex: Int
        var family: BugFamily
        var culprits: [Culprit]
        var sourceLines: [String]
        var boom: Int
        var traceCase: TraceCase
    }

    func reasoning(_ report: CrashReport, _ input: ReasoningInput, fix: UnifiedDiff, placeholders: inout AddressPlaceholders) throws -> String {
        let file = input.frame.file!
        let function = input.frame.baseName
        let boomCode = input.sourceLines[input.boom - 1].trimmingCharacters(in: .whitespaces)
        let caller = report.frames.dropFirst(input.frameIndex + 1).first { $0.file.flatMap { SnapshotBuilder.caseSource($0, in: input.traceCase) } != nil }
        let callerText = caller.flatMap { frame -> String? in
            guard let path = SnapshotBuilder.caseSource(frame.file!, in: input.traceCase), let line = frame.line,
                  let text = try? input.traceCase.text(path).components(separatedBy: "\n"), line >= 1, line <= text.count else { return nil }
            return "\(frame.baseName) at \(path):\(line) (`\(text[line - 1].trimmingCharacters(in: .whitespaces))`)"
        }
        var steps = [String]()
        let error = report.signal.map { "\($0.name) (signal \($0.number))" } ?? report.kind
        steps.append("\(report.tool.displayName) reports \(error) in \(function) at \(file):\(input.boom), on `\(boomCode)`.")
        if input.frameIndex > 0, let inner = report.frames.first {
            steps.append("Frame #0 is \(inner.baseName)\(inner.module.map { " in \($0)" } ?? ""); the innermost frame in our code is #\(input.frameIndex).")
        }

        // What the culprit holds and where it came from.
        let variables = input.culprits.filter(\.isVariable)
        var usedCaller = false
        if let primary = variables.first {
            // A pointer named from another build's run has no address of this run to show.
            var step = primary.value == "<dangling>" ? "`\(primary.name)` refers to freed memory when the marked line runs"
                : primary.value == "<block>" ? "`\(primary.name)` points to the block the report names when the marked line runs"
                : "`\(primary.name)` is \(SnapshotBuilder.spoken(primary.value)) when the marked line runs"
            let base = String(primary.name.prefix { $0.isLetter || $0.isNumber || $0 == "_" })
            let span = siteSpan(input.sourceLines, line: input.boom, bare: false)
            let header = span.map { span -> String in
                let text = input.sourceLines[(span.first - 1)...min(span.last - 1, span.first + 2)].joined(separator: " ")
                return String(text.prefix { $0 != "{" })
            } ?? ""
            if input.family == .dataRace || input.family == .leak {
                step = ""
            } else if input.family == .uninitialised, let declared = report.relatedStacks.first(where: { $0.title.contains("allocation of '\(base)'") })?.frames.first,
                      let line = declared.line, line >= 1, line <= input.sourceLines.count {
                step += ": it is declared at \(file):\(line) (`\(input.sourceLines[line - 1].trimmingCharacters(in: .whitespaces))`) and nothing writes it on the path that reaches the marked line"
            } else if input.family == .uninitialised, let owner = primary.localOf,
                      let line = input.sourceLines.firstIndex(where: { CodeLine.declaredWithoutValue($0) == base }).map({ $0 + 1 }) {
                step = "`\(primary.name)` is a local of \(owner), declared at \(file):\(line) (`\(input.sourceLines[line - 1].trimmingCharacters(in: .whitespaces))`) without a value; "
                    + "the marked line reads the result of \(owner)(), which is made from it"
            } else if base == "this", let callerText {
                step += ": \(callerText) calls \(function) through a null pointer"
                usedCaller = true
            } else if let origin = CodeLine.origin(of: base, in: input.sourceLines, before: input.boom, from: span?.first ?? 1), origin.line != input.boom {
                step += ": it gets its value at \(file):\(origin.line), `\(origin.text)`"
            } else if CodeLine.variables(header).contains(base), let callerText {
                step += ": it is a parameter of \(function), passed by \(callerText)"
                usedCaller = true
            }
            if !step.isEmpty { steps.append(step + ".") }
            for other in variables.dropFirst() { steps.append("`\(other.name)` = \(other.value): \(other.comment).") }
        }
        steps.append(mechanism(report, input, primary: variables.first, boomCode: boomCode))
        if !usedCaller, let callerText { steps.append("\(function) is called from \(callerText).") }

        // The fix and why it removes the fault.
        let fixed = try fixedCode(case: input.traceCase, crashFile: file, fix: fix)
        if let edit = SnapshotBuilder.editSummary(fix) {
            steps.append("The fix changes \(SnapshotBuilder.listByFile(fixed.functions) ?? "declarations"): it \(edit).")
        }
        if !fix.summary.isEmpty { steps.append("Fix: \(fix.summary)") }
        if let consequence = consequence(report, input, primary: variables.first) { steps.append(consequence) }

        var text = "/* REASONING:\n"
        for (index, step) in steps.enumerated() { text += "\(index + 1). \(placeholders.normalise(step))\n" }
        text += "*/\n"
        return text + fixed.code
    }

    /// What the faulting operation does with the culprit, and why that fails.
    func mechanism(_ report: CrashReport, _ input: ReasoningInput, primary: Culprit?, boomCode: String) -> String {
        let name = primary.map { "`\($0.name)`" }
        let address = report.faultAddress.map { " \($0)" } ?? ""
        func related(_ prefix: String) -> String? {
            report.relatedStacks.first { $0.title.lowercased().hasPrefix(prefix) }.flatMap { SnapshotBuilder.describe($0.frames, in: input.traceCase) }
        }
        switch input.family {
        case .nullDereference:
            if report.tool == .ubsan, let message = report.message {
                return "The marked line uses \(name ?? "a null pointer") as an object, so UndefinedBehaviorSanitizer stops it before the access: \(message)."
            }
            if primary?.name == "this" {
                return "Every member access in \(input.frame.baseName) reads through `this`, so the read lands at address\(address) in the unmapped zero page and the process gets SIGSEGV."
            }
            return "The marked line reads through \(name.map { "\($0), a null pointer" } ?? "a null pointer"), so the access goes to address\(address) in the unmapped zero page and the process gets SIGSEGV."
        case .divideByZero:
            let catcher = report.tool == .ubsan ? "UndefinedBehaviorSanitizer stops it before the CPU traps" : "the CPU traps and the process gets SIGFPE"
            return "The marked line divides by \(name ?? "a value that is 0"), and integer division by zero has no result, so \(catcher)."
        case .heapOverflow, .stackBufferOverflow:
            let where_ = report.location.map { " (\($0))" } ?? ""
            var sentence = "The \(accessWords(report)) on the marked line lands outside the memory it indexes\(where_)"
            if let size = SnapshotBuilder.blockSize(report.location), let access = report.access, access.size > 0,
               let index = input.culprits.first(where: { $0.isVariable && $0.comment == "the index on the marked line" }), let value = Int(index.value) {
                let count = size / access.size
                sentence += ": the block holds \(count) elements of \(access.size) bytes, so valid indices are 0 to \(count - 1), and `\(index.name)` = \(value)"
                sentence += value >= count ? " is past the last one" : " with the offset of the access runs past the end"
            } else if let object = report.object {
                sentence += ": it runs past the end of the local array '\(object)' and would overwrite what lies next to it on the stack"
            }
            return sentence + ", so \(report.tool.displayName) stops the program before the memory is corrupted."
        case .useAfterFree:
            let freed = related("freed by") ?? related("block freed") ?? related("address ")
            return "\(name ?? "The pointer the marked line reads through") still points into a block that was freed\(freed.map { " in \($0)" } ?? ""), so the \(accessWords(report)) touches memory the allocator has taken back and may have given to someone else."
        case .doubleFree:
            let freed = related("freed by") ?? related("block freed") ?? related("address ")
            return "The block \(name.map { "\($0) points to" } ?? "being released") was already freed\(freed.map { " in \($0)" } ?? ""); freeing it a second time corrupts the allocator's free lists, so the runtime stops the program."
        case .mismatchedFree:
            let detail = report.message.map { " (\($0.trimmingCharacters(in: CharacterSet(charactersIn: "()"))))" } ?? ""
            return "The block \(name.map { "\($0) points to" } ?? "") was allocated by one operator and is released by another\(detail); the two use different bookkeeping, so the release is undefined behaviour."
        case .signedOverflow:
            if let detail = SnapshotBuilder.overflowDetail(report.message) {
                return "\(detail.expression) is \(detail.result), outside the range of '\(detail.type)' (\(detail.min) to \(detail.max)); signed overflow is undefined behaviour, so UndefinedBehaviorSanitizer stops the program."
            }
            return "The arithmetic on the marked line leaves the range of its signed type; signed overflow is undefined behaviour, so UndefinedBehaviorSanitizer stops the program."
        case .stackOverflow:
            let depth = input.culprits.first { $0.name == "depth" }?.value ?? "many"
            let argument = primary.map { " (the innermost call has `\($0.name)` = \($0.value))" } ?? ""
            return "The marked line calls \(input.frame.baseName) again before the current call returns, and for this input no call reaches the base case: the stack holds \(depth) nested frames\(argument), so it runs out of stack and the process faults."
        case .uninitialised:
            return "\(name ?? "A value the marked line reads") was never written on the path that led here, so what the marked line does with it depends on whatever bytes were left in that memory, and the result can change from run to run."
        case .dataRace:
            let comment = primary?.comment ?? input.culprits.first { $0.name == "location" }?.comment ?? ""
            return "Two threads access \(name ?? "the same memory") with no lock or atomic ordering them (\(comment)), so the accesses can interleave: one thread can read a value the other is in the middle of changing, and updates can be lost."
        case .leak:
            return "\(name ?? "The pointer") receives a block allocated on the marked line and no path releases it, so when the program exits the block is unreachable and never returned (\(report.message ?? report.kind))."
        case .invalidCast:
            let target = report.message.flatMap { TraceText.quoted($0) } ?? "?"
            return "static_cast does not check the dynamic type: \(name ?? "the pointer") points to a '\(report.object ?? "?")', not a '\(target)', so using it as a '\(target)' is undefined behaviour."
        case .abort:
            return "The C library found the problem itself and called abort()\(report.message.map { ": \($0)" } ?? "")."
        case .other:
            return "The marked line faults (\(report.signal?.name ?? report.kind))\(address.isEmpty ? "" : " at address\(address)")."
        }
    }

    /// What the fixed code guarantees at the faulting line.
    func consequence(_ report: CrashReport, _ input: ReasoningInput, primary: Culprit?) -> String? {
        let name = primary.map { "`\($0.name)`" }
        switch input.family {
        case .nullDereference: return "So the marked access no longer runs with \(name ?? "the pointer") null."
        case .divideByZero: return "So the division no longer runs with \(name ?? "a divisor") equal to 0."
        case .heapOverflow: return "So every access stays inside the block" + (name.map { ", whatever \($0) holds here" } ?? "") + "."
        case .stackBufferOverflow: return "So the accesses stay inside \(report.object.map { "'\($0)'" } ?? "the array")" + (name.map { ", whatever \($0) holds here" } ?? "") + "."
        case .useAfterFree: return "So nothing reads the block after it is freed."
        case .doubleFree: return "So the block is freed exactly once."
        case .mismatchedFree: return "So the block is released by the operator that matches its allocation."
        case .signedOverflow: return "So no step of the computation" + (name.map { " on \($0)" } ?? "") + " overflows a signed type."
        case .stackOverflow: return "So every chain of calls reaches the base case" + (name.map { " whatever \($0) starts at" } ?? "") + ", and the recursion depth stays bounded."
        case .uninitialised: return "So \(name ?? "the value") holds a defined value before it is read."
        case .dataRace: return "So the accesses to \(name ?? "the shared memory") are ordered and no update is lost."
        case .leak: return "So every block allocated in \(input.frame.baseName) is released."
        case .invalidCast: return "So the object is used as that type only when it is one."
        case .abort: return "So the failing check is no longer reached."
        case .other: return nil
        }
    }

    /// `nullptr` stays a word; other values are quoted as code.
    static func spoken(_ value: String) -> String {
        value == "nullptr" || value.hasPrefix("<") ? value : "`\(value)`"
    }

    /// `["f in a.cpp", "g in a.cpp", "h in b.cpp"]` → `f and g in a.cpp and h in b.cpp`.
    static func listByFile(_ functions: [String]) -> String? {
        var order = [String]()
        var names = [String: [String]]()
        for entry in functions {
            let parts = entry.components(separatedBy: " in ")
            guard parts.count == 2 else { continue }
            if names[parts[1]] == nil { order.append(parts[1]) }
            names[parts[1], default: []].append(parts[0])
        }
        let text = order.map { "\(names[$0]!.joined(separator: " and ")) in \($0)" }.joined(separator: ", and ")
        return text.isEmpty ? nil : text
    }

    /// What the diff does, hunk by hunk (at most two): `replaces `a` with `b``, `adds `x``,
    /// `removes `y``; a line removed in one place and added in another is `moves`.
    static func editSummary(_ fix: UnifiedDiff) -> String? {
        func meaningful(_ text: String) -> Bool {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            return !trimmed.isEmpty && trimmed != "{" && trimmed != "}" && !trimmed.hasPrefix("//") && !trimmed.hasPrefix("#include")
        }
        func trimmed(_ line: String) -> String { String(line.dropFirst()).trimmingCharacters(in: .whitespaces) }
        // Runs of changed lines between context lines: one edit each.
        var runs = [[String]]()
        for hunk in fix.files.flatMap(\.hunks) {
            var current = [String]()
            for line in hunk.lines {
                if line.hasPrefix("+") || line.hasPrefix("-") { current.append(line) } else if !current.isEmpty { runs.append(current); current = [] }
            }
            if !current.isEmpty { runs.append(current) }
        }
        let hunks = runs.map { run in
            (removed: run.filter { $0.hasPrefix("-") && meaningful(String($0.dropFirst())) }.map(trimmed),
             added: run.filter { $0.hasPrefix("+") && meaningful(String($0.dropFirst())) }.map(trimmed))
        }
        let allRemoved = hunks.flatMap(\.removed)
        let allAdded = hunks.flatMap(\.added)
        let moved = allRemoved.filter { allAdded.contains($0) }
        func more(_ count: Int) -> String { count > 1 ? " (and \(count - 1) more line\(count > 2 ? "s" : ""))" : "" }
        var parts = [String]()
        if let first = moved.first { parts.append("moves `\(first)`" + more(moved.count)) }
        for hunk in hunks {
            let removed = hunk.removed.filter { !moved.contains($0) }
            let added = hunk.added.filter { !moved.contains($0) }
            if let first = removed.first, let replacement = added.first {
                parts.append("replaces `\(first)` with `\(replacement)`" + more(max(removed.count, added.count)))
            } else if let first = added.first {
                parts.append("adds `\(first)`" + more(added.count))
            } else if let first = removed.first {
                parts.append("removes `\(first)`" + more(removed.count))
            }
        }
        let shown = parts.prefix(2)
        return shown.isEmpty ? nil : shown.joined(separator: "; ") + (parts.count > 2 ? "; and changes \(parts.count - 2) more place\(parts.count > 3 ? "s" : "")" : "")
    }

    /// `0 bytes after 40-byte region`, `0 bytes after a block of size 40 alloc'd` → 40.
    static func blockSize(_ location: String?) -> Int? {
        guard let location else { return nil }
        for pattern in ["([0-9]+)-byte region", "block of size ([0-9]+)"] {
            if let range = location.range(of: pattern, options: .regularExpression) {
                return Int(location[range].filter(\.isNumber))
            }
        }
        return nil
    }

    /// The overflowing expression with its exact result and the type's range, from UBSan's
    /// `signed integer overflow: 295248414 * 31 cannot be represented in type 'int'`.
    static func overflowDetail(_ message: String?) -> (expression: String, result: String, type: String, min: String, max: String)? {
        guard let message, let colon = message.range(of: ": "), let end = message.range(of: " cannot be represented in type ") else { return nil }
        let parts = message[colon.upperBound..<end.lowerBound].split(separator: " ").map(String.init)
        let type = TraceText.quoted(String(message[end.upperBound...])) ?? "int"
        guard parts.count == 3, let a = Int64(parts[0]), let b = Int64(parts[2]) else { return nil }
        let exact: Decimal
        switch parts[1] {
        case "+": exact = Decimal(a) + Decimal(b)
        case "-": exact = Decimal(a) - Decimal(b)
        case "*": exact = Decimal(a) * Decimal(b)
        default: return nil
        }
        let ranges: [String: (String, String)] = ["int": ("-2147483648", "2147483647"), "long": ("-9223372036854775808", "9223372036854775807"),
                                                  "short": ("-32768", "32767"), "long long": ("-9223372036854775808", "9223372036854775807")]
        guard let range = ranges[type] else { return nil }
        return ("`\(parts.joined(separator: " "))`", "\(exact)", type, range.0, range.1)
    }

    /// The function name in a header line: the identifier (with `::`) before the first `(`.
    static func functionName(_ header: String) -> String? {
        guard let open = header.firstIndex(of: "(") else { return nil }
        let name = header[..<open].reversed().prefix { $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "~" }
        return name.isEmpty ? nil : String(name.reversed())
    }
}

import Foundation

/// Reads valgrind memcheck and helgrind output.
///
/// Valgrind writes blocks separated by empty `==PID==` lines: a heading, stack lines
/// (`at 0x...: f (file:line)`, `by ...`) and indented sub-headings (` Address 0x... is ...`,
/// ` Block was alloc'd at`). The first error block is the crash; a leak record counts only
/// when there is no other error. Helgrind's `This conflicts with ...` block belongs to the race
/// before it. Lines without the prefix are the program's own output.
struct ValgrindTraceParser {
    let lines: TraceLines
    let tool: TraceTool

    /// Headings that describe the run, not an error.
    static let informational = [
        "Memcheck, a memory error detector", "Helgrind, a thread error detector", "Copyright", "Using Valgrind",
        "Command:", "Parent PID:", "HEAP SUMMARY:", "LEAK SUMMARY:", "in use at exit", "total heap usage",
        "All heap blocks", "For lists of", "For counts of", "For a detailed leak", "ERROR SUMMARY:",
        "Reachable blocks", "To see them", "---Thread-Announcement", "----------", "Use --track-origins",
        "Rerun with", "Warning: ", "Lock at 0x", "definitely lost:", "indirectly lost:", "possibly lost:",
        "still reachable:", "suppressed:", "Stack overflow in thread",
    ]

    struct Block {
        var lines: [TraceLines.Line]
        var heading: String { lines[0].text }
    }

    func parse() throws -> TraceOutcome {
        try lines.checkNotCutShort()
        let prefixed = lines.lines.filter { $0.pid != nil }
        guard let first = prefixed.first else { throw lines.error(nil, "no valgrind lines (==PID== prefix) in the trace") }
        try lines.checkOneProcess(0..<lines.lines.count)
        let banner = tool == .memcheck ? "Memcheck, a memory error detector" : "Helgrind, a thread error detector"
        guard first.text == banner else {
            throw lines.error(first, "expected valgrind's '\(banner)' banner, found: \(first.text.prefix(60))")
        }
        guard let summary = prefixed.last(where: { $0.text.hasPrefix("ERROR SUMMARY:") }) else {
            throw lines.error(prefixed.last, "trace truncated: no 'ERROR SUMMARY' line")
        }

        var blocks = [Block]()
        var current = [TraceLines.Line]()
        for line in prefixed where line.number <= summary.number {
            if line.text.isEmpty {
                if !current.isEmpty { blocks.append(Block(lines: current)) }
                current = []
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { blocks.append(Block(lines: current)) }

        var stackOverflow: String?
        var errorBlocks = [Int]()
        var leakBlocks = [Int]()
        for (index, block) in blocks.enumerated() {
            let heading = block.heading
            if heading.hasPrefix("Stack overflow in thread") { stackOverflow = heading }
            if heading.hasPrefix(" ") || heading.hasPrefix("This conflicts with") { continue }
            if heading.contains(" are definitely lost in loss record") { leakBlocks.append(index); continue }
            if heading.contains(" lost in loss record") { continue }
            if ValgrindTraceParser.informational.contains(where: { heading.hasPrefix($0) })
                || heading.hasPrefix("Thread #") && (heading.hasSuffix(" was created") || heading.contains("root thread")) {
                continue
            }
            errorBlocks.append(index)
        }
        guard let chosen = errorBlocks.first ?? leakBlocks.first else {
            return .clean(tool: tool, detail: summary.text)
        }
        var report = try read(blocks[chosen])
        if let stackOverflow, report.signal?.name == "SIGSEGV" { report.message = stackOverflow }
        // Helgrind's other side of a race, and the address description that closes it.
        var next = chosen + 1
        while next < blocks.count, blocks[next].heading.hasPrefix("This conflicts with") {
            let other = try read(blocks[next])
            report.relatedStacks.append(RelatedStack(title: blocks[next].heading, frames: other.frames))
            if report.location == nil { report.location = other.location; report.object = other.object }
            next += 1
        }
        return .crash(report)
    }

    /// Reads one error block: heading, stack, sub-headings with their stacks.
    func read(_ block: Block) throws -> CrashReport {
        let heading = block.heading
        var report = CrashReport(tool: tool, kind: heading)
        if let range = heading.range(of: "Process terminating with default action of signal ") {
            let rest = heading[range.upperBound...]
            let number = Int(rest.prefix(while: \.isNumber))
            let name = TraceText.word(after: "(", in: String(rest)).map { String($0) }
            guard let signal = name.flatMap(SignalInfo.init(name:)) ?? number.flatMap(SignalInfo.init(number:)) else {
                throw lines.error(block.lines[0], "cannot read the signal in: \(heading)")
            }
            report.kind = signal.name
            report.signal = signal
        } else if let range = heading.range(of: " of size ") {
            report.kind = String(heading[..<range.lowerBound])
            report.access = TraceText.access(in: heading)
            if report.kind.hasPrefix("Possible data race during ") {
                report.kind = "Possible data race"
                report.faultAddress = TraceText.word(after: " at ", in: heading)
                report.thread = TraceText.word(after: "by thread ", in: heading)
            }
        } else if heading.contains(" are definitely lost in loss record") {
            report.kind = "definitely lost"
            report.message = String(heading[..<heading.range(of: " in loss record")!.lowerBound])
        }
        var stack: RelatedStack?
        func closeStack() {
            if let current = stack { report.relatedStacks.append(current) }
            stack = nil
        }
        for line in block.lines.dropFirst() {
            let text = line.text
            let trimmed = line.trimmed
            if trimmed.hasPrefix("at 0x") || trimmed.hasPrefix("by 0x") {
                guard let frame = ValgrindTraceParser.frame(trimmed) else {
                    throw lines.error(line, "cannot read the stack frame: \(trimmed.prefix(80))")
                }
                if var current = stack { current.frames.append(frame); stack = current } else { report.frames.append(frame) }
            } else if trimmed.hasPrefix("Locks held:") || trimmed.hasPrefix("Stack overflow in thread") || trimmed.hasPrefix("If you believe")
                        || trimmed.hasPrefix("overflow in your") || trimmed.hasPrefix("possible), you") || trimmed.hasPrefix("main thread stack")
                        || trimmed.hasPrefix("The main thread stack size") {
                continue
            } else if text.hasPrefix(" ") {
                closeStack()
                if trimmed.hasPrefix("Address 0x") || trimmed.hasPrefix("Location 0x") {
                    let words = trimmed.split(separator: " ", maxSplits: 3)
                    if words.count == 4 { report.location = String(words[3]) }
                    if report.faultAddress == nil { report.faultAddress = String(words[1]) }
                    if let symbol = TraceText.quoted(trimmed, quote: "\"") { report.object = symbol }
                    if trimmed.hasSuffix("free'd") || trimmed.hasSuffix("alloc'd") {
                        stack = RelatedStack(title: trimmed.hasSuffix("free'd") ? "block freed at" : "block allocated at", frames: [])
                    }
                } else if trimmed.hasPrefix("Access not within mapped region at address ") || trimmed.hasPrefix("Bad permissions for mapped region at address ") {
                    report.faultAddress = trimmed.split(separator: " ").last.map(String.init)
                    report.location = String(trimmed[..<trimmed.range(of: " at address")!.lowerBound])
                } else if trimmed.hasPrefix("Integer divide by zero") {
                    report.message = "Integer divide by zero"
                } else if trimmed.hasPrefix("Block was alloc'd by thread") {
                    continue
                } else if trimmed.hasPrefix("in frame #"), let range = trimmed.range(of: ", created by ") {
                    // `in frame #7, created by main (main.cpp:11)`: the stack address lies in a local of that function.
                    report.location = [report.location, "a local of \(trimmed[range.upperBound...])"].compactMap { $0 }.joined(separator: ", ")
                } else if trimmed.hasSuffix(" at") || trimmed.contains("was created by") || trimmed.hasPrefix("declared at") {
                    stack = RelatedStack(title: trimmed.hasSuffix(" at") ? String(trimmed.dropLast(3)) : trimmed, frames: [])
                } else {
                    throw lines.error(line, "unrecognised valgrind line: \(trimmed.prefix(80))")
                }
            } else {
                throw lines.error(line, "unrecognised valgrind line: \(trimmed.prefix(80))")
            }
        }
        closeStack()
        guard !report.frames.isEmpty else { throw lines.error(block.lines[0], "the error '\(heading)' has no stack frames") }
        return report
    }

    /// `at 0x109224: Node::payload() const (main.cpp:8)`, `by 0x4A0F249: (below main) (libc-start.c:58)`,
    /// `at 0x484417B: free (in /usr/libexec/valgrind/vgpreload_memcheck-amd64-linux.so)`.
    static func frame(_ text: String) -> StackFrame? {
        guard let colon = text.range(of: ": ") else { return nil }
        var rest = Substring(text[colon.upperBound...])
        guard rest.hasSuffix(")"), let open = rest.range(of: " (", options: .backwards) else {
            return StackFrame(function: String(rest))
        }
        let inner = rest[open.upperBound..<rest.index(before: rest.endIndex)]
        rest = rest[..<open.lowerBound]
        let function = rest == "???" ? "??" : String(rest)
        if inner.hasPrefix("in ") {
            return StackFrame(function: function, module: (String(inner.dropFirst(3)) as NSString).lastPathComponent)
        }
        if let (file, line, column) = SanitizerFrame.fileLineColumn(inner) {
            return StackFrame(function: function, file: file, line: line, column: column)
        }
        return StackFrame(function: String(text[colon.upperBound...]))
    }
}

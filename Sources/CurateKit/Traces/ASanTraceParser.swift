import Foundation

/// Reads AddressSanitizer and LeakSanitizer reports, in gcc's and clang's wordings
/// (`to the right of` / `after`, frames with and without columns).
///
/// The report runs from the `ERROR:` line to its `SUMMARY:` line; text before it is the
/// program's own output. Inside the report every line must be one the parser knows.
struct ASanTraceParser {
    let lines: TraceLines

    func parse() throws -> CrashReport {
        try lines.checkNotCutShort()
        guard let start = lines.lines.firstIndex(where: { $0.text.hasPrefix("ERROR: AddressSanitizer: ") || $0.text.hasPrefix("ERROR: LeakSanitizer: ") }) else {
            throw lines.error(nil, "no AddressSanitizer or LeakSanitizer ERROR line")
        }
        guard let end = lines.lines[start...].firstIndex(where: { $0.text.hasPrefix("SUMMARY: ") }) else {
            throw lines.error(lines.lines.last, "trace truncated: the report has no SUMMARY line")
        }
        try lines.checkOneProcess(start..<end + 1)
        let header = lines.lines[start]
        let report = try parseHeader(header)

        var reader = ReportReader(report: report)
        for line in lines.lines[(start + 1)..<end] {
            let text = line.trimmed
            if text.isEmpty {
                if !reader.report.frames.isEmpty { reader.crashFramesDone = true }
                continue
            }
            if let (_, frame) = SanitizerFrame.parse(text) {
                guard reader.add(frame) else { throw lines.error(line, "a stack frame outside any stack") }
                continue
            }
            if text.hasPrefix("ERROR: ") {
                throw lines.error(line, "two traces interleaved: a second sanitizer report starts before the first one's SUMMARY")
            }
            reader.crashFramesDone = !reader.report.frames.isEmpty
            guard reader.read(text) else {
                throw lines.error(line, "unrecognised line in a \(reader.report.tool.displayName) report: \(text.prefix(80))")
            }
        }
        reader.closeStack()
        guard !reader.report.frames.isEmpty else {
            throw lines.error(lines.lines[end], "the report has no stack frames")
        }
        return reader.report
    }

    /// Reading one report: the crash stack first, then the stacks its notes open (where memory
    /// was allocated, freed, which frame holds it, which thread was created where).
    private struct ReportReader {
        var report: CrashReport
        /// The stack frames now go to; nil while they belong to the crash stack.
        var stack: RelatedStack?
        var crashFramesDone = false
        var leakRecords = 0

        init(report: CrashReport) { self.report = report }

        mutating func closeStack() {
            if let current = stack, !current.frames.isEmpty { report.relatedStacks.append(current) }
            stack = nil
        }

        /// False when the frame belongs to no stack.
        mutating func add(_ frame: StackFrame) -> Bool {
            if var current = stack {
                current.frames.append(frame)
                stack = current
            } else if !crashFramesDone {
                report.frames.append(frame)
            } else {
                return false
            }
            return true
        }

        /// Reads a line that is not a frame; false when it is no line a report has.
        mutating func read(_ text: String) -> Bool {
            if let access = TraceText.access(in: text), text.contains(" at 0x"), text.contains("thread ") {
                report.access = access
                report.thread = TraceText.word(after: "thread ", in: text)
            } else if text.hasPrefix("The signal is caused by a ") {
                let kind = text.contains("WRITE") ? "write" : text.contains("READ") ? "read" : nil
                if let kind { report.access = MemoryAccess(kind: kind, size: 0) }
            } else if text.hasPrefix("Hint: ") || text.hasPrefix("HINT: ") || text.hasPrefix("Shadow bytes")
                        || text.hasPrefix("AddressSanitizer can not") || text.hasPrefix("This frame has ")
                        || text.hasPrefix("0x") && text.contains(" is located in the ") {
                if text.hasPrefix("Hint: address points to the zero page") { report.location = "the zero page" }
                if text.contains("(wild memory access suspected)") { report.location = "wild memory access suspected" }
            } else if readLocation(text) || readStackTitle(text) {
                return true
            } else {
                return Self.isIgnored(text, tool: report.tool)
            }
            return true
        }

        /// Where the address lies: a heap region, a stack frame's variable.
        mutating func readLocation(_ text: String) -> Bool {
            if text.hasPrefix("0x"), let range = text.range(of: " is located ") {
                closeStack()
                report.location = ASanTraceParser.regionWording(String(text[range.upperBound...]))
            } else if text.hasPrefix("Address 0x"), let range = text.range(of: " is located in stack of thread ") {
                closeStack()
                let thread = text[range.upperBound...].prefix { $0 != " " }
                report.location = "stack of thread \(thread)"
                stack = RelatedStack(title: "frame holding the address", frames: [])
            } else if text.hasPrefix("["), text.contains("'") {
                // `[32, 40) 'buffer' (line 4) <== Memory access at offset 40 overflows this variable`
                if let arrow = text.range(of: "<== ") {
                    report.object = TraceText.quoted(text)
                    let declared = text.range(of: "(line ").map { "(line \(text[$0.upperBound...].prefix(while: \.isNumber))) " } ?? ""
                    let note = text[arrow.upperBound...].lowercased()
                    report.location = "\(report.location ?? "stack"): '\(report.object ?? "?")' \(declared)— \(note)"
                }
            } else {
                return false
            }
            return true
        }

        /// A line that opens a related stack (`freed by thread T0 here:`, a leak record, a
        /// thread's creation).
        mutating func readStackTitle(_ text: String) -> Bool {
            if text.hasSuffix(" here:") || text.hasSuffix(" from:") {
                closeStack()
                var title = String(text.dropLast())
                if report.tool == .lsan, title.hasPrefix("Direct leak") || title.hasPrefix("Indirect leak") {
                    leakRecords += 1
                    // The first leak is the report itself: its stack is the crash stack.
                    if leakRecords == 1 {
                        report.message = title.replacingOccurrences(of: " allocated from", with: "")
                        crashFramesDone = false
                        return true
                    }
                    title = title.replacingOccurrences(of: " allocated from", with: "")
                }
                stack = RelatedStack(title: title, frames: [])
            } else if text.hasPrefix("Thread T"), text.contains("created by") {
                closeStack()
                stack = RelatedStack(title: String(text.dropLast()).replacingPIDs(), frames: [])
            } else {
                return false
            }
            return true
        }

        /// Lines that say nothing the snapshot uses.
        static func isIgnored(_ text: String, tool: TraceTool) -> Bool {
            // clang's register dump after a SEGV, and the second line of a HINT.
            if text.hasPrefix("Register values:") || text.hasPrefix("(longjmp and C++ exceptions")
                || text.contains(" = 0x") && text.split(separator: " ").first.map({ $0.count <= 3 }) == true { return true }
            if text.hasPrefix("Objects leaked above:") || text.hasPrefix("-----") || text.hasPrefix("ABORTING") { return true }
            // The `0x... (40 bytes)` object list of `report_objects=1`.
            return text.hasPrefix("0x") && tool == .lsan
        }
    }

    /// Reads `ERROR: AddressSanitizer: heap-use-after-free on address 0x... at pc ...` and its kin.
    func parseHeader(_ line: TraceLines.Line) throws -> CrashReport {
        if line.text.hasPrefix("ERROR: LeakSanitizer: ") {
            let kind = String(line.text.dropFirst("ERROR: LeakSanitizer: ".count))
            return CrashReport(tool: .lsan, kind: kind)
        }
        var body = String(line.text.dropFirst("ERROR: AddressSanitizer: ".count))
        var message: String?
        if body.hasPrefix("attempting ") { body.removeFirst("attempting ".count) }
        var kind = String(body.prefix { $0 != " " && $0 != ":" })
        if kind == "requested" { kind = body.components(separatedBy: " on ").first ?? kind }
        if let open = body.firstIndex(of: "("), body.range(of: " on ").map({ open < $0.lowerBound }) ?? true,
           let close = body[open...].firstIndex(of: ")") {
            message = String(body[open...close])   // `(operator new [] vs operator delete)`
        }
        var report = CrashReport(tool: .asan, kind: kind, message: message)
        if kind == "SEGV" || kind == "FPE" || kind == "BUS" || kind == "ILL" {
            report.signal = SignalInfo(name: "SIG" + kind)
        }
        report.faultAddress = TraceText.word(after: "on unknown address ", in: body)
            ?? TraceText.word(after: "on address ", in: body)
            ?? TraceText.word(after: " on ", in: body)
        // For an arithmetic fault the "address" is the faulting instruction, not data.
        if kind == "FPE" { report.faultAddress = nil }
        if let thread = TraceText.word(after: " in thread ", in: body) { report.thread = thread }
        if let faultAddress = report.faultAddress, !faultAddress.hasPrefix("0x") {
            throw lines.error(line, "cannot read the fault address in: \(line.text.prefix(100))")
        }
        return report
    }

    /// One wording for both compilers: gcc says `to the right of`, clang says `after`.
    static func regionWording(_ text: String) -> String {
        var text = text
        if let bracket = text.range(of: " [0x") { text = String(text[..<bracket.lowerBound]) }
        return text.replacingOccurrences(of: "to the right of", with: "after")
            .replacingOccurrences(of: "to the left of", with: "before")
    }
}

extension String {
    /// Drops `(tid=123, running)`-style thread ids and `pid=` values that change on every run.
    func replacingPIDs() -> String {
        var text = self
        for key in ["tid=", "pid="] {
            while let range = text.range(of: key) {
                let end = text[range.upperBound...].firstIndex { !$0.isNumber } ?? text.endIndex
                var lower = range.lowerBound
                var upper = end
                if text[upper...].hasPrefix(", ") { upper = text.index(upper, offsetBy: 2) }
                else if lower > text.startIndex, text[..<lower].hasSuffix(", ") { lower = text.index(lower, offsetBy: -2) }
                text.removeSubrange(lower..<upper)
            }
        }
        return text.replacingOccurrences(of: " ()", with: "")
    }
}

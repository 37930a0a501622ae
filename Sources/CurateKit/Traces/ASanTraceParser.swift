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
        var report = try parseHeader(header)

        var stack: RelatedStack?   // nil while frames belong to the crash stack
        var crashFramesDone = false
        var leakRecords = 0
        func closeStack() {
            if let current = stack, !current.frames.isEmpty { report.relatedStacks.append(current) }
            stack = nil
        }
        for line in lines.lines[(start + 1)..<end] {
            let text = line.trimmed
            if text.isEmpty {
                if !report.frames.isEmpty { crashFramesDone = true }
                continue
            }
            if let (_, frame) = SanitizerFrame.parse(text) {
                if var current = stack {
                    current.frames.append(frame)
                    stack = current
                } else if !crashFramesDone {
                    report.frames.append(frame)
                } else {
                    throw lines.error(line, "a stack frame outside any stack")
                }
                continue
            }
            if text.hasPrefix("ERROR: ") {
                throw lines.error(line, "two traces interleaved: a second sanitizer report starts before the first one's SUMMARY")
            }
            crashFramesDone = !report.frames.isEmpty
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
            } else if text.hasPrefix("0x"), let range = text.range(of: " is located ") {
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
            } else if text.hasSuffix(" here:") || text.hasSuffix(" from:") {
                closeStack()
                var title = String(text.dropLast())
                if report.tool == .lsan, title.hasPrefix("Direct leak") || title.hasPrefix("Indirect leak") {
                    leakRecords += 1
                    if leakRecords == 1 {
                        report.message = title.replacingOccurrences(of: " allocated from", with: "")
                        crashFramesDone = false
                        continue
                    }
                    title = title.replacingOccurrences(of: " allocated from", with: "")
                }
                stack = RelatedStack(title: title, frames: [])
            } else if text.hasPrefix("Thread T"), text.contains("created by") {
                closeStack()
                stack = RelatedStack(title: String(text.dropLast()).replacingPIDs(), frames: [])
            } else if text.hasPrefix("Register values:") || text.hasPrefix("(longjmp and C++ exceptions")
                        || text.contains(" = 0x") && text.split(separator: " ").first.map({ $0.count <= 3 }) == true {
                continue   // clang's register dump after a SEGV, and the second line of a HINT
            } else if text.hasPrefix("Objects leaked above:") || text.hasPrefix("-----") || text.hasPrefix("ABORTING") {
                continue
            } else if text.hasPrefix("0x"), report.tool == .lsan {
                continue   // the `0x... (40 bytes)` object list of `report_objects=1`
            } else {
                throw lines.error(line, "unrecognised line in a \(report.tool.displayName) report: \(text.prefix(80))")
            }
        }
        closeStack()
        guard !report.frames.isEmpty else {
            throw lines.error(lines.lines[end], "the report has no stack frames")
        }
        return report
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

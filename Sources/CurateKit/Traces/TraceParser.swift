import Foundation

/// Reads any supported trace: decides the tool from the text (the file name must not
/// contradict it) and hands it to that tool's parser.
public enum TraceParser {
    /// Parses `text`, read from the file `name`. Throws `TraceParseError` naming the file and line
    /// for anything it cannot read: an unknown tool, two tools' output mixed, a truncated report.
    public static func parse(name: String, text: String) throws -> TraceOutcome {
        let lines = TraceLines(file: name, text: text)
        let tool = try detect(lines)
        if let claimed = TraceFileName.claimedTool(name), claimed != tool,
           !(Set([claimed, tool]) == Set([.asan, .lsan])) {
            throw TraceParseError(file: name, line: nil,
                                  reason: "the file name says \(claimed.rawValue) but the text is \(tool.displayName) output")
        }
        switch tool {
        case .gdb: return try GDBTraceParser(lines: lines).parse()
        case .asan, .lsan: return .crash(try ASanTraceParser(lines: lines).parse())
        case .ubsan: return .crash(try UBSanTraceParser(lines: lines).parse())
        case .tsan: return .crash(try TSanTraceParser(lines: lines).parse())
        case .msan: return .crash(try MSanTraceParser(lines: lines).parse())
        case .memcheck, .helgrind: return try ValgrindTraceParser(lines: lines, tool: tool).parse()
        }
    }

    /// The tool whose output this is. Output of two families in one file is an error.
    static func detect(_ lines: TraceLines) throws -> TraceTool {
        var found = [(TraceTool, TraceLines.Line)]()
        func note(_ tool: TraceTool, _ line: TraceLines.Line) {
            if !found.contains(where: { $0.0 == tool }) { found.append((tool, line)) }
        }
        for line in lines.lines {
            let text = line.text
            if text.hasPrefix("ERROR: AddressSanitizer: ") { note(.asan, line) }
            else if text.hasPrefix("ERROR: LeakSanitizer: ") { note(.lsan, line) }
            else if text.hasPrefix("WARNING: ThreadSanitizer: ") { note(.tsan, line) }
            else if text.hasPrefix(MSanTraceParser.marker) { note(.msan, line) }
            else if text.contains(": runtime error: ") { note(.ubsan, line) }
            else if line.pid != nil, text == "Memcheck, a memory error detector" { note(.memcheck, line) }
            else if line.pid != nil, text == "Helgrind, a thread error detector" { note(.helgrind, line) }
            else if GDBTraceParser.signalName(in: text) != nil || text.hasPrefix("[Inferior 1 (process ")
                        || text.hasPrefix("[Thread debugging using libthread_db") { note(.gdb, line) }
        }
        // ASan runs leak detection itself, so an ASan report may carry a LeakSanitizer one.
        if found.contains(where: { $0.0 == .asan }) { found.removeAll { $0.0 == .lsan } }
        guard let first = found.first else {
            throw TraceParseError(file: lines.file, line: nil,
                                  reason: "unknown tool: no gdb, AddressSanitizer, LeakSanitizer, UndefinedBehaviorSanitizer, ThreadSanitizer, MemorySanitizer or valgrind output found")
        }
        if found.count > 1 {
            let second = found[1]
            throw TraceParseError(file: lines.file, line: second.1.number,
                                  reason: "two traces interleaved: \(first.0.displayName) output (line \(first.1.number)) and \(second.0.displayName) output in one file")
        }
        return first.0
    }
}

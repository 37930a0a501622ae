import Foundation

/// Reads MemorySanitizer reports (clang `-fsanitize=memory`, with origin tracking): the
/// `WARNING: MemorySanitizer:` line, the stack of the use, and the origin stacks that follow
/// (`Uninitialized value was created by an allocation of 'count' in the stack frame`,
/// `Uninitialized value was stored to memory at`), up to the `SUMMARY:` line.
struct MSanTraceParser {
    let lines: TraceLines

    static let marker = "WARNING: MemorySanitizer: "

    func parse() throws -> CrashReport {
        try lines.checkNotCutShort()
        guard let start = lines.lines.firstIndex(where: { $0.text.hasPrefix(MSanTraceParser.marker) }) else {
            throw lines.error(nil, "no MemorySanitizer WARNING line")
        }
        guard let end = lines.lines[start...].firstIndex(where: { $0.text.hasPrefix("SUMMARY: ") }) else {
            throw lines.error(lines.lines.last, "trace truncated: the report has no SUMMARY line")
        }
        try lines.checkOneProcess(start..<end + 1)
        let kind = String(lines.lines[start].text.dropFirst(MSanTraceParser.marker.count)).trimmingCharacters(in: .whitespaces)
        var report = CrashReport(tool: .msan, kind: kind)
        var stack: RelatedStack?
        for line in lines.lines[(start + 1)..<end] {
            let text = line.trimmed
            if text.isEmpty { continue }
            if let (_, frame) = SanitizerFrame.parse(text) {
                if var current = stack { current.frames.append(frame); stack = current } else { report.frames.append(frame) }
                continue
            }
            if text.hasPrefix(MSanTraceParser.marker) || text.hasPrefix("ERROR: ") {
                throw lines.error(line, "two traces interleaved: a second sanitizer report starts before the first one's SUMMARY")
            }
            if text.hasPrefix("Uninitialized value was") {
                if let current = stack, !current.frames.isEmpty { report.relatedStacks.append(current) }
                stack = RelatedStack(title: text.hasSuffix(":") ? String(text.dropLast()) : text, frames: [])
                // `an allocation of 'count' in the stack frame` names the variable that was never set.
                if text.contains("allocation of '"), report.object == nil { report.object = TraceText.quoted(text) }
                continue
            }
            throw lines.error(line, "unrecognised MemorySanitizer line: \(text.prefix(80))")
        }
        if let current = stack, !current.frames.isEmpty { report.relatedStacks.append(current) }
        guard !report.frames.isEmpty else { throw lines.error(lines.lines[start], "the MemorySanitizer report has no stack") }
        return report
    }
}

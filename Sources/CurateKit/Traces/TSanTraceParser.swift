import Foundation

/// Reads ThreadSanitizer reports (`WARNING: ThreadSanitizer: data race`): the current access
/// and its stack, the previous access, the location and the threads' creation stacks.
struct TSanTraceParser {
    let lines: TraceLines

    func parse() throws -> CrashReport {
        try lines.checkNotCutShort()
        guard let start = lines.lines.firstIndex(where: { $0.text.hasPrefix("WARNING: ThreadSanitizer: ") }) else {
            throw lines.error(nil, "no 'WARNING: ThreadSanitizer:' line")
        }
        guard let end = lines.lines[start...].firstIndex(where: { $0.text.hasPrefix("SUMMARY: ThreadSanitizer") }) else {
            throw lines.error(lines.lines.last, "trace truncated: the report has no SUMMARY line")
        }
        let header = lines.lines[start].text
        var kind = String(header.dropFirst("WARNING: ThreadSanitizer: ".count))
        if let paren = kind.range(of: " (pid=") { kind = String(kind[..<paren.lowerBound]) }
        var report = CrashReport(tool: .tsan, kind: kind)
        var stack: RelatedStack?
        var inCrashStack = false
        func closeStack() {
            if let current = stack { report.relatedStacks.append(current) }
            stack = nil
        }
        for line in lines.lines[(start + 1)..<end] {
            let text = line.trimmed
            if text.isEmpty { inCrashStack = false; continue }
            if let (_, frame) = SanitizerFrame.parse(text) {
                if inCrashStack { report.frames.append(frame) }
                else if var current = stack { current.frames.append(frame); stack = current }
                else { throw lines.error(line, "a stack frame outside any stack") }
                continue
            }
            if text.hasPrefix("WARNING: ThreadSanitizer: ") {
                throw lines.error(line, "two traces interleaved: a second ThreadSanitizer report starts before the first one's SUMMARY")
            }
            let title = text.hasSuffix(":") ? String(text.dropLast()) : text
            if report.access == nil, let access = TraceText.access(in: text), text.contains(" by ") {
                report.access = access
                report.faultAddress = TraceText.word(after: " at ", in: text)
                report.thread = text.contains("by main thread") ? "main thread" : TraceText.word(after: "by thread ", in: text)
                inCrashStack = true
            } else if text.hasPrefix("Location is ") {
                closeStack()
                var location = String(title.dropFirst("Location is ".count))
                if let at = location.range(of: " at 0x") {
                    let tail = location[at.upperBound...].drop { $0 != " " }
                    location = String(location[..<at.lowerBound]) + (tail.hasPrefix(" (") ? "" : String(tail))
                }
                // gcc adds `global '<null>'` for a stack object after `stack of main thread`: keep the first.
                if location.hasPrefix("global '<null>'"), report.location != nil { continue }
                report.location = location.hasSuffix(".") ? String(location.dropLast()) : location
                if location.hasPrefix("global "), let name = TraceText.quoted(location), name != "<null>" { report.object = name }
                if text.hasSuffix(":") { stack = RelatedStack(title: "location \(location)", frames: []) }
            } else if text.hasSuffix(":") {
                closeStack()
                stack = RelatedStack(title: title.replacingPIDs().replacingAddresses(), frames: [])
            } else {
                throw lines.error(line, "unrecognised line in a ThreadSanitizer report: \(text.prefix(80))")
            }
        }
        closeStack()
        guard !report.frames.isEmpty else { throw lines.error(lines.lines[start], "the report has no stack frames") }
        return report
    }
}

extension String {
    /// Drops ` (0x7b0c00000010)` and ` at 0x...` address mentions from a heading.
    func replacingAddresses() -> String {
        var words = [Substring]()
        for word in split(separator: " ", omittingEmptySubsequences: false) {
            let bare = word.trimmingCharacters(in: CharacterSet(charactersIn: "(),:"))
            if bare.hasPrefix("0x") {
                if words.last == "at" { words.removeLast() }
                continue
            }
            words.append(word)
        }
        return words.joined(separator: " ")
    }
}

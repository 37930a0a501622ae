import Foundation

/// Reads UndefinedBehaviorSanitizer reports: `file:line:col: runtime error: message`, the
/// notes and memory dump that may follow, and the stack when `print_stacktrace=1`.
struct UBSanTraceParser {
    let lines: TraceLines

    /// UBSan's messages mapped to the check names the sanitizer's flags use. A message outside
    /// this table is reported, not guessed.
    static let kinds: [(prefix: String, kind: String)] = [
        ("signed integer overflow", "signed-integer-overflow"),
        ("negation of", "signed-integer-overflow"),
        ("division by zero", "integer-divide-by-zero"),
        ("division of", "signed-integer-overflow"),
        ("downcast of address", "dynamic-type-mismatch"),
        ("member call on address", "dynamic-type-mismatch"),
        ("member access within address", "dynamic-type-mismatch"),
        ("downcast of null pointer", "null-pointer-use"),
        ("member call on null pointer", "null-pointer-use"),
        ("member access within null pointer", "null-pointer-use"),
        ("load of null pointer", "null-pointer-use"),
        ("store to null pointer", "null-pointer-use"),
        ("reference binding to null pointer", "null-pointer-use"),
        ("applying non-zero offset", "pointer-overflow"),
        ("applying zero offset to null pointer", "pointer-overflow"),
        ("pointer index expression", "pointer-overflow"),
        ("index ", "array-bounds"),
        ("shift exponent", "shift-out-of-bounds"),
        ("left shift of", "shift-out-of-bounds"),
        ("load of misaligned address", "misaligned-access"),
        ("store to misaligned address", "misaligned-access"),
        ("execution reached the end of a value-returning function", "missing-return"),
        ("execution reached an unreachable program point", "unreachable"),
        ("null pointer passed as argument", "nonnull-attribute"),
        ("implicit conversion from", "implicit-conversion"),
        ("variable length array bound", "vla-bound"),
    ]

    func parse() throws -> CrashReport {
        try lines.checkNotCutShort()
        guard let start = lines.lines.firstIndex(where: { $0.text.contains(": runtime error: ") }) else {
            throw lines.error(nil, "no UndefinedBehaviorSanitizer 'runtime error:' line")
        }
        let head = lines.lines[start]
        let parts = head.text.components(separatedBy: ": runtime error: ")
        let message = parts.dropFirst().joined(separator: ": runtime error: ")
        guard let kind = UBSanTraceParser.kinds.first(where: { message.hasPrefix($0.prefix) })?.kind else {
            throw lines.error(head, "unknown UndefinedBehaviorSanitizer check: \(message.prefix(80))")
        }
        guard let place = SanitizerFrame.fileLineColumn(Substring(parts[0])) else {
            throw lines.error(head, "cannot read the file:line:column before 'runtime error:'")
        }
        var report = CrashReport(tool: .ubsan, kind: kind, message: message)
        if message.contains("address 0x") { report.faultAddress = TraceText.word(after: "address ", in: message) }
        var framesStarted = false
        for line in lines.lines[(start + 1)...] {
            let text = line.trimmed
            if let (_, frame) = SanitizerFrame.parse(text) {
                framesStarted = true
                report.frames.append(frame)
                continue
            }
            if framesStarted && text.isEmpty { continue }
            if text.hasPrefix("SUMMARY: UndefinedBehaviorSanitizer") { break }
            if text.contains(": runtime error: ") {
                if framesStarted { break }   // a second finding after halt_on_error=0: keep the first
                throw lines.error(line, "two traces interleaved: a second runtime error starts inside the first report")
            }
            if framesStarted { break }
            if text.contains(": note: ") {
                let note = text.components(separatedBy: ": note: ").dropFirst().joined(separator: ": note: ")
                report.location = report.location.map { "\($0); \(note)" } ?? note
                if let type = TraceText.quoted(note), note.hasPrefix("object is of type") { report.object = type }
            }
            // Memory dumps, caret lines and `vptr for 'T'` under a note carry nothing more.
        }
        if report.frames.isEmpty {
            report.frames = [StackFrame(function: "??", file: place.0, line: place.1, column: place.2)]
        } else if report.frames[0].file.map({ !($0 == place.0 || $0.hasSuffix("/" + place.0)) }) ?? true {
            // A stack that does not start at the reported line would put BOOM on the wrong line.
            throw lines.error(head, "the stack's first frame is not at \(parts[0]), where the runtime error is reported")
        }
        return report
    }
}

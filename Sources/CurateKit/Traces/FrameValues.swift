import Foundation

/// The values of a crash's frames when a sanitizer, not a debugger, found the bug.
///
/// A sanitizer prints where the program went wrong but not what its variables held. So the
/// recorder runs each sanitizer build once more under gdb, stopping where the sanitizer ends
/// the process (`__sanitizer::Die`, or the signal itself when gdb sees it first), and keeps the
/// `bt full` beside the trace as `<trace>.frames`. The snapshot takes the culprit's value from
/// the frame there that matches the crash frame (same function and line).
struct FrameValues {
    /// The stack at the stop, innermost first, with arguments and locals.
    var frames: [StackFrame]
    /// The address the sanitizer reported in this run. Heap and stack addresses change from
    /// run to run, so pointers are compared with this one, not with the trace's.
    var reportedAddress: String?

    /// Where every sanitizer runtime ends the process after its report.
    static let breakpoint = "__sanitizer::Die"
    static let fileExtension = "frames"

    /// `asan-gcc.txt` → `asan-gcc.frames`.
    static func fileName(forTrace name: String) -> String {
        (name as NSString).deletingPathExtension + "." + fileExtension
    }

    /// gdb's commands for the run: print only two levels of nested values and short strings,
    /// so the sanitizer's own large report structures stay small.
    static func gdbArguments(binary: String) -> [String] {
        ["-batch", "-nx", "-ex", "set breakpoint pending on", "-ex", "set print max-depth 2", "-ex", "set print elements 32",
         "-ex", "break \(breakpoint)", "-ex", "run", "-ex", "bt full 40", "--args", binary]
    }

    /// Reads the frames after the stop; a file without a stop gives no frames (the values are
    /// an extra, so a run that did not stop where expected only leaves the culprit without one).
    init(file: String, text: String) {
        let lines = TraceLines(file: file, text: text)
        let parser = GDBTraceParser(lines: lines)
        var frames = [StackFrame]()
        reportedAddress = nil
        if let report = lines.lines.first(where: { $0.text.hasPrefix("ERROR: AddressSanitizer: ") || $0.text.contains(": runtime error: ") }),
           let range = report.text.range(of: "(address|on) 0x[0-9a-fA-F]+", options: .regularExpression) {
            reportedAddress = report.text[range].split(separator: " ").last.map(String.init)
        }
        guard let stop = lines.lines.firstIndex(where: { $0.text.hasPrefix("Breakpoint 1, ") || GDBTraceParser.signalName(in: $0.text) != nil }) else {
            self.frames = []
            return
        }
        for line in lines.lines[(stop + 1)...] {
            if let parsed = try? parser.backtraceFrame(line) {
                frames.append(parsed)
            } else if line.text.hasPrefix("        "), !frames.isEmpty, let variable = GDBTraceParser.assignment(line.trimmed) {
                frames[frames.count - 1].locals.append(variable)
            }
        }
        self.frames = frames
    }

    /// The frame for the crash frame: same function and line; for a deep recursion, whose
    /// innermost frame may stop on another line of the same function, the innermost frame of it
    /// whose arguments gdb can read (the very innermost one's lie past the end of the stack).
    func frame(matching crash: StackFrame, recursion: Bool) -> StackFrame? {
        if recursion, let readable = frames.first(where: { frame in
            frame.baseName == crash.baseName && !frame.arguments.isEmpty && frame.arguments.allSatisfy { SnapshotBuilder.isReadable($0.value) }
        }) {
            return readable
        }
        return frames.first { $0.baseName == crash.baseName && $0.line == crash.line && $0.line != nil }
            ?? (recursion ? frames.first { $0.baseName == crash.baseName } : nil)
    }
}

import Foundation

/// Reads the output of gdb in batch mode: `run`, `bt` (or `bt full`), `info frame`,
/// `info locals`, `info registers` and `p $_siginfo._sifields._sigfault.si_addr`.
///
/// Lines before the stop are the program's own output (kept only as the message of an abort).
/// After the stop every line must belong to one of the commands' outputs.
struct GDBTraceParser {
    let lines: TraceLines

    /// Where gdb's output is: before the stop line, in the backtrace, in `info frame`, in the
    /// locals or in the registers.
    enum Section { case stopLine, backtrace, frameInfo, locals, registers }

    func parse() throws -> TraceOutcome {
        try lines.checkNotCutShort()
        let (stopIndex, programOutput): (Int, [String])
        switch try findStop() {
        case let .left(outcome): return outcome
        case let .right(found): (stopIndex, programOutput) = found
        }
        var report = try stopReport(lines.lines[stopIndex], programOutput: programOutput)
        var section = Section.stopLine
        var sawFrameLine = false
        for line in lines.lines[(stopIndex + 1)...] {
            let text = line.text
            if GDBTraceParser.signalName(in: text) != nil {
                throw lines.error(line, "two traces interleaved: a second stop report inside the first")
            }
            if text.isEmpty { continue }
            if let frame = try backtraceFrame(line) {
                guard section == .stopLine || section == .backtrace else {
                    throw lines.error(line, "a backtrace frame after the backtrace ended")
                }
                section = .backtrace
                report.frames.append(frame)
                continue
            }
            if section == .stopLine {
                // The stop line's frame and gdb's echo of the source line (`10\t  return a / b;`).
                if !sawFrameLine { sawFrameLine = true; continue }
                if text.first?.isNumber == true, text.contains("\t") { continue }
                throw lines.error(line, "unrecognised line after the stop report: \(text.prefix(80))")
            }
            guard read(text, section: &section, into: &report) else {
                throw lines.error(line, "unrecognised gdb line: \(text.prefix(80))")
            }
        }
        guard !report.frames.isEmpty else {
            throw lines.error(lines.lines.last, "trace truncated: no backtrace after the \(report.kind) stop")
        }
        if report.frames[0].locals.isEmpty { report.frames[0].locals = report.locals }
        return .crash(report)
    }

    private enum Either<L, R> { case left(L), right(R) }

    /// The line where the program stopped on a signal, and the program's output before it; or
    /// the outcome of a program that exited by itself.
    private func findStop() throws -> Either<TraceOutcome, (Int, [String])> {
        var programOutput = [String]()
        for (index, line) in lines.lines.enumerated() {
            let text = line.text
            if text.hasPrefix("[Inferior ") && (text.contains(" exited normally]") || text.contains(" exited with code ")) {
                let code = TraceText.word(after: "exited with code ", in: text)?.trimmingCharacters(in: CharacterSet(charactersIn: "]"))
                return .left(.clean(tool: .gdb, detail: text.contains("exited normally") ? "exited normally" : "exited with code " + (code ?? "?")))
            }
            if GDBTraceParser.signalName(in: text) != nil { return .right((index, programOutput)) }
            if !(text.hasPrefix("[") || text.hasPrefix("Using host libthread_db") || text.isEmpty) { programOutput.append(text) }
        }
        throw lines.error(lines.lines.last, "trace truncated: gdb reports neither a signal nor the program's exit")
    }

    /// The report the stop line starts: signal, message, thread.
    private func stopReport(_ stop: TraceLines.Line, programOutput: [String]) throws -> CrashReport {
        let name = GDBTraceParser.signalName(in: stop.text)!
        guard let signal = SignalInfo(name: name) else { throw lines.error(stop, "unknown signal \(name)") }
        var report = CrashReport(tool: .gdb, kind: signal.name, signal: signal)
        report.message = stop.text.components(separatedBy: ", ").dropFirst().joined(separator: ", ").trimmingCharacters(in: CharacterSet(charactersIn: ". "))
        if stop.text.hasPrefix("Thread ") { report.thread = TraceText.word(after: "Thread ", in: stop.text) }
        // An abort's reason is what the program printed last (an assertion, a libstdc++ check).
        if signal.name == "SIGABRT", let last = programOutput.last { report.message = last }
        return report
    }

    /// Reads one line after the backtrace started into `report`; false when it belongs to none
    /// of the commands' outputs.
    private func read(_ text: String, section: inout Section, into report: inout CrashReport) -> Bool {
        if text.hasPrefix("        "), section == .backtrace, !report.frames.isEmpty {
            // `bt full`: a local of the last frame, or the continuation of one.
            let entry = text.trimmingCharacters(in: .whitespaces)
            if entry == "No locals." { return true }
            if let variable = GDBTraceParser.assignment(entry) {
                report.frames[report.frames.count - 1].locals.append(variable)
            } else if var last = report.frames[report.frames.count - 1].locals.popLast() {
                last.value += " " + entry
                report.frames[report.frames.count - 1].locals.append(last)
            }
            return true
        }
        if text == "(More stack frames follow...)" { return true }
        if section == .backtrace, text == "No locals." || text == "No symbol table info available." { return true }
        if text.hasPrefix("Stack level ") { section = .frameInfo; return true }
        if section == .frameInfo, text.hasPrefix(" ") || text.hasPrefix("caller of ") || text.hasPrefix("called by ") { return true }
        if text.hasPrefix("$"), let equals = text.range(of: " = ") {
            // `p $_siginfo...`: the faulting address, for memory faults.
            var value = String(text[equals.upperBound...])
            if value.hasPrefix("(void *) ") { value.removeFirst("(void *) ".count) }
            let address = value.prefix { !$0.isWhitespace }
            if address.hasPrefix("0x"), report.kind == "SIGSEGV" || report.kind == "SIGBUS" { report.faultAddress = String(address) }
            return true
        }
        if GDBTraceParser.isRegisterLine(text) { section = .registers; return true }
        if text == "No locals." || text == "No symbol table info available." { section = .locals; return true }
        if text.hasPrefix("No symbol ") || text.hasPrefix("Attempt to extract") || text.hasPrefix("No frame selected") { return true }
        guard section != .registers else { return false }
        if let variable = GDBTraceParser.assignment(text) {
            section = .locals
            report.locals.append(variable)
            return true
        }
        if section == .locals, text.hasPrefix(" ") || text.hasPrefix("}"), var last = report.locals.popLast() {
            last.value += " " + text.trimmingCharacters(in: .whitespaces)
            report.locals.append(last)
            return true
        }
        return false
    }

    /// `Program received signal SIGSEGV, ...`, `Thread 2 "w" received signal ...`, `Program terminated with signal ...`.
    static func signalName(in text: String) -> String? {
        for marker in [" received signal ", "Program terminated with signal "] {
            guard let range = text.range(of: marker),
                  text.hasPrefix("Program ") || text.hasPrefix("Thread ") else { continue }
            let name = text[range.upperBound...].prefix { $0.isLetter || $0.isNumber }
            return name.hasPrefix("SIG") ? String(name) : nil
        }
        return nil
    }

    /// `rax            0x0                 0`.
    static func isRegisterLine(_ text: String) -> Bool {
        let name = text.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        guard !name.isEmpty, name.count <= 8 else { return false }
        let rest = text.dropFirst(name.count)
        return rest.hasPrefix("  ") && rest.drop(while: { $0 == " " }).hasPrefix("0x")
    }

    /// `name = value`.
    static func assignment(_ text: String) -> TraceVariable? {
        guard let range = text.range(of: " = ") else { return nil }
        let name = text[..<range.lowerBound]
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == ":" || $0 == "~" }) else { return nil }
        return TraceVariable(name: String(name), value: String(text[range.upperBound...]))
    }

    /// `#1  0x000055... in valueLength (key=0x5555 "x") at /src/main.cpp:25`, `#0  __strlen_avx2 () at x.S:76`,
    /// `#3  0x00007f... in ?? () from /lib/x86_64-linux-gnu/libc.so.6`.
    func backtraceFrame(_ line: TraceLines.Line) throws -> StackFrame? {
        var rest = Substring(line.text)
        guard rest.hasPrefix("#") else { return nil }
        rest = rest.dropFirst()
        let digits = rest.prefix(while: \.isNumber)
        guard !digits.isEmpty else { return nil }
        rest = rest.dropFirst(digits.count).drop(while: { $0 == " " })
        if rest.hasPrefix("0x"), let inRange = rest.range(of: " in ") {
            rest = rest[inRange.upperBound...]
        }
        var file: String?
        var lineNumber: Int?
        var module: String?
        if let at = rest.range(of: ") at ", options: .backwards) {
            let location = rest[at.upperBound...]
            if let (path, number, _) = SanitizerFrame.fileLineColumn(location) {
                file = path
                lineNumber = number
                rest = rest[..<rest.index(after: at.lowerBound)]
            }
        } else if let from = rest.range(of: ") from ", options: .backwards) {
            module = (String(rest[from.upperBound...]) as NSString).lastPathComponent
            rest = rest[..<rest.index(after: from.lowerBound)]
        }
        guard rest.hasSuffix(")"), let open = GDBTraceParser.openingParenthesis(of: rest) else {
            throw lines.error(line, "cannot read the frame's arguments: \(line.text.prefix(80))")
        }
        let function = rest[..<open].trimmingCharacters(in: .whitespaces)
        let argumentText = rest[rest.index(after: open)..<rest.index(before: rest.endIndex)]
        let arguments = GDBTraceParser.splitTopLevel(argumentText).compactMap { part -> TraceVariable? in
            guard let equals = part.firstIndex(of: "=") else { return nil }
            var name = part[..<equals].trimmingCharacters(in: .whitespaces)
            if let at = name.range(of: "@entry") { name = String(name[..<at.lowerBound]) }
            return TraceVariable(name: name, value: part[part.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        }
        return StackFrame(function: function == "??" ? "??" : function, file: file, line: lineNumber, module: module, arguments: arguments)
    }

    /// The `(` that matches the final `)`, skipping quoted strings.
    static func openingParenthesis(of text: Substring) -> Substring.Index? {
        var depth = 0
        var inString = false
        var index = text.endIndex
        while index > text.startIndex {
            index = text.index(before: index)
            let character = text[index]
            if character == "\"" { inString.toggle(); continue }
            if inString { continue }
            if character == ")" { depth += 1 }
            if character == "(" {
                depth -= 1
                if depth == 0 { return index }
            }
        }
        return nil
    }

    /// Splits `a=1, b={x = 1, y = 2}, c=0x1 "s, t"` at commas outside brackets and quotes.
    static func splitTopLevel(_ text: Substring) -> [Substring] {
        var parts = [Substring]()
        var depth = 0
        var inString = false
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\"" { inString.toggle() }
            if !inString {
                if "({[".contains(character) { depth += 1 }
                if ")}]".contains(character) { depth -= 1 }
                if character == ",", depth == 0 {
                    parts.append(text[start..<index])
                    start = text.index(after: index)
                }
            }
            index = text.index(after: index)
        }
        if start < text.endIndex { parts.append(text[start...]) }
        return parts.filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

import Foundation

/// A trace as numbered lines, with the `==PID==` prefix that sanitizers and valgrind put on
/// their lines taken off and remembered, so parsers see the text and can tell when two
/// processes' output is interleaved.
struct TraceLines {
    struct Line {
        /// 1-based line number in the file.
        var number: Int
        /// The text without the `==PID==` prefix (and the one space after it).
        var text: String
        /// The process id of the prefix, when the line had one.
        var pid: String?

        var trimmed: String { text.trimmingCharacters(in: .whitespaces) }
    }

    let file: String
    let lines: [Line]

    init(file: String, text: String) {
        self.file = file
        var result = [Line]()
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            var line = Substring(raw)
            if line.hasSuffix("\r") { line = line.dropLast() }
            var pid: String?
            if line.hasPrefix("=="), let close = line.dropFirst(2).firstRange(of: "==") {
                let digits = line[line.index(line.startIndex, offsetBy: 2)..<close.lowerBound]
                if !digits.isEmpty, digits.allSatisfy(\.isNumber) {
                    pid = String(digits)
                    line = line[close.upperBound...]
                    if line.hasPrefix(" ") { line = line.dropFirst() }
                }
            }
            result.append(Line(number: number, text: String(line), pid: pid))
        }
        while let last = result.last, last.text.isEmpty, last.pid == nil { result.removeLast() }
        lines = result
    }

    func error(_ line: Line?, _ reason: String) -> TraceParseError {
        TraceParseError(file: file, line: line?.number, reason: reason)
    }

    /// Throws when the recorder marked the trace as cut short.
    func checkNotCutShort() throws {
        for line in lines where line.text == TraceRecorder.truncationMarker || line.text == TraceRecorder.timeoutMarker {
            throw error(line, line.text == TraceRecorder.truncationMarker
                ? "trace truncated: the recorder's output limit was reached"
                : "trace incomplete: the program was stopped at the recorder's time limit")
        }
    }

    /// Throws when prefixed lines from `range` come from more than one process.
    func checkOneProcess(_ range: Range<Int>) throws {
        var first: String?
        for line in lines[range] {
            guard let pid = line.pid else { continue }
            if let first, first != pid {
                throw error(line, "two traces interleaved: lines from process \(first) and process \(pid) are mixed")
            }
            first = first ?? pid
        }
    }
}

/// Reads the frame lines sanitizers print (`#0 0x4011d6 in f(int) /src/a.cpp:3:7`, TSan's
/// `#0 f(int) /src/a.cpp:3 (prog+0x11d6)`, `#3 0x7f... (/lib/libc.so.6+0x2724a)`).
enum SanitizerFrame {
    /// The frame index and frame of a line that starts with `#N`, or nil for other lines.
    static func parse(_ text: String) -> (index: Int, frame: StackFrame)? {
        var rest = Substring(text.trimmingCharacters(in: .whitespaces))
        guard rest.hasPrefix("#") else { return nil }
        rest = rest.dropFirst()
        let digits = rest.prefix(while: \.isNumber)
        guard !digits.isEmpty, let index = Int(digits) else { return nil }
        rest = rest.dropFirst(digits.count).drop(while: { $0 == " " })
        if rest.hasPrefix("0x") {
            rest = rest.drop(while: { !$0.isWhitespace }).drop(while: { $0 == " " })
            if rest.hasPrefix("in ") { rest = rest.dropFirst(3) }
        }
        return (index, functionAndLocation(String(rest)))
    }

    /// Splits `function location (module+0xoffset)` from the right: function names hold spaces.
    static func functionAndLocation(_ text: String) -> StackFrame {
        var rest = Substring(text)
        if let range = rest.range(of: " (BuildId: ", options: .backwards), rest.hasSuffix(")") {
            rest = rest[..<range.lowerBound]
        }
        var module: String?
        if rest.hasSuffix(")"), let open = rest.range(of: "(", options: .backwards) {
            let inner = rest[open.upperBound..<rest.index(before: rest.endIndex)]
            if let plus = inner.range(of: "+0x", options: .backwards) {
                module = String(inner[..<plus.lowerBound])
                rest = rest[..<open.lowerBound]
            }
        }
        rest = Substring(rest.trimmingCharacters(in: .whitespaces))
        var function = String(rest)
        var file: String?
        var line: Int?
        var column: Int?
        if let space = rest.range(of: " ", options: .backwards) {
            let last = rest[space.upperBound...]
            let head = String(rest[..<space.lowerBound])
            if last == "<null>" {
                function = head
            } else if let location = fileLineColumn(last) {
                (file, line, column) = location
                function = head
            }
        }
        if function == "<null>" || function.isEmpty { function = "??" }
        return StackFrame(function: function, file: file, line: line, column: column, module: module.map { ($0 as NSString).lastPathComponent })
    }

    /// `path:line` or `path:line:column`.
    static func fileLineColumn(_ text: Substring) -> (String, Int, Int?)? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return nil }
        if parts.count >= 3, let line = Int(parts[parts.count - 2]), let column = Int(parts[parts.count - 1]) {
            return (parts.dropLast(2).joined(separator: ":"), line, column)
        }
        if let line = Int(parts[parts.count - 1]) {
            return (parts.dropLast().joined(separator: ":"), line, nil)
        }
        return nil
    }
}

/// Small text helpers shared by the parsers.
enum TraceText {
    /// The word after `marker` (up to a space, comma or closing parenthesis).
    static func word(after marker: String, in text: String) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        let word = text[range.upperBound...].prefix { !($0 == " " || $0 == "," || $0 == ")" || $0 == ":") }
        return word.isEmpty ? nil : String(word)
    }

    /// `READ of size 4` / `write of size 8` → access.
    static func access(in text: String) -> MemoryAccess? {
        let lower = text.lowercased()
        for kind in ["read", "write"] {
            if let range = lower.range(of: "\(kind) of size ") {
                let digits = lower[range.upperBound...].prefix(while: \.isNumber)
                if let size = Int(digits) { return MemoryAccess(kind: kind, size: size) }
            }
        }
        return nil
    }

    /// The text between the first pair of the given quote characters.
    static func quoted(_ text: String, quote: Character = "'") -> String? {
        guard let open = text.firstIndex(of: quote) else { return nil }
        let after = text.index(after: open)
        guard let close = text[after...].firstIndex(of: quote) else { return nil }
        return String(text[after..<close])
    }
}

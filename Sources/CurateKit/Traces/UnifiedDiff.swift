import Foundation

/// A fix given as a unified diff (`fix.diff`): free text before the first `---` line says what
/// the fix does; the file sections change the case's sources.
struct UnifiedDiff {
    struct Hunk {
        var oldStart: Int
        var oldCount: Int
        var newStart: Int
        var newCount: Int
        /// Lines with their leading ` `, `-` or `+`.
        var lines: [String]
    }

    struct FilePatch {
        /// The path after the `a/` or `b/` prefix.
        var path: String
        var hunks: [Hunk]
    }

    /// The description before the first file section.
    var summary: String
    var files: [FilePatch]

    /// Parses a diff; anything it cannot read is an error naming the diff's file and line.
    init(text: String, file: String) throws {
        let lines = text.components(separatedBy: "\n")
        var summaryLines = [String]()
        var files = [FilePatch]()
        var index = 0
        func fail(_ reason: String) -> TraceParseError { TraceParseError(file: file, line: index + 1, reason: reason) }
        while index < lines.count, !lines[index].hasPrefix("--- ") {
            summaryLines.append(lines[index])
            index += 1
        }
        while index < lines.count {
            let line = lines[index]
            if line.isEmpty || line.hasPrefix("diff ") || line.hasPrefix("index ") { index += 1; continue }
            guard line.hasPrefix("--- "), index + 1 < lines.count, lines[index + 1].hasPrefix("+++ ") else {
                throw fail("expected a '--- a/file' line")
            }
            var path = String(lines[index + 1].dropFirst(4)).components(separatedBy: "\t")[0]
            if path.hasPrefix("b/") { path.removeFirst(2) }
            var patch = FilePatch(path: path, hunks: [])
            index += 2
            while index < lines.count, lines[index].hasPrefix("@@") {
                let header = lines[index]
                let numbers = header.split(separator: " ").dropFirst().prefix(2).map { $0.dropFirst().split(separator: ",").map { Int($0) } }
                guard numbers.count == 2, let oldStart = numbers[0].first ?? nil, let newStart = numbers[1].first ?? nil else {
                    throw fail("cannot read the hunk header '\(header)'")
                }
                let oldCount = numbers[0].count > 1 ? (numbers[0][1] ?? 1) : 1
                let newCount = numbers[1].count > 1 ? (numbers[1][1] ?? 1) : 1
                var hunk = Hunk(oldStart: oldStart, oldCount: oldCount, newStart: newStart, newCount: newCount, lines: [])
                index += 1
                var old = 0, new = 0
                while old < oldCount || new < newCount {
                    guard index < lines.count else { throw fail("the diff ends inside a hunk") }
                    let body = lines[index]
                    if body.hasPrefix("\\") { index += 1; continue }
                    switch body.first {
                    case " ": old += 1; new += 1
                    case "-": old += 1
                    case "+": new += 1
                    case nil: old += 1; new += 1   // an empty context line whose space was stripped
                    default: throw fail("unexpected line in a hunk: \(body.prefix(40))")
                    }
                    hunk.lines.append(body.isEmpty ? " " : body)
                    index += 1
                }
                patch.hunks.append(hunk)
            }
            files.append(patch)
        }
        self.summary = summaryLines.joined(separator: " ").trimmingCharacters(in: .whitespaces)
        self.files = files
    }

    /// The new text of `path` after the patch; the context must match, or it is an error.
    func apply(to text: String, path: String, file: String) throws -> (text: String, changedLines: [Int]) {
        guard let patch = files.first(where: { $0.path == path }) else { return (text, []) }
        var old = text.components(separatedBy: "\n")
        var result = [String]()
        var changed = [Int]()
        var cursor = 0
        for (number, hunk) in patch.hunks.enumerated() {
            let start = max(0, hunk.oldStart - 1)
            guard start >= cursor, start <= old.count else {
                throw TraceParseError(file: file, line: nil, reason: "hunk \(number + 1) for \(path) does not apply (bad position)")
            }
            result += old[cursor..<start]
            cursor = start
            for line in hunk.lines {
                let body = String(line.dropFirst())
                switch line.first {
                case "+":
                    result.append(body)
                    if changed.last != result.count { changed.append(result.count) }
                default:
                    guard cursor < old.count, old[cursor] == body else {
                        throw TraceParseError(file: file, line: nil,
                                              reason: "hunk \(number + 1) for \(path) does not apply: line \(cursor + 1) differs")
                    }
                    // A deletion changes the line that takes its place.
                    if line.first == " " { result.append(body) } else if changed.last != result.count + 1 { changed.append(result.count + 1) }
                    cursor += 1
                }
            }
        }
        result += old[cursor...]
        old = result
        return (old.joined(separator: "\n"), changed.map { min($0, max(1, result.count)) })
    }

    /// Where the patch touches the old text of `path`: each removed line, and for each run of
    /// added lines the old line it is inserted before (`removed` false). 1-based.
    func oldSites(path: String) -> [(line: Int, removed: Bool)] {
        guard let patch = files.first(where: { $0.path == path }) else { return [] }
        var sites = [(line: Int, removed: Bool)]()
        for hunk in patch.hunks {
            var old = max(1, hunk.oldStart)
            var previousWasAdded = false
            for line in hunk.lines {
                switch line.first {
                case "-":
                    sites.append((old, true))
                    old += 1
                    previousWasAdded = false
                case "+":
                    if !previousWasAdded { sites.append((old, false)) }
                    previousWasAdded = true
                default:
                    old += 1
                    previousWasAdded = false
                }
            }
        }
        return sites
    }

    /// The added and removed lines of every file, without their `+`/`-`, in diff order.
    var changes: [(added: Bool, text: String, path: String)] {
        files.flatMap { file in
            file.hunks.flatMap { hunk in
                hunk.lines.compactMap { line -> (Bool, String, String)? in
                    guard let mark = line.first, mark == "+" || mark == "-" else { return nil }
                    return (mark == "+", String(line.dropFirst()), file.path)
                }
            }
        }
    }
}

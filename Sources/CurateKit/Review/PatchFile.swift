/// A patch file as Debian packages carry them: a header (`PatchHeader`) and a unified diff in
/// the dialects quilt, git and plain `diff -u` write (`Index:` and `====` lines, `diff --git`
/// extended headers, binary patches, a mail signature after the last hunk).
///
/// A hunk whose lines do not add up to its header's counts is an error naming the patch and
/// the line: such a diff cannot be shown as the fix.
struct PatchFile: Sendable {
    var header: PatchHeader
    var files: [PatchFileDiff]

    init(text: String, name: String) throws {
        // "\r\n" is one Character in Swift: a CRLF line (a test file of the patched tree) must
        // split there too, without its carriage return.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map(String.init)
        let start = Self.diffStart(lines)
        header = PatchHeader(lines: Array(lines[..<start]))
        files = try Self.parseDiff(lines, from: start, name: name)
    }

    /// The index of the first line of the diff (or the line count when there is none).
    static func diffStart(_ lines: [String]) -> Int {
        for index in lines.indices {
            let line = lines[index]
            let next = index + 1 < lines.count ? lines[index + 1] : ""
            if line.hasPrefix("diff --git ") { return index }
            if line.hasPrefix("Index: "), next.hasPrefix("====") || next.hasPrefix("--- ") { return index }
            if line.hasPrefix("--- "), next.hasPrefix("+++ ") { return index }
        }
        return lines.count
    }

    private static func parseDiff(_ lines: [String], from start: Int, name: String) throws -> [PatchFileDiff] {
        var files = [PatchFileDiff]()
        var index = start
        /// A `diff --git` section not yet closed by its `---`/`+++` lines: a binary patch, a
        /// mode change or a rename has none.
        var pending: PatchFileDiff?
        func flushPending() {
            if let file = pending { files.append(file) }
            pending = nil
        }
        while index < lines.count {
            let line = lines[index]
            if line.hasPrefix("diff --git ") {
                flushPending()
                let paths = gitPaths(line)
                pending = PatchFileDiff(oldPath: paths.old, newPath: paths.new, hunks: [], binary: false)
                index += 1
                continue
            }
            if line.hasPrefix("GIT binary patch") || (line.hasPrefix("Binary files ") && line.hasSuffix(" differ")) {
                if pending == nil { pending = PatchFileDiff(oldPath: nil, newPath: nil, hunks: [], binary: true) }
                pending?.binary = true
                index += 1
                continue
            }
            if line.hasPrefix("--- "), index + 1 < lines.count, lines[index + 1].hasPrefix("+++ ") {
                var file = PatchFileDiff(oldPath: path(line), newPath: path(lines[index + 1]), hunks: [], binary: false)
                if let git = pending {
                    // git names both sides in `diff --git`; `/dev/null` on a side still wins.
                    file.oldPath = file.oldPath.map { _ in git.oldPath ?? file.oldPath! }
                    file.newPath = file.newPath.map { _ in git.newPath ?? file.newPath! }
                }
                pending = nil
                index += 2
                while index < lines.count, lines[index].hasPrefix("@@") {
                    file.hunks.append(try hunk(lines, at: &index, name: name))
                }
                if file.hunks.isEmpty {
                    throw PatchParseError(file: name, line: index + 1, reason: "no hunk after the '+++ \(file.path)' line")
                }
                files.append(file)
                continue
            }
            // Anything else between file sections (quilt's `Index:` and `====` lines, git's
            // `index`/mode lines, a mail signature, comments) carries no change.
            index += 1
        }
        flushPending()
        return files
    }

    private static func hunk(_ lines: [String], at index: inout Int, name: String) throws -> PatchHunk {
        guard let header = PatchHunk.header(lines[index]) else {
            throw PatchParseError(file: name, line: index + 1, reason: "cannot read the hunk header '\(lines[index].prefix(60))'")
        }
        var hunk = PatchHunk(oldStart: header.oldStart, oldCount: header.oldCount, newStart: header.newStart,
                             newCount: header.newCount, functionHint: header.hint, lines: [])
        let headerLine = index + 1
        index += 1
        var old = 0, new = 0
        while old < header.oldCount || new < header.newCount {
            guard index < lines.count else {
                // Editors and mail clients strip a trailing blank context line: when as many
                // old as new lines are missing, at most two, they are taken as blank context.
                let missing = header.oldCount - old
                if missing == header.newCount - new, missing <= 2 {
                    hunk.lines += Array(repeating: " ", count: missing)
                    break
                }
                throw PatchParseError(file: name, line: headerLine,
                                      reason: "the patch ends inside the hunk (\(old) of \(header.oldCount) old and \(new) of \(header.newCount) new lines)")
            }
            let body = lines[index]
            switch body.first {
            case "\\": index += 1; continue
            case " ": old += 1; new += 1
            case "-": old += 1
            case "+": new += 1
            // An empty context line whose space an editor or a mail client stripped.
            case nil: old += 1; new += 1
            default:
                throw PatchParseError(file: name, line: index + 1,
                                      reason: "the hunk starting at line \(headerLine) has \(old) of \(header.oldCount) old and \(new) of \(header.newCount) new lines, then '\(body.prefix(40))'")
            }
            guard old <= header.oldCount, new <= header.newCount else {
                throw PatchParseError(file: name, line: index + 1,
                                      reason: "the hunk starting at line \(headerLine) has more lines than its header counts")
            }
            hunk.lines.append(body.isEmpty ? " " : body)
            index += 1
        }
        while index < lines.count, lines[index].hasPrefix("\\") { index += 1 }
        return hunk
    }

    /// The path of a `---`/`+++` line without its timestamp and first component; nil for
    /// `/dev/null`.
    static func path(_ line: String) -> String? {
        let raw = String(line.dropFirst(4)).components(separatedBy: "\t")[0].trimmed
        if raw == "/dev/null" { return nil }
        return stripFirstComponent(raw.hasPrefix("\"") && raw.hasSuffix("\"") && raw.count >= 2 ? String(raw.dropFirst().dropLast()) : raw)
    }

    /// `diff --git a/x b/x`: the two paths without their `a/` and `b/`.
    static func gitPaths(_ line: String) -> (old: String?, new: String?) {
        let rest = line.dropFirst("diff --git ".count)
        guard rest.hasPrefix("a/"), let split = rest.range(of: " b/", options: .backwards) else { return (nil, nil) }
        return (String(rest[rest.index(rest.startIndex, offsetBy: 2)..<split.lowerBound]), String(rest[split.upperBound...]))
    }

    /// Patches apply with `-p1`: `a/src/x.c`, `pkg.orig/src/x.c` and `pkg/src/x.c` are `src/x.c`.
    static func stripFirstComponent(_ path: String) -> String {
        var path = path
        while path.hasPrefix("./") { path.removeFirst(2) }
        guard let slash = path.firstIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

/// A patch that cannot be read, with the patch file and the line.
struct PatchParseError: Error, CustomStringConvertible, Sendable {
    var file: String
    var line: Int
    var reason: String
    var description: String { "\(file):\(line): \(reason)" }
}

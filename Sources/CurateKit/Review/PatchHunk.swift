/// One hunk of a unified diff: where it sits in the old and new file, the function name the
/// diff tool printed after the second `@@` (`diff -p`, git), and its lines.
struct PatchHunk: Sendable, Hashable {
    var oldStart: Int
    var oldCount: Int
    var newStart: Int
    var newCount: Int
    /// Text after the closing `@@`: the enclosing function as the diff tool saw it, or empty.
    var functionHint: String
    /// The lines with their leading ` `, `-` or `+` (an empty context line is stored as " ").
    var lines: [String]

    /// The file as it was before the change, as far as the hunk shows it: context and removed
    /// lines, without their markers.
    var oldSide: [String] {
        lines.compactMap { $0.first == "+" ? nil : String($0.dropFirst()) }
    }

    /// The removed lines, and the added lines, without their markers.
    var removedLines: [String] { lines.compactMap { $0.first == "-" ? String($0.dropFirst()) : nil } }
    var addedLines: [String] { lines.compactMap { $0.first == "+" ? String($0.dropFirst()) : nil } }

    var removedCount: Int { lines.filter { $0.first == "-" }.count }
    var addedCount: Int { lines.filter { $0.first == "+" }.count }

    /// The changed lines without their markers.
    var changedLines: [String] {
        lines.compactMap { $0.first == "+" || $0.first == "-" ? String($0.dropFirst()) : nil }
    }

    /// The hunk as a diff writes it: header, then its lines.
    var text: String {
        let hint = functionHint.isEmpty ? "" : " " + functionHint
        let header = "@@ -\(oldStart),\(oldCount) +\(newStart),\(newCount) @@\(hint)"
        return ([header] + lines).joined(separator: "\n")
    }

    /// Reads `@@ -a,b +c,d @@ hint`; nil when the header is not of that form.
    static func header(_ line: String) -> (oldStart: Int, oldCount: Int, newStart: Int, newCount: Int, hint: String)? {
        guard line.hasPrefix("@@ ") else { return nil }
        let rest = line.dropFirst(3)
        guard let close = rest.range(of: " @@") else { return nil }
        let ranges = rest[..<close.lowerBound].split(separator: " ")
        guard ranges.count == 2, ranges[0].first == "-", ranges[1].first == "+",
              let old = range(ranges[0].dropFirst()), let new = range(ranges[1].dropFirst()) else { return nil }
        let hint = rest[close.upperBound...].trimmed
        return (old.start, old.count, new.start, new.count, hint)
    }

    private static func range(_ text: Substring) -> (start: Int, count: Int)? {
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count <= 2, let start = Int(parts[0]), start >= 0 else { return nil }
        guard parts.count == 2 else { return (start, 1) }
        guard let count = Int(parts[1]), count >= 0 else { return nil }
        return (start, count)
    }
}

/// The changes a patch makes to one file.
struct PatchFileDiff: Sendable, Hashable {
    /// The path inside the source tree (the first component, `a/` or `pkg.orig/`, removed);
    /// nil on a side that is `/dev/null`.
    var oldPath: String?
    var newPath: String?
    var hunks: [PatchHunk]
    /// A git binary patch or a "Binary files ... differ" line: nothing to show as text.
    var binary: Bool

    /// The path the change is about: the new one, or the old one for a deleted file.
    var path: String { newPath ?? oldPath ?? "" }
}

/// The text of a patch before its diff, in the three styles Debian packages use:
///
/// - DEP-3: `Description:` (or `Subject:`) whose continuation lines, indented, hold the long
///   description (` .` is an empty line), and fields such as `Origin:`, `Bug:`, `Forwarded:`,
///   `Author:`, `Last-Update:`;
/// - git format-patch: a `From <sha>` line, mail headers (`From:`, `Date:`, `Subject: [PATCH]`),
///   a blank line, the commit message, and `---` before the diffstat;
/// - gcc's `# DP:` lines, each a line of the description.
///
/// Free text outside the fields is kept as the body: many patches explain themselves there.
struct PatchHeader: Sendable {
    enum Style: String, Sendable {
        case dep3, gitFormatPatch = "git-format-patch", gccDP = "gcc-dp", free
    }

    var style: Style
    /// The one-line summary (`Description:` first line, or `Subject:` without `[PATCH]`).
    var summary: String
    /// The long description: DEP-3 continuation lines, then the free-text body, in order;
    /// an empty string is a paragraph break.
    var details: [String]
    /// Every other field, by lower-cased name, in order of appearance.
    var fields: [(name: String, value: String)]

    /// The first value of a field (`bug`, `origin`, ...), if present.
    func field(_ name: String) -> String? {
        fields.first { $0.name == name }?.value
    }

    init(lines: [String]) {
        var lines = lines[...]
        var style = Style.free
        if let first = lines.first, Self.isMboxSeparator(first) {
            style = .gitFormatPatch
            lines = lines.dropFirst()
        }
        var summary = ""
        var details = [String]()
        var fields = [(name: String, value: String)]()
        /// The field that indented lines continue: `description` and `subject` add to the
        /// text, other fields are dropped with their continuations.
        var continuing: String?
        var sawDP = false
        for raw in lines {
            let line = raw.hasSuffix("\r") ? String(raw.dropLast()) : raw
            if line.hasPrefix("# DP:") || line == "# DP" {
                sawDP = true
                let text = line.dropFirst(line.hasPrefix("# DP:") ? 5 : 4).trimmed
                if summary.isEmpty, !text.isEmpty { summary = text } else { details.append(text) }
                continue
            }
            // git format-patch and many quilt headers end the message with `---` and a diffstat.
            if line == "---" { break }
            if let continued = continuing, let first = line.first, first == " " || first == "\t" {
                let text = line.trimmed
                if continued == "description" {
                    details.append(text == "." ? "" : text)
                } else if continued == "subject" {
                    summary += " " + text
                } else if let last = fields.indices.last {
                    fields[last].value += " " + text
                }
                continue
            }
            continuing = nil
            if let (name, value) = Self.field(line) {
                switch name {
                case "description":
                    if style == .free { style = .dep3 }
                    if summary.isEmpty { summary = value } else { details.append(value) }
                    continuing = "description"
                case "subject":
                    if summary.isEmpty { summary = Self.withoutPatchTag(value) } else { details.append(value) }
                    continuing = "subject"
                default:
                    if style == .free, Self.dep3Fields.contains(name) || name.hasPrefix("bug-") { style = .dep3 }
                    fields.append((name, value))
                    continuing = name
                }
                continue
            }
            details.append(line.trimmed)
        }
        if sawDP { style = .gccDP }
        self.style = style
        self.summary = summary.trimmed
        self.details = details
        self.fields = fields
    }

    /// Fields of DEP-3 and of git mail headers and trailers that are metadata, not prose.
    static let dep3Fields: Set<String> = [
        "description", "subject", "origin", "bug", "forwarded", "author", "from", "date", "last-update",
        "applied-upstream", "reviewed-by", "acked-by", "signed-off-by", "tested-by", "reported-by",
        "suggested-by", "co-authored-by", "change-id", "gbp-pq", "upstream", "upstream-status", "index",
        "cc", "to", "message-id", "reviewed-on", "bug-debian", "bug-ubuntu", "patch-name", "applied",
        "mime-version", "content-type", "content-transfer-encoding", "fossilorigin-name", "thanks-to", "cvss",
        "cve", "cve-id", "upstream-bug", "debian-bug", "bugs", "fixes", "closes", "see-also", "backported-by",
        // Pseudo-headers of a Debian bug report pasted into the description.
        "package", "version", "tags", "user", "usertags", "control", "severity", "source", "justification",
    ]

    /// `Name: value` when `Name` is a known field, a `Bug-*`/`X-*` field or a `*-by` trailer.
    static func field(_ line: String) -> (String, String)? {
        guard let colon = line.firstIndex(of: ":"), colon > line.startIndex else { return nil }
        let name = line[..<colon]
        guard name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }),
              name.first?.isLetter == true else { return nil }
        let after = line[line.index(after: colon)...]
        guard after.isEmpty || after.first == " " || after.first == "\t" else { return nil }
        let key = name.lowercased()
        guard dep3Fields.contains(key) || key.hasPrefix("bug-") || key.hasPrefix("x-") || key.hasSuffix("-by") else { return nil }
        return (key, after.trimmed)
    }

    /// `From 0123…(40 hex) Mon Sep 17 00:00:00 2001`, the first line of a format-patch mail.
    static func isMboxSeparator(_ line: String) -> Bool {
        let parts = line.split(separator: " ")
        return parts.count >= 2 && parts[0] == "From" && parts[1].count == 40 && parts[1].allSatisfy(\.isHexDigit)
    }

    /// A subject without its `[PATCH 2/7]`-style tag.
    static func withoutPatchTag(_ subject: String) -> String {
        var text = subject.trimmed
        while text.hasPrefix("["), let close = text.firstIndex(of: "]") {
            text = String(text[text.index(after: close)...]).trimmed
        }
        return text
    }
}

import Foundation

/// Reads the sample fixture files: each entry starts with a `=== name …` header line, then the
/// prompt's lines, then `--- completion` and the completion's lines.
enum FixtureSampleFile {
    struct Entry {
        var header: [Substring]
        var prompt: [Substring]
        var completion: [Substring]
    }

    /// The entries of `Fixtures/<relative>`; with `skippingCommentLines`, lines starting with
    /// `#` are notes for the reader, not sample text.
    static func entries(_ relative: String, skippingCommentLines: Bool) -> [Entry] {
        let folder = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let text = try! String(contentsOf: folder.appendingPathComponent(relative), encoding: .utf8)
        var entries = [Entry]()
        var inCompletion = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if skippingCommentLines && line.hasPrefix("#") { continue }
            if line.hasPrefix("=== ") {
                entries.append(Entry(header: line.split(separator: " "), prompt: [], completion: []))
                inCompletion = false
            } else if line == "--- completion" {
                inCompletion = true
            } else if !entries.isEmpty {
                if inCompletion { entries[entries.count - 1].completion.append(line) } else { entries[entries.count - 1].prompt.append(line) }
            }
        }
        return entries
    }
}

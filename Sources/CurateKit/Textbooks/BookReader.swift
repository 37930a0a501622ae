import Foundation

/// Reads a book file of any supported format into documents of sections.
///
/// The format follows the file's suffix: `.html`/`.htm` (tolerant HTML parser), `.xhtml`
/// (XML parser), `.xml`/`.dbk` (XML parser; DocBook unless the root is `html`), `.epub`,
/// `.rst` and Sphinx's `.rst.txt` (`RSTReader`).
enum BookReader {
    static let suffixes: Set<String> = ["html", "htm", "xhtml", "xht", "xml", "dbk", "epub", "rst"]

    /// Reads `url`; `file` is the name used in messages and locators (the input's id).
    static func read(_ url: URL, file: String) throws -> Book {
        if RSTReader.isSource(url) { return try RSTReader.read(url, file: file) }
        let suffix = url.pathExtension.lowercased()
        guard suffixes.contains(suffix) else { throw BookError.unsupportedFormat(file: file, suffix: suffix) }
        if suffix == "epub" { return try EPUBReader.read(url, file: file) }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BookError.unreadable(file: file, reason: Self.reason(error))
        }
        let document = try data.withUnsafeBytes { raw in
            try readDocument(raw.bindMemory(to: UInt8.self), file: file, asHTML: suffix == "html" || suffix == "htm",
                             locatorPrefix: "", fallbackTitle: url.deletingPathExtension().lastPathComponent)
        }
        return Book(metadata: document.metadata, documents: [document])
    }

    /// Checks and parses one document's bytes and cuts it into sections.
    static func readDocument(_ bytes: UnsafeBufferPointer<UInt8>, file: String, asHTML: Bool,
                             locatorPrefix: String, fallbackTitle: String) throws -> BookDocument {
        try BookBytes.check(bytes, file: file)
        let parsed = asHTML ? try MarkupParser.html(bytes, file: file) : try MarkupParser.xml(bytes, file: file)
        // The tree's nodes are raw pointers into `parsed`: keep it alive until the walk is done.
        return try withExtendedLifetime(parsed) {
            guard let root = parsed.root else { throw BookError.notMarkup(file: file) }
            let isHTML = root.localName.lowercased() == "html"
            let metadata = isHTML ? BookMetadataReader.html(root: root) : BookMetadataReader.docbook(root: root)
            let sections = SectionExtractor.sections(of: root, leadTitle: metadata.title ?? fallbackTitle, docbook: !isHTML)
            return BookDocument(locatorPrefix: locatorPrefix, metadata: metadata, sections: sections)
        }
    }

    static func reason(_ error: Error) -> String {
        if let cocoa = error as? CocoaError, cocoa.code == .fileReadNoSuchFile { return "no such file (removed while running?)" }
        if let posix = (error as NSError).userInfo[NSUnderlyingErrorKey] as? NSError { return posix.localizedDescription }
        return (error as NSError).localizedDescription
    }
}

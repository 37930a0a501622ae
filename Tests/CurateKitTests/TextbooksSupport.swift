import Foundation
import TOMLKit
import ZIPFoundation
@testable import CurateKit

/// Helpers the textbooks test suites share: fixture paths, scratch folders, EPUBs built on the
/// spot, and the FORMATS.md shape checks.
enum TextbooksSupport {
    static var fixtures: URL {
        Bundle.module.url(forResource: "Fixtures", withExtension: nil)!.appendingPathComponent("textbooks")
    }

    /// The repository root, found from this source file's place in it.
    static var repositoryRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    static func scratchFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("textbooks-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    static func context(language: CodeLanguage, root: URL = repositoryRoot, explicit: [URL]? = nil) -> StageContext {
        StageContext(domain: DomainSettings(name: language.rawValue, language: language, root: root),
                     explicitPaths: explicit, outputRoot: root.appendingPathComponent("out"))
    }

    static func stage(_ domain: CodeLanguage = .cpp) throws -> TextbooksStage {
        try TextbooksStage(section: .empty(path: "textbooks"),
                           domain: DomainSettings(name: domain.rawValue, language: domain, root: repositoryRoot))
    }

    /// Runs the stage on one file the way the runner does.
    static func run(_ url: URL, language: CodeLanguage = .cpp) throws -> StageOutput {
        try stage(language).process(StageInput(id: url.lastPathComponent, url: url), context(language: language))
    }

    /// Writes an EPUB from (entry name, content) pairs, `mimetype` first as the format asks.
    static func makeEPUB(at url: URL, entries: [(String, String)]) throws {
        let archive = try Archive(url: url, accessMode: .create)
        for (name, text) in [("mimetype", "application/epub+zip")] + entries {
            let data = Data(text.utf8)
            try archive.addEntry(with: name, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: name == "mimetype" ? .none : .deflate) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
    }

    static let container = """
        <?xml version="1.0"?>
        <container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
          <rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>
        </container>
        """

    static func opf(title: String, rights: String, items: [(id: String, href: String)], spine: [String]) -> String {
        let manifest = items.map { "<item id=\"\($0.id)\" href=\"\($0.href)\" media-type=\"application/xhtml+xml\"/>" }
        let references = spine.map { "<itemref idref=\"\($0)\"/>" }
        return """
            <?xml version="1.0"?>
            <package xmlns="http://www.idpf.org/2007/opf" version="3.0">
              <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>\(title)</dc:title><dc:rights>\(rights)</dc:rights></metadata>
              <manifest>\(manifest.joined())</manifest>
              <spine>\(references.joined())</spine>
            </package>
            """
    }

    static func chapter(heading: String, prose: String, code: String) -> String {
        """
        <?xml version="1.0"?>
        <html xmlns="http://www.w3.org/1999/xhtml"><head><title>\(heading)</title></head>
        <body><section><h1>\(heading)</h1><p>\(prose)</p><pre class="language-cpp">\(code)</pre></section></body></html>
        """
    }

    // MARK: FORMATS.md section 1

    static func promptPattern(_ language: CodeLanguage) -> Regex<AnyRegexOutput> {
        let comment = language == .cpp ? "//" : "#"
        return try! Regex("\(comment) QUESTION: [^\\n]+(\\n\(comment) [^\\n]+)*")
    }

    static func completionPattern(_ language: CodeLanguage) -> Regex<AnyRegexOutput> {
        switch language {
        case .cpp: return try! Regex(#"/\* ANSWER:\n([^\n]+\n)+\*/\n[\s\S]+"#)
        case .cmake: return try! Regex(#"#\[\[ ANSWER:\n([^\n]+\n)+\]\]\n[\s\S]+"#)
        case .shell: return try! Regex(#": <<'ANSWER'\n([^\n]+\n)+ANSWER\n[\s\S]+"#)
        }
    }

    /// Whether a sample has the exact shape of `FORMATS.md` section 1 for its language, with
    /// an answer block that cannot end early and questions wrapped to `width`.
    static func hasPairShape(_ sample: Sample, _ language: CodeLanguage, width: Int = 60) -> Bool {
        guard sample.kind == .qa,
              (try? promptPattern(language).wholeMatch(in: sample.prompt)) != nil,
              (try? completionPattern(language).wholeMatch(in: sample.completion)) != nil else { return false }
        for line in sample.prompt.split(separator: "\n") where line.count > width && line.contains(" ") {
            let words = line.split(separator: " ")
            if words.count > 3 { return false } // only a single over-long word may overflow
        }
        let answer = answerLines(sample, language)
        let closer = language == .cpp ? "*/" : language == .cmake ? "]]" : nil
        if let closer, answer.contains(where: { $0.contains(closer) }) { return false }
        if language == .shell, answer.contains("ANSWER") { return false }
        return !answer.isEmpty
    }

    static func answerLines(_ sample: Sample, _ language: CodeLanguage) -> [String] {
        let lines = sample.completion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let end = language == .cpp ? "*/" : language == .cmake ? "]]" : "ANSWER"
        guard let close = lines.dropFirst().firstIndex(of: end) else { return [] }
        return Array(lines[1..<close])
    }

    static func code(_ sample: Sample, _ language: CodeLanguage) -> String {
        let lines = sample.completion.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let end = language == .cpp ? "*/" : language == .cmake ? "]]" : "ANSWER"
        guard let close = lines.dropFirst().firstIndex(of: end) else { return "" }
        return lines[(close + 1)...].joined(separator: "\n")
    }
}

/// A `[textbooks]` section parsed from TOML text, as a pipeline file would give it.
enum PipelineConfigFixture {
    static func table(_ text: String) throws -> ConfigTable {
        let top = ConfigTable(table: try TOMLTable(string: text), file: "test.toml", path: "",
                              lines: text.split(separator: "\n", omittingEmptySubsequences: false))
        return try top.table("textbooks")
    }
}

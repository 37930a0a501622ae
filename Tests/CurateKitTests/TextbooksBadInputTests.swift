import Foundation
import Testing
@testable import CurateKit

/// Bad input: each case is refused (or contained) with a reason that names the file and the
/// place, and never expands, escapes or crashes.
@Suite struct TextbooksBadInputTests {
    typealias Support = TextbooksSupport

    private func rejection(_ url: URL, _ language: CodeLanguage = .cpp) -> String? {
        do {
            _ = try Support.run(url, language: language)
            return nil
        } catch {
            return String(describing: error)
        }
    }

    private func write(_ bytes: [UInt8], named name: String) throws -> URL {
        let url = try Support.scratchFolder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    /// An EPUB entry whose deflate stream stops before its last block is refused at once;
    /// ZIPFoundation alone would spin on it without end.
    @Test func deflateStreamCutShortIsRefused() throws {
        let damaged = ParserProbeTests.kept.appendingPathComponent("epub/deflate-cut-short.epub")
        let zip = try [UInt8](Data(contentsOf: damaged))
        let cut = try #require(DeflateCheck.compressedBytes(of: "OEBPS/text/transforming.xhtml", compressedSize: 728, in: zip))
        #expect(!DeflateCheck.streamEnds(cut, limit: 1 << 20))
        let whole = try #require(DeflateCheck.compressedBytes(of: "OEBPS/book.opf", compressedSize: 417, in: zip))
        #expect(DeflateCheck.streamEnds(whole, limit: 1 << 20))
        #expect(!DeflateCheck.streamEnds(whole, limit: 100), "860 bytes of output pass a limit of 100")
        #expect(!DeflateCheck.streamEnds(whole.dropLast(8), limit: 1 << 20))
        let reason = try #require(rejection(damaged))
        #expect(reason.contains("deflate-cut-short.epub"), "\(reason)")
    }

    @Test func entityBombDoesNotExpand() throws {
        let url = Support.fixtures.appendingPathComponent("billion-laughs.xml")
        // libxml2's amplification check (kept on: no XML_PARSE_HUGE) refuses the file at the
        // first use of the entity, in the paragraph on line 18, before anything is expanded.
        let error = #expect(throws: BookError.self) { _ = try BookReader.read(url, file: "billion-laughs.xml") }
        guard case let .malformedXML(file, line, _, message) = error else {
            Issue.record("expected a malformed-XML refusal, got \(String(describing: error))")
            return
        }
        #expect(file == "billion-laughs.xml")
        #expect(line == 18)
        #expect(message.contains("entity"), "\(message)")
        let rejection = #expect(throws: InputRejected.self) { _ = try Support.run(url) }
        #expect(rejection?.reason.hasPrefix("billion-laughs.xml:18:") == true)
    }

    @Test func externalEntityIsNeitherLoadedNorExpanded() throws {
        let url = Support.fixtures.appendingPathComponent("external-entity.xml")
        let output = try Support.run(url)
        let everything = output.samples.map { $0.prompt + $0.completion }.joined()
        #expect(!everything.contains("root:"))
        let book = try BookReader.read(url, file: "external-entity.xml")
        let prose = book.documents.flatMap(\.sections).flatMap(\.prose).joined()
        #expect(prose.contains("The secret is: (it must stay unexpanded)."))
        #expect(output.samples.count == 1)
    }

    @Test func malformedXMLNamesLineAndColumn() throws {
        let reason = try #require(rejection(Support.fixtures.appendingPathComponent("malformed.xml")))
        #expect(reason.hasPrefix("malformed.xml:9:1: "))
        #expect(reason.contains("malformed XML"))
    }

    @Test func malformedHTMLIsRecovered() throws {
        let output = try Support.run(Support.fixtures.appendingPathComponent("malformed.html"))
        #expect(output.samples.count == 1)
        #expect(Support.code(output.samples[0], .cpp) == "int twice(int x) { return 2 * x; }")
    }

    @Test func textWithoutMarkupIsRefused() throws {
        let url = try write(Array("just words, no tags at all\n".utf8), named: "plain.html")
        #expect(rejection(url) == "plain.html: no markup found; expected HTML, XHTML, DocBook or EPUB")
    }

    @Test func emptyFileIsRefused() throws {
        let url = try write([], named: "empty.html")
        #expect(rejection(url) == "empty.html: empty file, nothing to read")
    }

    @Test func binaryFileIsRefused() throws {
        let url = try write([0x3C, 0x68, 0x31, 0x3E, 0x00, 0x01, 0x02, 0xFF], named: "image.html")
        #expect(rejection(url) == "image.html: binary data (NUL byte at offset 4), not a text book")
    }

    @Test func invalidUTF8NamesLineAndOffset() throws {
        var bytes = Array("<html><body>\n<p>caf".utf8)
        bytes.append(0xE9) // Latin-1 é
        bytes += Array(" au lait</p></body></html>".utf8)
        let url = try write(bytes, named: "latin1.html")
        #expect(rejection(url) == "latin1.html:2: invalid UTF-8 at byte offset 19; convert the file to UTF-8 (iconv)")
    }

    @Test func utf8ValidatorFollowsRFC3629() {
        func firstBad(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBufferPointer(BookBytes.firstInvalidUTF8) }
        #expect(firstBad(Array("naïve – ✓ 𝄞".utf8)) == nil)
        #expect(firstBad([0x41, 0xC0, 0x80]) == 1)        // overlong
        #expect(firstBad([0xED, 0xA0, 0x80]) == 0)        // surrogate
        #expect(firstBad([0xF4, 0x90, 0x80, 0x80]) == 0)  // above U+10FFFF
        #expect(firstBad([0x41, 0xE2, 0x82]) == 1)        // truncated
    }

    @Test func unsupportedSuffixAndVanishedFile() throws {
        let url = try write(Array("<p>x</p>".utf8), named: "book.pdf")
        #expect(rejection(url)?.contains("unsupported book format 'pdf'") == true)
        let gone = try Support.scratchFolder().appendingPathComponent("gone.html")
        #expect(rejection(gone) == "gone.html: cannot read: no such file (removed while running?)")
    }

    @Test func epubEntriesThatEscapeAreRefused() throws {
        let url = try Support.scratchFolder().appendingPathComponent("escape.epub")
        try Support.makeEPUB(at: url, entries: [
            ("META-INF/container.xml", Support.container),
            ("OEBPS/content.opf", Support.opf(title: "Escape", rights: "test",
                                              items: [("ok", "ok.xhtml"), ("up", "../../outside.xhtml"), ("abs", "/etc/passwd")],
                                              spine: ["ok", "up", "abs"])),
            ("OEBPS/ok.xhtml", Support.chapter(heading: "Fine", prose: "The fine chapter stays inside.", code: "int ok = 1;")),
            ("../evil.xhtml", Support.chapter(heading: "Evil", prose: "The evil chapter climbs out.", code: "int evil = 1;")),
        ])
        let book = try BookReader.read(url, file: "escape.epub")
        #expect(book.documents.map(\.locatorPrefix) == ["OEBPS/ok.xhtml#"])
        #expect(book.rejections.map(\.locator) == ["../evil.xhtml", "../../outside.xhtml", "/etc/passwd"])
        #expect(book.rejections.allSatisfy { $0.reason.contains("points outside the archive") })
        let output = try Support.run(url)
        #expect(output.samples.count == 1)
        #expect(output.rejections.count == 3)
    }

    @Test func epubWithoutContainerOrNotAZipIsRefused() throws {
        let folder = try Support.scratchFolder()
        let noContainer = folder.appendingPathComponent("bare.epub")
        try Support.makeEPUB(at: noContainer, entries: [("OEBPS/a.xhtml", "<html/>")])
        #expect(rejection(noContainer) == "bare.epub: bad EPUB: missing entry 'META-INF/container.xml'")
        let notZip = try write(Array("PK? not really".utf8), named: "fake.epub")
        #expect(rejection(notZip)?.hasPrefix("fake.epub: bad EPUB: not a readable ZIP archive") == true)
    }
}

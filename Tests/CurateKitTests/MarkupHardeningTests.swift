import Foundation
import Testing
@testable import CurateKit

/// A listing longer than libxml2's default text limit (10,000,000 characters) is either read
/// whole (HTML) or refused with the reason (XML, which keeps libxml2's entity limits); it is
/// never cut short silently.
@Suite struct MarkupHardeningTests {
    typealias Support = TextbooksSupport
    let folder = TemporaryFolder()

    /// About 20 MB of C++: an array initialiser, on one line or broken every 100 characters,
    /// closed so its end can be checked.
    static func listing(oneLine: Bool) -> String {
        var code = "static const int table[] = {"
        code.reserveCapacity(21_000_000)
        var value = 0, lineStart = 0
        while code.utf8.count < 20_000_000 {
            code += "\(value % 9973),"
            value += 1
            if !oneLine, code.utf8.count - lineStart > 100 {
                code += "\n"
                lineStart = code.utf8.count
            } else {
                code += " "
            }
        }
        return code + "-1}; // end of table"
    }

    static let oneLine = listing(oneLine: true)
    static let manyLines = listing(oneLine: false)

    func book(_ suffix: String, _ code: String) throws -> URL {
        let head = suffix == "html" ? "<!DOCTYPE html><html><head>" : "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head>"
        let text = head + "<title>Tables</title></head><body><h1>A long table</h1>"
            + "<p>The table below is generated and holds every residue.</p>"
            + "<pre><code class=\"language-cpp\">" + code + "</code></pre></body></html>\n"
        return try folder.write(text, to: "long-listing.\(suffix)")
    }

    @Test(arguments: [true, false])
    func htmlListingOverTheDefaultLimitIsReadWhole(oneLine: Bool) throws {
        let expected = oneLine ? Self.oneLine : Self.manyLines
        let url = try book("html", expected)
        let parsed = try BookReader.read(url, file: "long-listing.html")
        let code = try #require(parsed.documents.first?.sections.flatMap(\.listings).first?.code)
        #expect(code.utf8.count == expected.utf8.count)
        #expect(code.hasSuffix("-1}; // end of table"))
    }

    @Test(arguments: [true, false])
    func xmlListingOverTheLimitIsRefusedWithTheReason(oneLine: Bool) throws {
        let url = try book("xhtml", oneLine ? Self.oneLine : Self.manyLines)
        let error = #expect(throws: BookError.self) { _ = try BookReader.read(url, file: "long-listing.xhtml") }
        let text = "\(error!)"
        #expect(text.hasPrefix("long-listing.xhtml:"), "\(text)")
        #expect(text.contains("libxml2 stopped before the end of the file"), "\(text)")
        // Through the stage, the book is rejected with that reason rather than giving samples cut short.
        let rejection = #expect(throws: InputRejected.self) { _ = try Support.run(url) }
        #expect(rejection?.reason.contains("refused rather than read in part") == true, "\(String(describing: rejection))")
    }
}

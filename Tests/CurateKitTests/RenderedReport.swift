import Foundation
import Testing
@testable import CurateKit

/// The report as headless Chromium renders it: each section's text, by its heading, read from
/// the DOM Chromium builds (so a page that does not render has no sections).
func renderedReportSections(out: URL, in folder: URL) throws -> [String: String] {
    let chromium = try #require(ProcessRunner.locate("chromium"), "chromium renders the report (TEST_APT_PACKAGES)")
    let result = try ProcessRunner(executable: chromium).run(
        ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", OutputLayout(root: out).report.absoluteString],
        in: folder, timeLimit: 120, outputLimit: 1 << 24)
    #expect(result.status == 0)
    var sections = [String: String]()
    for piece in result.text.components(separatedBy: "<section>").dropFirst() {
        let body = piece.components(separatedBy: "</section>")[0]
        guard let open = body.range(of: "<h2>"), let close = body.range(of: "</h2>") else { continue }
        let text = String(body[close.upperBound...])
            .replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
            .replacingOccurrences(of: "&amp;", with: "&")
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
        sections[String(body[open.upperBound..<close.lowerBound]).replacingOccurrences(of: "&amp;", with: "&")
            .replacingOccurrences(of: "&#39;", with: "'")] = text
    }
    return sections
}

import Foundation
import Testing
@testable import CurateKit

/// Samples written straight into parts, as a stage would leave them.
struct BrowserFixture {
    let folder = TemporaryFolder()
    var out: URL { folder.url.appendingPathComponent("out") }

    /// A QUESTION/ANSWER pair whose question and code differ with `number`.
    static func pair(_ number: Int, domain: String = "cpp", band: Sample.Band? = nil, kind: Sample.Kind = .qa) -> Sample {
        Sample(domain: domain, kind: kind,
               prompt: "// QUESTION: How do you return the number \(number)\n// from a function?",
               completion: """
                   /* ANSWER:
                   A function returns a value with a return statement.
                   The value here is the constant \(number), an int.
                   */
                   int value\(number)() {
                       return \(number);
                   }
                   """,
               source: SampleSource(uri: "corpora/book-\(number % 3).html", locator: "/html/body/section[\(number)]"),
               scores: ["prose": Double(number % 10) / 10], band: band,
               lineage: [LineageStep(stage: "textbooks", version: "4")])
    }

    func writePart(_ samples: [Sample], stage: String, domain: String = "cpp", index: Int) throws {
        let writer = try ZstdJSONLWriter(url: out.appendingPathComponent("\(domain)/\(stage)/\(PartFiles.name(index))"))
        for sample in samples { try writer.write(sample) }
        try writer.close()
    }

    func browse(_ query: SampleQuery) throws -> [BrowsedSample] {
        var all = [BrowsedSample]()
        try SampleBrowser(outputRoot: out).browse(query) { all.append($0) }
        return all
    }
}

@Suite struct SampleBrowserTests {
    let fixture = BrowserFixture()
    let bands: [Sample.Band?] = [.high, .marginal, nil, .high, .low]

    init() throws {
        let samples = (0..<40).map { BrowserFixture.pair($0, band: bands[$0 % bands.count], kind: $0 % 7 == 0 ? .text : .qa) }
        try fixture.writePart(Array(samples[..<25]), stage: "quality", index: 0)
        try fixture.writePart(Array(samples[25...]), stage: "quality", index: 1)
        try fixture.writePart([BrowserFixture.pair(100)], stage: "textbooks", index: 0)
        try fixture.writePart([BrowserFixture.pair(200, domain: "shell")], stage: "textbooks", domain: "shell", index: 0)
    }

    @Test func eachFilterKeepsExactlyTheSamplesItDescribes() throws {
        let all = try fixture.browse(SampleQuery(domain: "cpp"))
        #expect(all.count == 40)
        #expect(all.allSatisfy { $0.stage == "quality" })
        #expect(all.map(\.line) == Array(1...25) + Array(1...15))
        #expect(all[25].part == "cpp/quality/part-00001.jsonl.zst")

        for band in Sample.Band.allCases {
            let kept = try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(band: band)))
            #expect(kept.map(\.sample.id) == all.filter { $0.sample.band == band }.map(\.sample.id))
            #expect(!kept.isEmpty)
        }
        let texts = try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(kind: .text)))
        #expect(texts.map(\.sample.id) == all.filter { $0.sample.kind == .text }.map(\.sample.id))
        #expect(texts.count == 6)

        let grep = try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(text: "return 17;")))
        #expect(grep.map(\.sample.id) == [BrowserFixture.pair(17, band: bands[17 % 5]).id])

        let combined = try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(band: .high, kind: .qa, text: "value1")))
        #expect(!combined.isEmpty)
        #expect(combined.map(\.sample.id) == all.filter {
            $0.sample.band == .high && $0.sample.kind == .qa && $0.sample.trainingText.contains("value1")
        }.map(\.sample.id))
        #expect(try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(text: "no such text"))).isEmpty)
    }

    @Test func withoutAStageEachDomainShowsItsLastStageWithParts() throws {
        let all = try fixture.browse(SampleQuery())
        #expect(Set(all.map { "\($0.sample.domain)/\($0.stage)" }) == ["cpp/quality", "shell/textbooks"])
        let earlier = try fixture.browse(SampleQuery(domain: "cpp", stage: "textbooks"))
        #expect(earlier.map(\.sample.id) == [BrowserFixture.pair(100).id])
        #expect(throws: SampleBrowserError.self) { try fixture.browse(SampleQuery(domain: "cpp", stage: "dedup")) }
    }

    @Test func randomChoiceIsDeterministicForASeedAndDrawsFromTheMatches() throws {
        func pick(_ seed: UInt64, _ filter: SampleFilter = SampleFilter()) throws -> [String] {
            try fixture.browse(SampleQuery(domain: "cpp", filter: filter, random: .init(count: 5, seed: seed))).map(\.sample.id)
        }
        #expect(try pick(7) == pick(7))
        #expect(try pick(7).count == 5)
        #expect(Set(try (0..<6).map { try pick($0) }).count > 1)
        let high = Set(try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(band: .high))).map(\.sample.id))
        #expect(Set(try pick(3, SampleFilter(band: .high))).isSubset(of: high))
        // Asking for more than match gives every match, in stream order.
        let many = try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(band: .low), random: .init(count: 100, seed: 1)))
        #expect(many.map(\.sample.id) == (try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(band: .low)))).map(\.sample.id))
    }

    @Test func reservoirChoosesEveryPositionAboutEquallyOften() {
        var counts = [Int](repeating: 0, count: 10)
        for seed in 0..<3000 {
            var reservoir = SampleReservoir<Int>(capacity: 3, seed: UInt64(seed))
            for value in 0..<10 { reservoir.offer(value) }
            #expect(reservoir.elements.count == 3)
            #expect(reservoir.elements == reservoir.elements.sorted())
            for value in reservoir.elements { counts[value] += 1 }
        }
        // 3000 draws of 3 from 10: 900 each expected; the bounds are about five deviations.
        #expect(counts.allSatisfy { (780...1020).contains($0) }, "\(counts)")
    }

    @Test func renderingShowsTheTrainingTextAndHighlightsMarkersOnlyInColour() throws {
        let browsed = try #require(try fixture.browse(SampleQuery(domain: "cpp", filter: SampleFilter(text: "return 3;"))).first)
        let plain = SampleRendering(colour: false).render(browsed)
        #expect(plain.contains(browsed.sample.trainingText))
        #expect(!plain.contains("\u{1B}"))
        #expect(plain.contains("source   corpora/book-0.html  /html/body/section[3]"))
        #expect(plain.contains("band     high"))
        #expect(plain.contains("scores   prose 0.300"))
        #expect(plain.contains("lineage  textbooks 4"))

        let coloured = SampleRendering(colour: true).render(browsed)
        #expect(coloured.contains("\u{1B}[1;36m// QUESTION:\u{1B}[0m"))
        #expect(coloured.contains("\u{1B}[1;32m/* ANSWER:\u{1B}[0m"))
        let snapshot = "// ====== TASK ======\nint *p = nullptr; // <-- BOOM\n__AGENT_QUERY__(\"definition\", \"T\")"
        let marked = SampleRendering(colour: true).highlighted(snapshot)
        for marker in ["// ====== TASK ======", "// <-- BOOM", "__AGENT_QUERY__"] {
            #expect(marked.contains("m\(marker)\u{1B}[0m"), "\(marker)")
        }
        #expect(marked.replacingOccurrences(of: "\u{1B}\\[[0-9;]*m", with: "", options: .regularExpression) == snapshot)
    }

    @Test func likePatternMatchesThePrefixLiterally() {
        #expect(Catalog.likePrefix("ab%_\\") == "ab\\%\\_\\\\%")
    }
}

@Suite struct SampleBrowserReasonsTests {
    let project = TemporaryFolder()

    @Test func qualityReasonsComeFromTheCatalog() throws {
        let out = try curatedOutputForTests(project)
        let catalog = try Catalog(outputRoot: out)
        var shown = [BrowsedSample]()
        try SampleBrowser(outputRoot: out).browse(SampleQuery(domain: "cpp", stage: "quality")) { shown.append($0) }
        #expect(!shown.isEmpty)
        for browsed in shown {
            #expect(!browsed.reasons.isEmpty && Set(browsed.reasons).count == browsed.reasons.count)
            #expect(browsed.reasons == (try catalog.qualityReasons(sampleID: browsed.sample.id)))
            let text = SampleRendering(colour: false).render(browsed)
            #expect(text.contains("reasons  " + browsed.reasons.joined(separator: "; ")), "\(text)")
        }
        // A sample the quality stage never saw has no reasons.
        try FileManager.default.removeItem(at: out.appendingPathComponent("cpp/quality"))
        _ = try Catalog.rebuild(outputRoot: out)
        var earlier = [BrowsedSample]()
        try SampleBrowser(outputRoot: out).browse(SampleQuery(domain: "cpp", stage: "textbooks")) { earlier.append($0) }
        #expect(!earlier.isEmpty && earlier.allSatisfy { $0.reasons.isEmpty })
    }
}

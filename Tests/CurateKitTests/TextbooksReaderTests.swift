import Foundation
import Testing
@testable import CurateKit

/// The readers and the section model: what each format gives, what is left out, and where
/// each section is.
@Suite struct TextbooksReaderTests {
    typealias Support = TextbooksSupport

    @Test func htmlReferencePageKeepsContentAndDropsBoilerplate() throws {
        let book = try BookReader.read(Support.fixtures.appendingPathComponent("reference-page.html"), file: "reference-page.html")
        #expect(book.metadata.title == "ring::push - reference")
        #expect(book.metadata.licence == "https://example.org/licence")
        let sections = try #require(book.documents.first?.sections)
        let headings = sections.map(\.heading)
        #expect(headings == ["ring::push - reference", "ring::push", "Parameters", "Complexity", "Example", "See also"])
        let page = sections[1]
        #expect(page.level == 1)
        #expect(page.locator == "/html/body/div[1]/h1[1]")
        #expect(page.paragraphs.first == "Stores value after the newest element of the ring. When the ring is full, the oldest element is overwritten first.")
        #expect(page.paragraphs.contains("1) The value is copied into the slot."))
        let all = sections.flatMap { $0.paragraphs + $0.listItems }.joined(separator: " ")
        for boilerplate in ["From the test reference", "Retrieved from", "tracking", "Run this code", "void push", "removes the oldest"] {
            #expect(!all.contains(boilerplate), "boilerplate kept: \(boilerplate)")
        }
        let example = sections[4]
        #expect(example.parent == 1)
        #expect(example.level == 3)
        #expect(example.listings.map(\.declaredLanguage) == ["cpp", "text"])
        #expect(example.listings[0].code.hasPrefix("#include <array>\n\nint main()\n{"))
        #expect(example.listings[0].code.hasSuffix("return slots[0] == 7 ? 0 : 1;\n}"))
    }

    @Test func xhtmlChapterWithNestedSections() throws {
        let book = try BookReader.read(Support.fixtures.appendingPathComponent("chapter.xhtml"), file: "chapter.xhtml")
        #expect(book.metadata == BookMetadata(title: "Loops", licence: "Public domain test text"))
        let sections = try #require(book.documents.first?.sections)
        #expect(sections.map(\.heading) == ["Loops", "Loops", "Counting loops", "Infinite loops"])
        let counting = sections[2]
        #expect(counting.locator == "/html/body/section[1]/section[1]")
        #expect(counting.parent == 1)
        #expect(counting.listings.count == 2)
        #expect(counting.listings.allSatisfy { $0.declaredLanguage == "cpp" })
        #expect(counting.listItems == ["Prefer ranges when you walk a container.", "Keep the body short."])
        #expect(!sections.flatMap(\.paragraphs).contains { $0.contains("Previous") })
    }

    @Test func docbookSectionsTitlesAndQuestions() throws {
        let book = try BookReader.read(Support.fixtures.appendingPathComponent("guide.xml"), file: "guide.xml")
        #expect(book.metadata == BookMetadata(title: "Test Guide", licence: "Copyright 2026 Test Authors"))
        let sections = try #require(book.documents.first?.sections)
        #expect(sections.map(\.heading) == ["Test Guide", "Targets", "Executables", "Questions",
                                            "Why list sources explicitly instead of globbing?"])
        #expect(sections.map(\.level) == [0, 1, 2, 2, 3])
        #expect(sections[2].locator == "/book/chapter[1]/section[1]")
        #expect(sections[2].listings.map(\.declaredLanguage) == ["cmake", nil])
        #expect(sections[2].listings[1].language == nil || sections[2].listings[1].language != "cmake")
        let question = sections[4]
        #expect(question.isExplicitQuestion)
        #expect(question.locator == "/book/chapter[1]/section[2]/qandaset[1]/qandaentry[1]")
        #expect(question.paragraphs == ["A glob is evaluated only at configure time. New files are missed until CMake runs again."])
    }

    @Test func epubFollowsTheSpineNotTheManifest() throws {
        let folder = try Support.scratchFolder()
        let url = folder.appendingPathComponent("book.epub")
        try Support.makeEPUB(at: url, entries: [
            ("META-INF/container.xml", Support.container),
            ("OEBPS/content.opf", Support.opf(title: "Spine Order", rights: "CC0 test text",
                                              items: [("a", "text/first.xhtml"), ("b", "text/second.xhtml")],
                                              spine: ["b", "a"])),
            ("OEBPS/text/first.xhtml", Support.chapter(heading: "First", prose: "One sentence here.", code: "int a = 1;")),
            ("OEBPS/text/second.xhtml", Support.chapter(heading: "Second", prose: "Another sentence here.", code: "int b = 2;")),
        ])
        let book = try BookReader.read(url, file: "book.epub")
        #expect(book.metadata == BookMetadata(title: "Spine Order", licence: "CC0 test text"))
        #expect(book.documents.map(\.locatorPrefix) == ["OEBPS/text/second.xhtml#", "OEBPS/text/first.xhtml#"])
        #expect(book.documents[0].sections.map(\.heading) == ["Second", "Second"])
        #expect(book.documents[0].sections[1].locator == "/html/body/section[1]")
        #expect(book.rejections.isEmpty)

        let output = try Support.run(url)
        #expect(output.samples.map(\.source.locator) == ["OEBPS/text/second.xhtml#/html/body/section[1]",
                                                         "OEBPS/text/first.xhtml#/html/body/section[1]"])
        #expect(output.samples.allSatisfy { $0.source.title == "Spine Order" && $0.source.licence == "CC0 test text" })
    }

    @Test(arguments: [
        ("language-cpp", "cpp"), ("lang-cmake", "cmake"), ("sourceCode bash", "shell"), ("highlight-cmake notranslate", "cmake"),
        ("cpp source-cpp", "cpp"), ("text source-text", "text"), ("brush:python", "python"), ("example", nil),
        ("c source-c", "c"), ("highlight-console", "console"),
    ] as [(String, String?)])
    func languageFromClass(_ classes: String, _ expected: String?) {
        #expect(CodeLanguageDetector.fromClass(classes) == expected)
    }

    @Test func languageFromContent() {
        #expect(CodeLanguageDetector.detect("#include <vector>\nint main() { std::vector<int> v; }") == "cpp")
        #expect(CodeLanguageDetector.detect("cmake_minimum_required(VERSION 3.20)\nproject(x)") == "cmake")
        #expect(CodeLanguageDetector.detect("#!/bin/sh\nfor f in *; do echo \"$f\"; done\n") == "shell")
        #expect(CodeLanguageDetector.detect("hello world") == nil)
    }

    @Test func elementPathsCountSameNamedSiblings() throws {
        let html = "<html><body><div>a</div><p>b</p><div><h2>x</h2><pre class=\"language-cpp\">int x;</pre></div></body></html>"
        let sections = try Array(html.utf8).withUnsafeBufferPointer { bytes in
            try BookReader.readDocument(bytes, file: "t.html", asHTML: true, locatorPrefix: "", fallbackTitle: "t").sections
        }
        #expect(sections.last?.locator == "/html/body/div[2]/h2[1]")
        #expect(sections.last?.listings.first?.locator == "/html/body/div[2]/pre[1]")
    }

    @Test func sourcesGlobsAndExplicitPathsGiveOneInputPerBook() throws {
        let root = try Support.scratchFolder()
        let books = root.appendingPathComponent("books/nested", isDirectory: true)
        try FileManager.default.createDirectory(at: books, withIntermediateDirectories: true)
        for name in ["b.html", "a.xml", "c.epub", "notes.txt", "d.xhtml"] {
            try Data("x".utf8).write(to: books.appendingPathComponent(name))
        }
        let config = try PipelineConfigFixture.table("[textbooks]\nsources = [\"books/**/*.html\", \"books/nested/a.xml\", \"books\"]\n")
        let stage = try TextbooksStage(section: config, domain: DomainSettings(name: "cpp", language: .cpp, root: root))
        let inputs = try stage.inputs(Support.context(language: .cpp, root: root))
        #expect(inputs.map(\.id) == ["books/nested/a.xml", "books/nested/b.html", "books/nested/c.epub", "books/nested/d.xhtml"])
        let explicit = try stage.inputs(Support.context(language: .cpp, root: root, explicit: [books.appendingPathComponent("b.html")]))
        #expect(explicit.map(\.id) == ["books/nested/b.html"])
        #expect(throws: InputRejected.self) {
            try stage.inputs(Support.context(language: .cpp, root: root, explicit: [root.appendingPathComponent("gone.html")]))
        }
    }

    @Test func unknownConfigKeysAreRejected() throws {
        let config = try PipelineConfigFixture.table("[textbooks]\nsources = []\nmax_answer_line = 3\n")
        #expect(throws: ConfigError.self) {
            try TextbooksStage(section: config, domain: DomainSettings(name: "cpp", language: .cpp, root: Support.repositoryRoot))
        }
        let wrong = try PipelineConfigFixture.table("[textbooks]\nmax_answer_lines = \"many\"\n")
        #expect(throws: ConfigError.self) {
            try TextbooksStage(section: wrong, domain: DomainSettings(name: "cpp", language: .cpp, root: Support.repositoryRoot))
        }
    }
}

import Foundation
import Testing
@testable import CurateKit

/// The reST reader: sections from adornments, listings from directives and `::` blocks,
/// admonitions and list items read for their text, unknown directives and roles survived.
@Suite struct RSTReaderTests {
    static func parse(_ text: String) -> BookDocument {
        RSTReader.parse(text, fallbackTitle: "fallback")
    }

    @Test func sectionsNestByTheOrderTheirAdornmentsAppear() {
        let document = Self.parse("""
            ==========
             The Book
            ==========

            Opening words of the book.

            Part One
            ========

            Chapter words.

            A Rule
            ------

            Rule words.

            Part Two
            ========

            More words.
            """)
        #expect(document.metadata.title == "The Book")
        #expect(document.sections.map(\.heading) == ["The Book", "Part One", "A Rule", "Part Two"])
        #expect(document.sections.map(\.level) == [1, 2, 3, 2])
        #expect(document.sections.map(\.parent) == [nil, 0, 1, 0])
        #expect(document.sections.map(\.locator) == ["line 2", "line 7", "line 12", "line 17"])
        #expect(document.sections[2].paragraphs == ["Rule words."])
    }

    @Test func codeBlocksAndLiteralBlocksBecomeListings() throws {
        let document = Self.parse("""
            Title
            =====

            Write it like this:

            .. code-block:: c++
               :linenos:
               :emphasize-lines: 2

               int f() {
                 return 1;
               }

            A literal block follows::

                x = y;

            And a bare marker:

            ::

                plain text

            .. highlight:: cmake

            After the highlight ::

                project(demo)
            """)
        let section = try #require(document.sections.first)
        #expect(section.listings.map(\.code) == ["int f() {\n  return 1;\n}", "x = y;", "plain text", "project(demo)"])
        #expect(section.listings.map(\.declaredLanguage) == ["cpp", nil, nil, "cmake"])
        #expect(section.listings.map(\.paragraphsBefore) == [1, 2, 3, 4])
        // "::" reads ":", " ::" reads nothing, and a lone "::" is no paragraph.
        #expect(section.paragraphs == ["Write it like this:", "A literal block follows:", "And a bare marker:", "After the highlight"])
        #expect(section.listings[0].locator == "line 6")
    }

    @Test func nestedDirectivesAreReadAndUnknownOnesLeftOut() throws {
        let document = Self.parse("""
            Title
            =====

            .. note:: Notes are prose
               that goes on.

               .. warning::

                  A warning inside the note.

                  .. code-block:: cpp

                     int inside = 0;

            .. frobnicate:: some argument
               :option: value

               Nothing of this is read.

               .. code-block:: c++

                  int hidden = 0;

            .. toctree::

               other-page

            .. This is a comment
               spanning two lines.

            .. _target-label:

            * An item with a nested block:

              .. code-block:: c++

                 int item = 0;

            * A second item.

            term
               Its definition.

            +-----+-----+
            | a   | b   |
            +-----+-----+

            Closing words.
            """)
        let section = try #require(document.sections.first)
        #expect(section.paragraphs == ["Notes are prose that goes on.", "A warning inside the note.", "Closing words."])
        #expect(section.listItems == ["An item with a nested block:", "A second item.", "term: Its definition."])
        #expect(section.listings.map(\.code) == ["int inside = 0;", "int item = 0;"])
        #expect(section.listings[1].itemsBefore == 1)
        #expect(!section.prose.joined().contains("Nothing of this"))
        #expect(!section.prose.joined().contains("comment"))
    }

    @Test func inlineMarkupRendersAsText() {
        let inline = RSTInline(labels: ["why-raii": "Why RAII?"], substitutions: ["project": "Demo"])
        #expect(inline.text("Call :cpp:func:`std::sort` on ``std::vector<int>``.") == "Call std::sort on std::vector<int>.")
        #expect(inline.text("A :cpp:class:`~std::unique_ptr` owns it.") == "A unique_ptr owns it.")
        #expect(inline.text("See :ref:`why-raii` and :ref:`the rules <rules>`.") == "See Why RAII? and the rules.")
        #expect(inline.text("An :unknownrole:`thing` and :doc:`guides/Style`.") == "An thing and Style.")
        #expect(inline.text("Read `the site <https://example.org>`_ or `Early Exits`_ now.") == "Read the site or Early Exits now.")
        #expect(inline.text("*Really* **never** use |project| [#]_ here.") == "Really never use Demo here.")
        #expect(inline.text("Keep ``a * b * c`` and ``*p`` intact, 2 * 3 * 4 too.") == "Keep a * b * c and *p intact, 2 * 3 * 4 too.")
        #expect(inline.text("Mode ``0`` for *read* and ``1`` for write.") == "Mode 0 for read and 1 for write.")
        #expect(inline.text("Write ````x```` rarely.") == "Write ``x`` rarely.")
        #expect(inline.text("An escaped \\*star\\* stays.") == "An escaped *star* stays.")
    }

    @Test func labelsResolveToTheSectionTheyStandBefore() throws {
        let document = Self.parse("""
            Intro
            =====

            As :ref:`costs` explains, it matters.

            .. _costs:

            What It Costs
            =============

            Words.
            """)
        #expect(document.sections.first?.paragraphs == ["As What It Costs explains, it matters."])
    }

    @Test func readsRstTxtFilesThroughBookReader() throws {
        let folder = try TextbooksSupport.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("Guide.rst.txt")
        try Data("Guide\n=====\n\nText.\n".utf8).write(to: url)
        let book = try BookReader.read(url, file: "Guide.rst.txt")
        #expect(book.metadata.title == "Guide")
        #expect(book.documents.first?.sections.first?.paragraphs == ["Text."])
        // Bad bytes are refused with the file's name, as for any book.
        let bad = folder.appendingPathComponent("Bad.rst")
        try Data([0x41, 0x00, 0x42]).write(to: bad)
        #expect(throws: BookError.self) { try BookReader.read(bad, file: "Bad.rst") }
    }

    /// Whatever the input, the reader ends and every listing points into its section's prose.
    @Test func arbitraryMarkupNeverBreaksTheModel() {
        let pieces = ["Title\n=====\n", "", "text line", "  indented", ".. note::", ".. code-block:: c++", "   code();",
                      "::", "* item", "1. item", "----", ".. unknown:: x", ":field: value", "| line", "+--+", "=== ===",
                      "`unclosed", "**bold", ".. _x:", "term", "   def"]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 1...30, using: &generator))
                .map { _ in pieces.randomElement(using: &generator)! }.joined(separator: "\n")
            let document = Self.parse(text)
            for section in document.sections {
                for listing in section.listings {
                    #expect(listing.paragraphsBefore <= section.paragraphs.count, "\(text)")
                    #expect(listing.itemsBefore <= section.listItems.count, "\(text)")
                }
                if let parent = section.parent { #expect(parent >= 0 && parent < document.sections.count) }
            }
        }
    }
}

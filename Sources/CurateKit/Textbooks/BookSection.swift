import Foundation

/// What a book says about itself: its title and licence, when declared.
struct BookMetadata: Equatable, Sendable {
    var title: String?
    var licence: String?
}

/// A code listing inside a section, with the language its markup declares, if any.
struct CodeListing: Equatable, Sendable {
    var code: String
    /// Canonical language name from the markup (`cpp`, `cmake`, `shell`, `text`, ...).
    var declaredLanguage: String?
    /// Element path of the listing inside its document.
    var locator: String
    /// How many of the section's paragraphs come before the listing: the text that introduces
    /// a second or later listing lies between it and the one before.
    var paragraphsBefore = 0
    /// How many of the section's list items come before the listing.
    var itemsBefore = 0

    /// The declared language, else the one the content suggests.
    var language: String? { declaredLanguage ?? CodeLanguageDetector.detect(code) }
}

/// One section of a document: a heading, its place in the hierarchy, and what it holds.
struct BookSection: Equatable, Sendable {
    var heading: String
    /// 1 for the top headings (`h1`, a chapter); 0 for text before the first heading.
    var level: Int
    /// Element path of the section inside its document (`/html/body/div[2]/h2[1]`).
    var locator: String
    /// Index of the enclosing section in the document's section list.
    var parent: Int?
    var paragraphs: [String] = []
    var listItems: [String] = []
    var listings: [CodeListing] = []
    /// The heading is a question as the book asks it (a DocBook `qandaentry`).
    var isExplicitQuestion = false
    /// The shell function the section's listing defines (a script read by `ScriptReader`).
    var definesFunction: String?

    /// Paragraphs then list items: the prose an answer is condensed from.
    var prose: [String] { paragraphs + listItems }
}

/// One document of a book: a whole HTML or DocBook file, or one spine item of an EPUB.
struct BookDocument: Sendable {
    /// Prepended to section locators: `""` for a lone file, `OEBPS/ch2.xhtml#` inside an EPUB.
    var locatorPrefix: String
    var metadata: BookMetadata
    var sections: [BookSection]
}

/// A whole book as read: its metadata, its documents in reading order, and any parts of it
/// that had to be refused (an EPUB entry that escapes the archive, a malformed chapter).
struct Book: Sendable {
    var metadata: BookMetadata
    var documents: [BookDocument]
    var rejections: [Finding] = []
}

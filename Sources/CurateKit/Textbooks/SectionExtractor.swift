import CLibXML2
import Foundation

/// Walks a parsed HTML, XHTML or DocBook tree once and cuts it into sections.
///
/// Content is handled the way a browser lays out blocks: text and inline elements accumulate
/// into the current paragraph, and each block element ends it. Headings (`h1`–`h6`) open
/// sections by level; DocBook section elements open one section per element, with their
/// `title`. Navigation, boilerplate, tables of contents, scripts and styles are left out, by
/// element name and by `class`/`id`. Text goes into byte buffers; `String`s are made once per
/// paragraph, heading and listing.
final class SectionExtractor {
    private var sections: [BookSection] = []
    /// Indices of the open sections, outermost first.
    private var open: [Int] = []
    private var paragraph = TextBuffer()
    private var listDepth = 0
    private var docbookDepth = 0
    /// DocBook's `section` is a titled section; HTML's is a plain block.
    private let docbook: Bool

    private init(docbook: Bool) { self.docbook = docbook }

    /// Cuts the tree under `root` into sections; text before the first heading goes into a
    /// level-0 section named `leadTitle`.
    static func sections(of root: XMLNode, leadTitle: String, docbook: Bool) -> [BookSection] {
        let extractor = SectionExtractor(docbook: docbook)
        extractor.sections = [BookSection(heading: leadTitle, level: 0, locator: ElementPath.of(root), parent: nil)]
        extractor.open = [0]
        extractor.walkChildren(of: root, language: nil)
        extractor.flush()
        return extractor.sections
    }

    // MARK: walking

    private func walkChildren(of node: XMLNode, language: String?) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { paragraph.appendCollapsed(content) }
            case XML_ELEMENT_NODE:
                element(current, language: language)
            default:
                break // comments, processing instructions, and entity references, which stay unexpanded
            }
            child = current.pointee.next
        }
    }

    private func element(_ node: XMLNode, language inherited: String?) {
        let (name, kind) = classify(node)
        switch kind {
        case .skip, .metadata:
            return
        case .lineBreak:
            paragraph.appendSpace()
            return
        case .inline:
            if node.pointee.properties != nil, (name == "a" || name == "span"), Boilerplate.matches(node) { return }
            walkChildren(of: node, language: inherited)
            return
        default:
            break
        }
        var own: String?
        if node.pointee.properties != nil {
            let attributes = MarkupAttributes(node)
            if attributes.isBoilerplate { return }
            own = attributes.languageHint
        }
        let language = own ?? inherited
        switch kind {
        case .heading(let level):
            flush()
            let heading = Self.inlineText(of: node)
            let parentName = node.pointee.parent.map { $0.localName } ?? ""
            let anchor = (parentName == "section" || parentName == "article") ? node.pointee.parent! : node
            openSection(heading: heading, level: level, locator: ElementPath.of(anchor))
        case .docbookSection:
            flush()
            let saved = open.count
            docbookDepth += 1
            openSection(heading: Self.docbookTitle(of: node) ?? name, level: docbookDepth, locator: ElementPath.of(node))
            walkChildren(of: node, language: language)
            flush()
            docbookDepth -= 1
            closeSections(downTo: saved)
        case .questionEntry:
            flush()
            let saved = open.count
            let question = node.child("question").map(Self.inlineText(of:)) ?? ""
            openSection(heading: question, level: docbookDepth + 1, locator: ElementPath.of(node))
            sections[sections.count - 1].isExplicitQuestion = true
            if let answer = node.child("answer") { walkChildren(of: answer, language: language) }
            flush()
            closeSections(downTo: saved)
        case .code:
            flush()
            let code = Self.verbatimText(of: node)
            guard !code.isEmpty else { return }
            let declared = own ?? node.child("code").flatMap(LanguageHint.of) ?? inherited
            let current = open.last!
            sections[current].listings.append(CodeListing(code: code, declaredLanguage: declared, locator: ElementPath.of(node),
                                                          paragraphsBefore: sections[current].paragraphs.count,
                                                          itemsBefore: sections[current].listItems.count))
        case .listItem:
            flush()
            listDepth += 1
            walkChildren(of: node, language: language)
            flush()
            listDepth -= 1
        case .table:
            flush()
        case .block:
            flush()
            walkChildren(of: node, language: language)
            flush()
        case .skip, .metadata, .lineBreak, .inline:
            break
        }
    }

    /// Leaves the sections opened inside an element. A heading inside it of a higher level may
    /// already have closed some of the outer ones (`<section><h1>` in HTML), so fewer than
    /// `count` may be open.
    private func closeSections(downTo count: Int) {
        if open.count > count { open.removeSubrange(count...) }
    }

    /// Element names are interned in the document's dictionary, so a name pointer seen once
    /// need not be turned into a `String` and classified again.
    private var kinds: [UnsafePointer<UInt8>: (String, ElementKind)] = [:]

    private func classify(_ node: XMLNode) -> (String, ElementKind) {
        guard let pointer = node.pointee.name else { return ("", .inline) }
        if let known = kinds[pointer] { return known }
        let name = String(cString: pointer)
        let result = (name, ElementKind.of(name, docbook: docbook))
        kinds[pointer] = result
        return result
    }

    private func openSection(heading: String, level: Int, locator: String) {
        while open.count > 1, sections[open.last!].level >= level { open.removeLast() }
        sections.append(BookSection(heading: heading, level: level, locator: locator, parent: open.last))
        open.append(sections.count - 1)
    }

    /// Ends the current paragraph, if any text was collected.
    private func flush() {
        guard !paragraph.isEmpty else { return }
        let text = paragraph.take()
        if listDepth > 0 {
            sections[open.last!].listItems.append(text)
        } else {
            sections[open.last!].paragraphs.append(text)
        }
    }

    // MARK: text

    /// Text of an element with white space collapsed, boilerplate (`¶` links) left out.
    static func inlineText(of node: XMLNode) -> String {
        var buffer = TextBuffer()
        collectInline(node, into: &buffer)
        return buffer.take()
    }

    private static func collectInline(_ node: XMLNode, into buffer: inout TextBuffer) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { buffer.appendCollapsed(content) }
            case XML_ELEMENT_NODE:
                let kind = ElementKind.of(current.localName, docbook: false)
                if kind == .skip || kind == .metadata { break }
                if current.pointee.properties != nil, Boilerplate.matches(current) { break }
                if kind != .inline { buffer.appendSpace() }
                collectInline(current, into: &buffer)
            default:
                break
            }
            child = current.pointee.next
        }
    }

    /// Text of a code listing exactly as written, `<br>` as a newline; then tidied: no-break
    /// spaces become spaces, trailing blanks and surrounding blank lines go.
    static func verbatimText(of node: XMLNode) -> String {
        var buffer = TextBuffer()
        collectVerbatim(node, into: &buffer)
        return CodeText.tidy(buffer.bytes)
    }

    private static func collectVerbatim(_ node: XMLNode, into buffer: inout TextBuffer) {
        var child = node.pointee.children
        while let current = child {
            switch current.pointee.type {
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let content = current.pointee.content { buffer.appendVerbatim(content) }
            case XML_ELEMENT_NODE:
                if let name = current.pointee.name, strcmp(name, "br") == 0 {
                    buffer.appendByte(0x0A)
                } else {
                    collectVerbatim(current, into: &buffer)
                }
            default:
                break
            }
            child = current.pointee.next
        }
    }

    /// The title of a DocBook section: its `title` child, or the `title` in its `info`.
    static func docbookTitle(of node: XMLNode) -> String? {
        if let title = node.child("title") { return inlineText(of: title) }
        for child in node.elementChildren where child.localName.hasSuffix("info") {
            if let title = child.child("title") { return inlineText(of: title) }
        }
        return nil
    }
}

/// What an element is to the section walk.
enum ElementKind: Equatable {
    case skip, metadata, inline, lineBreak, block, listItem, table, code
    case heading(Int)
    case docbookSection, questionEntry

    static func of(_ name: String, docbook: Bool) -> ElementKind {
        if docbook && name == "section" { return .docbookSection }
        switch name {
        case "h1": return .heading(1)
        case "h2": return .heading(2)
        case "h3": return .heading(3)
        case "h4": return .heading(4)
        case "h5": return .heading(5)
        case "h6": return .heading(6)
        case "p", "div", "section", "article", "main", "body", "html", "ul", "ol", "dl", "blockquote", "figure",
             "figcaption", "center", "address", "details", "summary", "hr", "caption",
             "para", "simpara", "formalpara", "itemizedlist", "orderedlist", "variablelist", "simplelist",
             "example", "informalexample", "note", "tip", "warning", "caution", "important", "qandaset",
             "procedure", "glosslist", "glossentry", "glossdef", "abstract", "epigraph", "partintro",
             "question", "answer", "refnamediv", "refsynopsisdiv", "literallayout":
            return .block
        case "li", "dd", "dt", "listitem", "varlistentry", "term", "step", "member", "glossterm":
            return .listItem
        case "pre", "programlisting", "screen":
            return .code
        case "table", "informaltable", "thead", "tbody", "tr", "td", "th", "tgroup", "segmentedlist", "cmdsynopsis",
             "funcsynopsis", "synopsis":
            return .table
        case "chapter", "sect1", "sect2", "sect3", "sect4", "sect5", "appendix", "preface", "part",
             "simplesect", "refsect1", "refsect2", "refsect3", "refsection", "qandadiv", "glossary", "colophon",
             "refentry", "reference", "dedication", "acknowledgements":
            // HTML5 `section` is a block (handled above); these are DocBook's.
            return .docbookSection
        case "qandaentry":
            return .questionEntry
        case "title", "titleabbrev", "subtitle":
            return .metadata
        case "br":
            return .lineBreak
        case "head", "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "iframe",
             "svg", "math", "template", "select", "textarea", "input", "object", "embed", "canvas", "map", "video",
             "audio", "indexterm", "toc", "index", "remark", "lot", "setindex", "info", "bookinfo", "articleinfo",
             "chapterinfo", "sectioninfo", "prefaceinfo", "appendixinfo", "legalnotice", "footnote":
            return .skip
        default:
            return .inline
        }
    }
}

/// The attributes the section walk looks at, read in one pass over an element's properties.
struct MarkupAttributes {
    var classes: String?
    var id: String?
    /// DocBook `language=`, `data-lang`, `data-language`.
    var language: String?

    init(_ node: XMLNode) {
        var property = node.pointee.properties
        while let current = property {
            if let name = current.pointee.name {
                if strcmp(name, "class") == 0 {
                    classes = Self.value(current)
                } else if strcmp(name, "id") == 0 {
                    id = Self.value(current)
                } else if strcmp(name, "language") == 0 || strcmp(name, "data-lang") == 0 || strcmp(name, "data-language") == 0 {
                    language = Self.value(current)
                }
            }
            property = current.pointee.next
        }
    }

    private static func value(_ property: UnsafeMutablePointer<xmlAttr>) -> String {
        var value = [UInt8]()
        var child = property.pointee.children
        while let text = child {
            if let content = text.pointee.content {
                value.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(content)))
            }
            child = text.pointee.next
        }
        return String(decoding: value, as: UTF8.self)
    }

    /// Navigation and boilerplate recognised by `class` or `id` (see `Boilerplate`).
    var isBoilerplate: Bool {
        for value in [classes, id] {
            guard let value else { continue }
            for token in value.split(separator: " ") where Boilerplate.words.contains(token.lowercased()) { return true }
        }
        return false
    }

    /// The code language these attributes name, if any.
    var languageHint: String? {
        if let language, !language.isEmpty { return CodeLanguageDetector.canonical(language) ?? language.lowercased() }
        return classes.flatMap(CodeLanguageDetector.fromClass)
    }
}

/// Navigation and boilerplate recognised by `class` or `id`: tables of contents, navigation
/// bars and breadcrumbs, page headers and footers, edit links, "run this code" buttons.
enum Boilerplate {
    static let words: Set<String> = [
        "toc", "toctree-wrapper", "sidebar", "sphinxsidebar", "sphinxsidebarwrapper", "navbar", "t-navbar", "nav",
        "navigation", "navheader", "navfooter", "nav-panel", "breadcrumb", "breadcrumbs", "menu", "printfooter",
        "catlinks", "footer", "header", "noprint", "mw-editsection", "sitesub", "contentsub", "t-example-live-link",
        "headerlink", "related", "jump-links", "mw-jump", "contents", "shortcontents", "mw-navigation", "mw-head",
        "mw-panel", "cpp-footer-base", "skip-link", "visualclear", "coliru-btn", "searchbox", "pagination",
    ]

    static func matches(_ node: XMLNode) -> Bool {
        node.pointee.properties != nil && MarkupAttributes(node).isBoilerplate
    }
}

/// A code language named by an element's own attributes.
enum LanguageHint {
    static func of(_ node: XMLNode) -> String? {
        guard node.pointee.properties != nil else { return nil }
        return MarkupAttributes(node).languageHint
    }
}

/// Tidies code taken from markup.
enum CodeText {
    static func tidy(_ bytes: [UInt8]) -> String {
        var lines = [[UInt8]]()
        var line = [UInt8]()
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0A {
                lines.append(line)
                line.removeAll(keepingCapacity: true)
            } else if byte == 0x0D {
                // dropped: CRLF becomes LF
            } else if byte == 0xC2 && index + 1 < bytes.count && bytes[index + 1] == 0xA0 {
                line.append(0x20)
                index += 1
            } else {
                line.append(byte)
            }
            index += 1
        }
        lines.append(line)
        for i in lines.indices {
            while let last = lines[i].last, last == 0x20 || last == 0x09 { lines[i].removeLast() }
        }
        while let first = lines.first, first.isEmpty { lines.removeFirst() }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        var out = [UInt8]()
        for (i, l) in lines.enumerated() {
            if i > 0 { out.append(0x0A) }
            out.append(contentsOf: l)
        }
        return String(decoding: out, as: UTF8.self)
    }
}

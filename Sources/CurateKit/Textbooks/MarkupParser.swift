import CLibXML2
import Foundation

typealias XMLNode = UnsafeMutablePointer<xmlNode>

/// A libxml2 document owned by Swift: freed when the last reference goes.
final class ParsedDocument {
    let pointer: xmlDocPtr

    init(_ pointer: xmlDocPtr) { self.pointer = pointer }
    deinit { xmlFreeDoc(pointer) }

    var root: XMLNode? { xmlDocGetRootElement(pointer) }
}

/// Parses markup with libxml2 under safe settings.
///
/// HTML goes through the tolerant HTML parser (recovering, silent, no network) with
/// `XML_PARSE_HUGE` (the HTML parser's `HTML_PARSE_HUGE`, not named in libxml2 2.9's header): HTML has no entities of its own to expand, and books are already capped
/// at `BookBytes.maximumSize`, so a long listing (over libxml2's default 10,000,000-character
/// text limit) is read whole instead of being cut. XHTML and DocBook go through the XML parser
/// with network access off and, deliberately, neither DTD loading (`XML_PARSE_DTDLOAD`) nor
/// entity substitution (`XML_PARSE_NOENT`) nor `XML_PARSE_HUGE` (which would also lift
/// libxml2's entity amplification checks): entity references stay unexpanded reference nodes,
/// so an entity bomb or an external entity naming a local file cannot expand into the
/// document. An XML line or text node over the limit therefore refuses the file with the reason.
///
/// libxml2 reports a limit it hits as an out-of-memory error and stops where it is, keeping
/// the document so far; either parser is checked for that, so no file is ever read in part.
enum MarkupParser {
    /// libxml2 must be initialised once before threads use it.
    private static let initialised: Void = { xmlInitParser() }()

    static let htmlOptions = Int32(HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue
        | HTML_PARSE_NOWARNING.rawValue | HTML_PARSE_NONET.rawValue | HTML_PARSE_COMPACT.rawValue
        | XML_PARSE_HUGE.rawValue)

    static let xmlOptions = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue
        | XML_PARSE_NOWARNING.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_COMPACT.rawValue)

    /// Parses HTML bytes (already checked to be UTF-8). Refuses input without any element.
    static func html(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> ParsedDocument {
        _ = initialised
        guard let context = htmlNewParserCtxt() else { throw BookError.notMarkup(file: file) }
        defer { htmlFreeParserCtxt(context) }
        let parsed = bytes.withMemoryRebound(to: CChar.self) { chars in
            htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, "UTF-8", htmlOptions)
        }
        guard let parsed else { throw BookError.notMarkup(file: file) }
        let document = ParsedDocument(parsed)
        try refuseIfStopped(context, file: file)
        guard document.root != nil, bytes.contains(UInt8(ascii: "<")) else { throw BookError.notMarkup(file: file) }
        return document
    }

    /// Parses well-formed XML (already checked to be UTF-8); a well-formedness error is
    /// reported with libxml2's line, column and message.
    static func xml(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws -> ParsedDocument {
        _ = initialised
        guard let context = xmlNewParserCtxt() else { throw BookError.notMarkup(file: file) }
        defer { xmlFreeParserCtxt(context) }
        let parsed = bytes.withMemoryRebound(to: CChar.self) { chars in
            xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, "UTF-8", xmlOptions)
        }
        if let parsed, context.pointee.wellFormed != 0 {
            let document = ParsedDocument(parsed)
            try refuseIfStopped(context, file: file)
            guard document.root != nil else { throw BookError.notMarkup(file: file) }
            return document
        }
        if let parsed { xmlFreeDoc(parsed) }
        if let error = xmlCtxtGetLastError(context) {
            let message = error.pointee.message.map { String(cString: $0) } ?? "unknown error"
            if message.contains("Huge input lookup") {
                // Not malformed: a line over libxml2's lookup limit, kept for XML (see above).
                throw BookError.parserStopped(file: file, line: Int(error.pointee.line),
                                              message: "a line longer than libxml2's 10,000,000-byte limit for XML")
            }
            throw BookError.malformedXML(file: file, line: Int(error.pointee.line), column: Int(error.pointee.int2),
                                         message: message.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        throw BookError.notMarkup(file: file)
    }

    /// Throws when libxml2 gave up part way (a size limit, reported as out of memory), which
    /// leaves a document that looks whole but ends early.
    private static func refuseIfStopped(_ context: xmlParserCtxtPtr, file: String) throws {
        guard context.pointee.errNo == Int32(XML_ERR_NO_MEMORY.rawValue) else { return }
        let error = xmlCtxtGetLastError(context)
        let message = error?.pointee.message.map { String(cString: $0) } ?? "out of memory"
        throw BookError.parserStopped(file: file, line: Int(error?.pointee.line ?? 0),
                                      message: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}

extension UnsafeMutablePointer where Pointee == xmlNode {
    var isElement: Bool { pointee.type == XML_ELEMENT_NODE }

    /// The element's local name (namespace prefix dropped), as written.
    var localName: String { pointee.name.map { String(cString: $0) } ?? "" }

    /// The value of attribute `name` (local name), read in place without libxml2 copies.
    func attribute(_ name: String) -> String? {
        var property = pointee.properties
        while let current = property {
            if let propertyName = current.pointee.name, name.withCString({ strcmp($0, propertyName) == 0 }) {
                var value = [UInt8]()
                var child = current.pointee.children
                while let text = child {
                    if let content = text.pointee.content {
                        value.append(contentsOf: UnsafeBufferPointer(start: content, count: strlen(content)))
                    }
                    child = text.pointee.next
                }
                return String(decoding: value, as: UTF8.self)
            }
            property = current.pointee.next
        }
        return nil
    }

    /// Element children, in order.
    var elementChildren: [XMLNode] {
        var result = [XMLNode]()
        var child = pointee.children
        while let current = child {
            if current.isElement { result.append(current) }
            child = current.pointee.next
        }
        return result
    }

    /// The first element child named `name`.
    func child(_ name: String) -> XMLNode? {
        elementChildren.first { $0.localName == name }
    }
}

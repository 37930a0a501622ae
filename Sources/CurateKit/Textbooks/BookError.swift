import Foundation

/// Why a book (or one document inside an EPUB) could not be read, worded for the person who
/// supplied it: what is wrong, where, and what to do.
enum BookError: Error, CustomStringConvertible, Equatable {
    case unreadable(file: String, reason: String)
    case empty(file: String)
    case binary(file: String, offset: Int)
    case invalidUTF8(file: String, offset: Int, line: Int)
    case malformedXML(file: String, line: Int, column: Int, message: String)
    case notMarkup(file: String)
    case unsupportedFormat(file: String, suffix: String)
    case tooLarge(file: String, bytes: UInt64, limit: Int)
    case epub(file: String, reason: String)
    case escapingEntry(file: String, entry: String)
    case parserStopped(file: String, line: Int, message: String)

    var description: String {
        switch self {
        case let .unreadable(file, reason):
            return "\(file): cannot read: \(reason)"
        case let .empty(file):
            return "\(file): empty file, nothing to read"
        case let .binary(file, offset):
            return "\(file): binary data (NUL byte at offset \(offset)), not a text book"
        case let .invalidUTF8(file, offset, line):
            return "\(file):\(line): invalid UTF-8 at byte offset \(offset); convert the file to UTF-8 (iconv)"
        case let .malformedXML(file, line, column, message):
            return "\(file):\(line):\(column): malformed XML: \(message)"
        case let .notMarkup(file):
            return "\(file): no markup found; expected HTML, XHTML, DocBook or EPUB"
        case let .unsupportedFormat(file, suffix):
            return "\(file): unsupported book format '\(suffix)'; use .html, .htm, .xhtml, .xml, .dbk, .epub or .rst"
        case let .tooLarge(file, bytes, limit):
            return "\(file): \(bytes) bytes is more than the \(limit)-byte limit for one document"
        case let .epub(file, reason):
            return "\(file): bad EPUB: \(reason)"
        case let .escapingEntry(file, entry):
            return "\(file): EPUB entry '\(entry)' points outside the archive; refused"
        case let .parserStopped(file, line, message):
            return "\(file):\(line): libxml2 stopped before the end of the file (\(message)); refused rather than read in part"
        }
    }
}

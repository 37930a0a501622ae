import Foundation
import ZIPFoundation

/// Reads an EPUB: `META-INF/container.xml` names the package (OPF) file, whose manifest and
/// spine give the XHTML documents in reading order; its `dc:title` and `dc:rights` give the
/// metadata.
///
/// Archive entries are looked up by name only, never extracted to disk. A name that is
/// absolute or climbs out of the archive with `..` is refused and recorded, whether it is an
/// entry of the archive or a reference in the OPF.
enum EPUBReader {
    static func read(_ url: URL, file: String) throws -> Book {
        let archive = try open(url, file: file)
        var rejections = [Finding]()
        let entries = self.entries(of: archive, file: file, rejections: &rejections)
        // Read once for `DeflateCheck`; the file is small next to the book limit.
        let zip = (try? [UInt8](Data(contentsOf: url))) ?? []
        let opfPath = try packagePath(in: archive, entries: entries, zip: zip, file: file)
        let opfBytes = try bytes(of: opfPath, in: archive, entries: entries, zip: zip, file: file)
        let package = try opfBytes.withUnsafeBufferPointer { try PackageDocument(buffer: $0, file: "\(file)#\(opfPath)") }
        let base = Array(opfPath.split(separator: "/").dropLast().map(String.init))
        let documents = spineDocuments(package, base: base, archive: archive, entries: entries, zip: zip, file: file, rejections: &rejections)
        guard !documents.isEmpty else {
            let first = rejections.first.map { "; first problem: \($0.reason)" } ?? ""
            throw BookError.epub(file: file, reason: "no readable document in the spine\(first)")
        }
        return Book(metadata: package.metadata, documents: documents, rejections: rejections)
    }

    private static func open(_ url: URL, file: String) throws -> Archive {
        do {
            return try Archive(url: url, accessMode: .read)
        } catch {
            if !FileManager.default.fileExists(atPath: url.path) {
                throw BookError.unreadable(file: file, reason: "no such file (removed while running?)")
            }
            throw BookError.epub(file: file, reason: "not a readable ZIP archive (\(error))")
        }
    }

    /// The archive's entries by normalised name; names that escape the archive are recorded.
    private static func entries(of archive: Archive, file: String, rejections: inout [Finding]) -> [String: Entry] {
        var entries = [String: Entry]()
        for entry in archive {
            if let path = normalised(entry.path, base: []) {
                entries[path] = entry
            } else {
                rejections.append(Finding(locator: entry.path,
                                          reason: BookError.escapingEntry(file: file, entry: entry.path).description))
            }
        }
        return entries
    }

    /// The package (OPF) file `META-INF/container.xml` names.
    private static func packagePath(in archive: Archive, entries: [String: Entry], zip: [UInt8], file: String) throws -> String {
        let containerBytes = try bytes(of: "META-INF/container.xml", in: archive, entries: entries, zip: zip, file: file)
        let packagePath = try containerBytes.withUnsafeBufferPointer { buffer -> String in
            let container = try MarkupParser.xml(buffer, file: "\(file)#META-INF/container.xml")
            return try withExtendedLifetime(container) {
                guard let rootfile = container.root.flatMap({ descendants(of: $0, named: "rootfile").first }),
                      let path = rootfile.attribute("full-path") else {
                    throw BookError.epub(file: file, reason: "META-INF/container.xml names no rootfile full-path")
                }
                return path
            }
        }
        guard let opfPath = normalised(packagePath, base: []) else {
            throw BookError.escapingEntry(file: file, entry: packagePath)
        }
        return opfPath
    }

    /// The spine's documents in reading order; one that cannot be read is recorded and skipped.
    private static func spineDocuments(_ package: PackageDocument, base: [String], archive: Archive, entries: [String: Entry], zip: [UInt8],
                                       file: String, rejections: inout [Finding]) -> [BookDocument] {
        var documents = [BookDocument]()
        for item in package.spine {
            let href = item.href.split(separator: "#", maxSplits: 1).first.map(String.init) ?? item.href
            let decoded = href.removingPercentEncoding ?? href
            guard let path = normalised(decoded, base: base) else {
                rejections.append(Finding(locator: item.href,
                                          reason: BookError.escapingEntry(file: file, entry: item.href).description))
                continue
            }
            do {
                let content = try bytes(of: path, in: archive, entries: entries, zip: zip, file: file)
                let document = try content.withUnsafeBufferPointer { buffer in
                    try BookReader.readDocument(buffer, file: "\(file)#\(path)", asHTML: item.mediaType == "text/html",
                                                locatorPrefix: path + "#", fallbackTitle: package.metadata.title ?? path)
                }
                documents.append(document)
            } catch {
                rejections.append(Finding(locator: path, reason: String(describing: error)))
            }
        }
        return documents
    }

    /// The path with `.` and `..` resolved against `base`, or nil when it is absolute or
    /// climbs above the archive's root.
    static func normalised(_ path: String, base: [String]) -> String? {
        if path.hasPrefix("/") || path.hasPrefix("\\") || path.contains("\\") || path.contains(":") { return nil }
        var parts = base
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch component {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(String(component))
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    private static func bytes(of path: String, in archive: Archive, entries: [String: Entry], zip: [UInt8], file: String) throws -> [UInt8] {
        guard let entry = entries[path] else { throw BookError.epub(file: file, reason: "missing entry '\(path)'") }
        guard entry.uncompressedSize <= UInt64(BookBytes.maximumSize) else {
            throw BookError.tooLarge(file: "\(file)#\(path)", bytes: entry.uncompressedSize, limit: BookBytes.maximumSize)
        }
        // A size the archive cannot hold is damage; the unzipping library would allocate it.
        guard entry.compressedSize <= UInt64(zip.count), entry.isCompressed || entry.compressedSize == entry.uncompressedSize else {
            throw BookError.epub(file: file, reason: "entry '\(path)' claims \(entry.compressedSize) stored bytes in a \(zip.count)-byte archive")
        }
        if entry.isCompressed {
            guard let compressed = DeflateCheck.compressedBytes(of: entry.path, compressedSize: entry.compressedSize, in: zip),
                  DeflateCheck.streamEnds(compressed, limit: UInt64(BookBytes.maximumSize)) else {
                throw BookError.epub(file: file, reason: "entry '\(path)' cannot be decompressed (its deflate stream is cut short or damaged)")
            }
        }
        var result = [UInt8]()
        result.reserveCapacity(Int(entry.uncompressedSize))
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                guard result.count + chunk.count <= BookBytes.maximumSize else {
                    throw BookError.tooLarge(file: "\(file)#\(path)", bytes: UInt64(result.count + chunk.count),
                                             limit: BookBytes.maximumSize)
                }
                result.append(contentsOf: chunk)
            }
        } catch let error as BookError {
            throw error
        } catch {
            throw BookError.epub(file: file, reason: "entry '\(path)' cannot be decompressed (\(error))")
        }
        return result
    }

    static func descendants(of node: XMLNode, named name: String) -> [XMLNode] {
        var found = [XMLNode]()
        for child in node.elementChildren {
            if child.localName == name { found.append(child) }
            found += descendants(of: child, named: name)
        }
        return found
    }
}

/// The parts of an OPF package file the reader needs: metadata and the spine resolved through
/// the manifest.
struct PackageDocument {
    struct Item { var href: String; var mediaType: String }

    var metadata = BookMetadata()
    var spine: [Item] = []

    init(buffer: UnsafeBufferPointer<UInt8>, file: String) throws {
        try BookBytes.check(buffer, file: file)
        let parsed = try MarkupParser.xml(buffer, file: file)
        try withExtendedLifetime(parsed) {
            guard let root = parsed.root else { throw BookError.notMarkup(file: file) }
            if let meta = root.child("metadata") {
                for element in meta.elementChildren {
                    let text = SectionExtractor.inlineText(of: element)
                    if element.localName == "title", metadata.title == nil, !text.isEmpty { metadata.title = text }
                    if element.localName == "rights", metadata.licence == nil, !text.isEmpty { metadata.licence = text }
                }
            }
            var manifest = [String: Item]()
            for item in root.child("manifest")?.elementChildren ?? [] where item.localName == "item" {
                if let id = item.attribute("id"), let href = item.attribute("href") {
                    manifest[id] = Item(href: href, mediaType: item.attribute("media-type") ?? "application/xhtml+xml")
                }
            }
            for reference in root.child("spine")?.elementChildren ?? [] where reference.localName == "itemref" {
                guard let id = reference.attribute("idref") else { continue }
                guard let item = manifest[id] else {
                    throw BookError.epub(file: file, reason: "spine names '\(id)', which the manifest lacks")
                }
                spine.append(item)
            }
            guard !spine.isEmpty else { throw BookError.epub(file: file, reason: "the spine lists no documents") }
        }
    }
}

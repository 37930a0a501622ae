import Foundation

/// Reads a book's declared title and licence from its markup: HTML `<title>`,
/// `<meta name="dc.rights"|"license" content>` and `<link rel="license" href>`; DocBook
/// `title`/`info/title`, `legalnotice` and `copyright`.
enum BookMetadataReader {
    static let licenceMetaNames: Set<String> = [
        "dc.rights", "dcterms.rights", "dc.license", "dcterms.license", "license", "licence", "rights", "copyright",
    ]

    static func html(root: XMLNode) -> BookMetadata {
        var metadata = BookMetadata()
        guard let head = root.child("head") else { return metadata }
        var linkLicence: String?
        for element in head.elementChildren {
            switch element.localName {
            case "title":
                let title = SectionExtractor.inlineText(of: element)
                if !title.isEmpty { metadata.title = title }
            case "meta":
                if let name = element.attribute("name")?.lowercased(), licenceMetaNames.contains(name),
                   let content = element.attribute("content"), !content.isEmpty, metadata.licence == nil {
                    metadata.licence = content
                }
            case "link":
                let relations = (element.attribute("rel") ?? "").lowercased().split(separator: " ")
                if relations.contains("license"), let href = element.attribute("href"), !href.isEmpty {
                    linkLicence = linkLicence ?? href
                }
            default:
                break
            }
        }
        metadata.licence = metadata.licence ?? linkLicence
        return metadata
    }

    static func docbook(root: XMLNode) -> BookMetadata {
        var metadata = BookMetadata()
        metadata.title = SectionExtractor.docbookTitle(of: root).flatMap { $0.isEmpty ? nil : $0 }
        for info in root.elementChildren where info.localName.hasSuffix("info") {
            if let notice = info.child("legalnotice") {
                let text = SectionExtractor.inlineText(of: notice)
                if !text.isEmpty { metadata.licence = text }
            } else if metadata.licence == nil, let copyright = info.child("copyright") {
                let years = copyright.elementChildren.filter { $0.localName == "year" }.map(SectionExtractor.inlineText(of:))
                let holders = copyright.elementChildren.filter { $0.localName == "holder" }.map(SectionExtractor.inlineText(of:))
                metadata.licence = (["Copyright"] + years + holders).joined(separator: " ")
            }
        }
        return metadata
    }
}

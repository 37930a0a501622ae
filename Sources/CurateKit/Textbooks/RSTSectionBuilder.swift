import Foundation

/// Collects what the reST block parser finds into sections: headings open sections at the
/// level their adornment style stands for, paragraphs, list items and listings go into the
/// section open at the time.
struct RSTSectionBuilder {
    let inline: RSTInline
    private(set) var sections = [BookSection(heading: "", level: 0, locator: "line 1")]
    /// Adornment styles in the order they first appear: the index is the level minus one.
    private var styles = [String]()

    init(inline: RSTInline) {
        self.inline = inline
    }

    mutating func heading(_ title: String, style: String, line: Int) {
        let level: Int
        if let known = styles.firstIndex(of: style) {
            level = known + 1
        } else {
            styles.append(style)
            level = styles.count
        }
        var parent: Int?
        for index in sections.indices.reversed() where sections[index].level < level {
            if sections[index].level > 0 || index == 0 && !sections[0].prose.isEmpty { parent = index }
            break
        }
        sections.append(BookSection(heading: inline.text(title), level: level, locator: "line \(line)", parent: parent))
    }

    mutating func paragraph(_ text: String, inItem: Bool) {
        let rendered = inline.text(text)
        guard !rendered.isEmpty else { return }
        if inItem {
            sections[sections.count - 1].listItems.append(rendered)
        } else {
            sections[sections.count - 1].paragraphs.append(rendered)
        }
    }

    mutating func listing(_ code: String, language: String?, line: Int) {
        let tidy = CodeText.tidy(Array(code.utf8))
        guard !tidy.isEmpty else { return }
        let current = sections[sections.count - 1]
        let declared = language.flatMap { word -> String? in
            let name = word.trimmingCharacters(in: .whitespaces)
            return name.isEmpty ? nil : CodeLanguageDetector.canonical(name) ?? name.lowercased()
        }
        sections[sections.count - 1].listings.append(
            CodeListing(code: tidy, declaredLanguage: declared, locator: "line \(line)",
                        paragraphsBefore: current.paragraphs.count, itemsBefore: current.listItems.count))
    }

    /// The sections; the one before the first heading only when it holds something.
    func finish() -> [BookSection] {
        let lead = sections[0]
        guard lead.prose.isEmpty, lead.listings.isEmpty else { return sections }
        return sections.dropFirst().map { section in
            var shifted = section
            shifted.parent = section.parent.map { $0 - 1 }
            return shifted
        }
    }
}

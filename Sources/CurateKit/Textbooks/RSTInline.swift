import Foundation

/// reStructuredText inline markup rendered as the text a reader sees: ``literal`` and
/// `interpreted` text lose their backquotes, a role (`:cpp:func:`, `:ref:`, or one no tool
/// here knows) gives its title or target, a hyperlink reference its title, `*emphasis*` and
/// `**strong**` their words; footnote references go, substitutions give their value.
///
/// Literal and role content is protected while the other rules run, so that `*p` inside
/// ``char *p`` is never read as emphasis.
struct RSTInline: Sendable {
    /// `.. _label:` targets with the title of the section they stand before, for `:ref:`.
    var labels: [String: String] = [:]
    /// `.. |name| replace:: text` substitutions.
    var substitutions: [String: String] = [:]

    func text(_ source: String) -> String {
        var protected = [String]()
        func keep(_ value: String) -> String {
            protected.append(value)
            return "\u{E000}\(protected.count - 1)\u{E001}"
        }
        var text = source
        text = Self.replace(Self.literal, in: text) { groups in keep(groups[1]) }
        text = Self.replace(Self.rolePrefix, in: text) { groups in keep(role(groups[1], groups[2])) }
        text = Self.replace(Self.roleSuffix, in: text) { groups in keep(role(groups[2], groups[1])) }
        text = Self.replace(Self.reference, in: text) { groups in keep(Self.title(of: groups[1]) ?? groups[1]) }
        text = Self.replace(Self.interpreted, in: text) { groups in keep(groups[1]) }
        text = Self.replace(Self.footnote, in: text) { _ in "" }
        text = Self.replace(Self.substitution, in: text) { groups in substitutions[groups[1]] ?? groups[1] }
        text = Self.replace(Self.strong, in: text) { groups in groups[1] }
        text = Self.replace(Self.emphasis, in: text) { groups in groups[1] }
        text = Self.replace(Self.escape, in: text) { groups in groups[1] }
        text = Self.replace(Self.placeholder, in: text) { groups in protected[Int(groups[1]) ?? 0] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// What a role shows: its explicit title (`title <target>`), else the target, shortened
    /// by `~` to its last component; a `:ref:` label resolves to its section title.
    func role(_ name: String, _ content: String) -> String {
        if let title = Self.title(of: content) { return title }
        var target = content.trimmingCharacters(in: .whitespaces)
        if target.hasPrefix("!") { target.removeFirst() }
        if target.hasPrefix("~") {
            target.removeFirst()
            let separator = target.contains("::") ? "::" : "."
            target = target.components(separatedBy: separator).last ?? target
        }
        let bare = name.split(separator: ":").last.map(String.init) ?? name
        switch bare {
        case "ref":
            return labels[target.lowercased()] ?? target.replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
        case "doc":
            return String(target.split(separator: "/").last ?? Substring(target))
        default:
            return target
        }
    }

    /// `title <target>` → `title`; nil when the content is no such pair.
    static func title(of content: String) -> String? {
        guard content.hasSuffix(">"), let open = content.range(of: "<", options: .backwards) else { return nil }
        let title = content[..<open.lowerBound].trimmingCharacters(in: .whitespaces)
        if title.isEmpty { return String(content[open.upperBound...].dropLast()) }
        return title
    }

    // MARK: patterns

    private static let literal = try! NSRegularExpression(pattern: #"``(\S(?:.*?\S)??)``(?!`)"#)
    private static let rolePrefix = try! NSRegularExpression(pattern: #":([A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):`([^`]+)`"#)
    private static let roleSuffix = try! NSRegularExpression(pattern: #"`([^`]+)`:([A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):"#)
    private static let reference = try! NSRegularExpression(pattern: #"`([^`]+)`__?(?!\w)"#)
    private static let interpreted = try! NSRegularExpression(pattern: #"`([^`]+)`"#)
    private static let footnote = try! NSRegularExpression(pattern: #"\s?\[(?:#[\w-]*|\*|\d+)\]_"#)
    private static let substitution = try! NSRegularExpression(pattern: #"(?<![\w|])\|(\S(?:[^|]*\S)?)\|(?:__?)?(?![\w|])"#)
    private static let strong = try! NSRegularExpression(pattern: #"(?<![\w*])\*\*(\S(?:.*?\S)?)\*\*(?![\w*])"#)
    private static let emphasis = try! NSRegularExpression(pattern: #"(?<![\w*\\])\*(\S(?:[^*]*?\S)?)\*(?![\w*])"#)
    private static let escape = try! NSRegularExpression(pattern: #"\\(.)"#)
    private static let placeholder = try! NSRegularExpression(pattern: "\u{E000}(\\d+)\u{E001}")

    /// Replaces each match by what `make` returns for its groups (group 0 is the whole match;
    /// an absent group is empty).
    static func replace(_ pattern: NSRegularExpression, in text: String, _ make: ([String]) -> String) -> String {
        let nsText = text as NSString
        var result = ""
        var last = 0
        for match in pattern.matches(in: text, range: NSRange(location: 0, length: nsText.length)) {
            result += nsText.substring(with: NSRange(location: last, length: match.range.location - last))
            let groups = (0..<match.numberOfRanges).map { index -> String in
                let range = match.range(at: index)
                return range.location == NSNotFound ? "" : nsText.substring(with: range)
            }
            result += make(groups)
            last = match.range.location + match.range.length
        }
        result += nsText.substring(from: last)
        return result
    }
}

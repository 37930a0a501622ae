import Foundation

/// The judgements behind the redaction rules: is this value a secret or code, is this address
/// a version number, is this line a licence header.
enum SecretValue {
    /// A name that says it holds a secret, an assignment (`=`, `:`, `:=`, `=>`) and its value:
    /// a quoted string (group 2 or 3) or a bare word (group 4).
    /// A quoted value may start on the next line: prose wrapped into an answer's comment breaks
    /// `password: "…"` after the colon.
    static let assignmentPattern = #"(?<![A-Za-z0-9])([A-Za-z0-9_.-]*?(?:key|token|secret|passwd|password|passphrase|pwd)[A-Za-z0-9_]*)["']?[ \t]*(?::=|=>|=|:)[ \t]*(?:\n[ \t]*(?://+|#+|\*)?[ \t]*(?=["']))?(?:"((?:[^"\\\n]|\\.)*)"|'([^'\n]*)'|([A-Za-z0-9+/_\-.~]{8,}=*))"#

    static func accept(_ match: NSTextCheckingResult, _ text: NSString) -> NSRange? {
        let name = text.substring(with: match.range(at: 1)).lowercased()
        let passwordName = ["passw", "pwd", "passphrase"].contains { name.contains($0) }
        for group in 2...4 {
            let range = match.range(at: group)
            guard range.location != NSNotFound else { continue }
            let value = text.substring(with: range)
            if group == 4 {
                // A bare word is a secret only when it cannot be code: it holds a digit and is
                // not a call, a member or a scope.
                let next = NSMaxRange(range) < text.length ? text.substring(with: NSRange(location: NSMaxRange(range), length: 1)) : ""
                guard value.contains(where: \.isNumber), !["(", "[", ":", "<"].contains(next) else { return nil }
            }
            if isPlaceholder(value) { return nil }
            if passwordName ? value.count >= 4 : looksRandom(value) { return range }
            return nil
        }
        return nil
    }

    /// Long enough and varied enough to be generated rather than written: a key, not a word.
    static func looksRandom(_ value: String) -> Bool {
        let count = value.utf8.count
        guard count >= 12 else { return false }
        let letters = value.contains(where: \.isLetter), digits = value.contains(where: \.isNumber)
        let bits = entropy(value)
        return (letters && digits && bits >= 3.0) || (count >= 20 && bits >= 3.7)
    }

    /// Shannon entropy of the value's bytes, in bits per byte.
    static func entropy(_ value: String) -> Double {
        var counts = [Int](repeating: 0, count: 256)
        for byte in value.utf8 { counts[Int(byte)] += 1 }
        let total = Double(value.utf8.count)
        return counts.reduce(0.0) { sum, count in
            guard count > 0 else { return sum }
            let p = Double(count) / total
            return sum - p * log2(p)
        }
    }

    /// A value that names a secret without holding one: a variable, a template, a mask.
    static func isPlaceholder(_ value: String) -> Bool {
        guard let first = value.first else { return true }
        if "<$%{*".contains(first) { return true }
        let lower = value.lowercased()
        return Set(lower).count == 1 || lower.contains("xxxx") || lower.contains("your")
    }

    /// Top-level names that are file extensions: `icon@2x.png` is a file, not an address.
    static let fileExtensions: Set<String> = ["png", "jpg", "jpeg", "gif", "svg", "webp", "txt", "cpp", "hpp", "cxx",
                                              "cc", "hh", "html", "md", "json", "xml", "so", "py", "sh", "js", "ts"]

    /// True when the line holding `range` is part of a copyright or licence notice.
    static func isLicenceLine(_ text: NSString, around range: NSRange) -> Bool {
        let line = text.substring(with: text.lineRange(for: range)).lowercased()
        return ["copyright", "(c)", "©", "licen", "spdx", "author", "maintainer"].contains { line.contains($0) }
    }

    /// True when the words before a dotted quad on its line call it a version (`#version`,
    /// `version 1.2.3.4`, `Version: 10.0.19041.1`), which it then is, not an address.
    static func isVersionContext(_ text: NSString, before range: NSRange) -> Bool {
        let line = text.lineRange(for: range)
        let prefix = text.substring(with: NSRange(location: line.location, length: range.location - line.location)).lowercased()
        return prefix.contains("version") || prefix.hasSuffix("ver ") || prefix.hasSuffix("v. ") || prefix.contains("release")
            || prefix.contains("section") || prefix.contains("§") || prefix.contains("chapter")
    }

    /// True when a dotted quad numbers a heading or a clause of a standard (`7.20.7.2 The
    /// mbtowc function`, `3.5.8.1 Pattern Matching`): a space and a capital letter follow.
    /// The real corpora hold hundreds of these and no address written that way.
    /// Numbers that are all small (`17.4.4.4`, `2.2.3.1`) are clause numbers too: every dotted
    /// quad of the real corpora with no number above 33 is one. The addresses this lets pass,
    /// such as 8.8.8.8 and 1.1.1.1, are public resolvers, not anyone's machine.
    static func isSectionNumber(_ text: NSString, after range: NSRange) -> Bool {
        if text.substring(with: range).split(separator: ".").allSatisfy({ (Int($0) ?? 255) <= 33 }) { return true }
        let end = NSMaxRange(range)
        guard end + 2 <= text.length else { return false }
        let next = text.substring(with: NSRange(location: end, length: 2))
        return next.first == " " && next.last.map { $0.isUppercase } == true
    }

    /// A run of hex digits and colons that is written like an address rather than a C++ scope
    /// or a time of day: a digit somewhere, and either all eight groups or `::` with at least
    /// three groups.
    static func looksLikeIPv6(_ text: String) -> Bool {
        guard text.contains(where: \.isNumber), text.filter({ $0 == ":" }).count >= 2 else { return false }
        let groups = text.split(separator: ":", omittingEmptySubsequences: true)
        return text.contains("::") ? groups.count >= 3 : groups.count == 8
    }
}

import Foundation

/// One redaction: what kind of thing was removed, and on which line (1-based) of its text.
public struct Redaction: Sendable, Hashable, Codable {
    public var kind: RedactionKind
    public var line: Int
}

/// Finds personal data and secrets in text (e-mail and IP addresses, private keys, API keys
/// and tokens, credentials in URLs, user names in home directories) and replaces each with
/// its kind's placeholder (`<EMAIL>`, `<IP>`, `<KEY>`, ...).
///
/// Only the secret is replaced, never the quotes or the name around it, so a string literal
/// stays a string literal and code that held a secret still compiles. Each rule runs only when
/// a cheap test shows the text can hold its kind (an `@` for addresses, `://` for URLs), since
/// every sample of every stage passes through here. Placeholders hold nothing a rule matches:
/// redacting redacted text changes nothing.
public final class Redactor: @unchecked Sendable {
    /// In samples' lineage and in the key of every redacting task.
    /// 3: a quoted secret value may start on the line after its name (wrapped prose).
    static let version = "3"

    public let settings: RedactionSettings
    private let rules: [RedactionRule]

    public init(settings: RedactionSettings = RedactionSettings()) {
        self.settings = settings
        rules = RedactionRule.all(settings)
    }

    /// The redacted text and what was redacted where; the text itself when nothing was.
    public func redact(_ text: String) -> (text: String, redactions: [Redaction]) {
        guard settings.enabled, !text.isEmpty else { return (text, []) }
        let clues = TextClues(text)
        let source = text as NSString
        let whole = NSRange(location: 0, length: source.length)
        var edits = [(range: NSRange, kind: RedactionKind)]()
        for rule in rules where rule.applies(clues) {
            for match in rule.regex.matches(in: text, range: whole) {
                guard let range = rule.accepted(match, source) else { continue }
                edits.append((range, rule.kind))
            }
        }
        guard !edits.isEmpty else { return (text, []) }
        // Earliest first, the longest of those starting together; overlapping later ones go.
        edits.sort { $0.range.location != $1.range.location ? $0.range.location < $1.range.location : $0.range.length > $1.range.length }
        var kept = [(range: NSRange, kind: RedactionKind)]()
        for edit in edits where kept.last.map({ NSMaxRange($0.range) <= edit.range.location }) ?? true { kept.append(edit) }

        let lines = LineStarts(source)
        let result = NSMutableString(string: text)
        var redactions = [Redaction]()
        for edit in kept.reversed() {
            result.replaceCharacters(in: edit.range, with: edit.kind.placeholder)
            redactions.append(Redaction(kind: edit.kind, line: lines.line(of: edit.range.location)))
        }
        return (result as String, redactions.reversed())
    }

    private static let lock = NSLock()
    nonisolated(unsafe) private static var shared = [RedactionSettings: Redactor]()

    /// One redactor per settings, its patterns compiled once for the whole process.
    public static func shared(_ settings: RedactionSettings) -> Redactor {
        lock.lock()
        defer { lock.unlock() }
        if let redactor = shared[settings] { return redactor }
        let redactor = Redactor(settings: settings)
        shared[settings] = redactor
        return redactor
    }
}

/// What a text holds that the rules look for, found in one pass over its bytes.
struct TextClues {
    var at = false
    var dot = false
    var colon = false
    var scheme = false
    var dashes = false
    var slashOrBackslash = false
    var secretWord = false
    var upperCaseRun = false

    init(_ text: String) {
        var previous: UInt8 = 0
        var upperRun = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "@"): at = true
            case UInt8(ascii: "."): dot = true
            case UInt8(ascii: ":"): colon = true
            case UInt8(ascii: "/") where previous == UInt8(ascii: ":"): scheme = true; slashOrBackslash = true
            case UInt8(ascii: "/"), UInt8(ascii: "\\"): slashOrBackslash = true
            case UInt8(ascii: "-") where previous == UInt8(ascii: "-"): dashes = true
            default: break
            }
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") || byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                upperRun += 1
                if upperRun >= 16 { upperCaseRun = true }
            } else {
                upperRun = 0
            }
            previous = byte
        }
        // Names of secrets, matched case-insensitively; the patterns decide the rest.
        if text.utf8.count < 1 << 20 {
            let lower = text.lowercased()
            secretWord = ["key", "token", "secret", "passw", "pwd", "passphrase", "bearer", "xox", "gh", "github_pat", "slack"]
                .contains { lower.contains($0) }
        } else {
            secretWord = true
        }
    }
}

/// Start offsets (UTF-16) of a text's lines, to name the line of a redaction.
struct LineStarts {
    private var starts = [0]

    init(_ text: NSString) {
        let length = text.length
        var buffer = [unichar](repeating: 0, count: length)
        text.getCharacters(&buffer, range: NSRange(location: 0, length: length))
        for (offset, unit) in buffer.enumerated() where unit == 10 { starts.append(offset + 1) }
    }

    func line(of offset: Int) -> Int {
        var low = 0, high = starts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if starts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }
}

import Foundation

/// What `curate tokenizer inspect` prints about a tokenizer: its size, pattern and special
/// tokens, its longest tokens, its first and last merges, and bytes per token on some text
/// (a domain's held-out samples), side by side with other tokenizers on the same text.
public struct TokenizerInspection {
    public var tokenizer: Tokenizer
    public var name: String

    public init(tokenizer: Tokenizer, name: String) {
        self.tokenizer = tokenizer
        self.name = name
    }

    /// The documents to measure on: every document of `text`, and the held-out samples of the
    /// parts under `heldOut` — held out with the share recorded in the `training.json` beside
    /// `tokenizerFile` (the stage's default when there is none), so no trained-on sample counts.
    public static func documents(text: [URL], heldOut: [URL], tokenizerFile: URL) throws -> [String] {
        var documents = [String]()
        try TrainingCorpus.forEachBatch(TrainingCorpus.files(text)) { documents += $0 }
        let report = tokenizerFile.deletingLastPathComponent().appendingPathComponent("training.json")
        let perMille = FileManager.default.fileExists(atPath: report.path)
            ? try JSONCoding.readDocument(TrainingReport.self, from: report).heldOutPerMille
            : TokenizerStage.defaultHeldOutPerMille
        let parts = try TrainingCorpus.files(heldOut).filter { $0.lastPathComponent.hasSuffix(PartFiles.suffix) }
        try TrainingCorpus.forEachBatch(parts, heldOutPerMille: perMille, heldOut: { documents.append($0) }) { _ in }
        return documents
    }

    /// Bytes and tokens of some documents under a tokenizer.
    public static func measure(_ tokenizer: Tokenizer, documents: [String]) -> (bytes: Int, tokens: Int) {
        var encoder = tokenizer.makeEncoder()
        var ids = [UInt32]()
        var bytes = 0, tokens = 0
        for text in documents {
            ids.removeAll(keepingCapacity: true)
            encoder.encode(text, into: &ids)
            bytes += text.utf8.count
            tokens += ids.count
        }
        return (bytes, tokens)
    }

    /// A printable token: its text with invisible bytes escaped.
    public static func display(_ bytes: [UInt8]) -> String {
        var out = ""
        for scalar in String(decoding: bytes, as: UTF8.self).unicodeScalars {
            switch scalar {
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case " ": out += "␣"
            default:
                out += scalar.value < 0x20 ? "\\x" + String(scalar.value, radix: 16) : String(scalar)
            }
        }
        return out
    }

    /// The report; `documents` are measured, `others` are compared on them.
    public func report(documents: [String], others: [(String, Tokenizer)] = [], top: Int = 10) -> String {
        let model = tokenizer.model
        var lines = [String]()
        lines.append("tokenizer        \(name)")
        lines.append("vocabulary       \(model.vocabularySize) tokens, \(model.merges.count) merges")
        lines.append("pattern          \(tokenizer.pattern.name): \(tokenizer.pattern.regex)")
        lines.append("special tokens   \(tokenizer.addedTokens.map { $0.content.debugDescription }.joined(separator: " "))")
        let longest = model.tokens.indices.filter { model.tokens[$0] != nil }
            .sorted { (model.bytes(of: UInt32($0)).count, $1) > (model.bytes(of: UInt32($1)).count, $0) }
            .filter { id in !tokenizer.addedTokens.contains { $0.id == UInt32(id) } }
            .prefix(top)
        lines.append("longest tokens")
        for id in longest {
            let bytes = model.bytes(of: UInt32(id))
            lines.append("  \(id)\t\(bytes.count) bytes\t\(Self.display(bytes))")
        }
        func mergeLine(_ rank: Int) -> String {
            let (a, b) = model.merges[rank]
            return "  \(rank)\t\(Self.display(model.bytes(of: a))) + \(Self.display(model.bytes(of: b)))"
        }
        lines.append("first merges")
        for rank in 0..<min(top, model.merges.count) { lines.append(mergeLine(rank)) }
        lines.append("last merges")
        for rank in max(0, model.merges.count - top)..<model.merges.count { lines.append(mergeLine(rank)) }
        if !documents.isEmpty {
            lines.append("bytes per token on \(documents.count) documents")
            for (label, candidate) in [(name, tokenizer)] + others {
                let (bytes, tokens) = Self.measure(candidate, documents: documents)
                let ratio = tokens == 0 ? 0 : Double(bytes) / Double(tokens)
                lines.append("  \(label)\t\(bytes) bytes\t\(tokens) tokens\t\(String(format: "%.3f", ratio)) bytes/token")
            }
        }
        return lines.joined(separator: "\n")
    }
}

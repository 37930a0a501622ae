import Foundation

/// Every parser of outside input, reachable by one name and fed raw bytes: what the fuzz
/// targets (`make fuzz`) drive, and what the tests replay each kept crashing input through.
/// A parser may refuse its input by throwing; it must never crash, hang or read out of bounds.
public enum ParserProbe: String, CaseIterable, Sendable {
    /// gdb, the sanitizers and valgrind: the text says which tool wrote it.
    case trace
    case tokenizer
    case shard
    case jsonl
    case toml
    case html, xhtml, docbook, epub
    /// A Debian patch: header, unified diff, then the REVIEW sample built from it.
    case patch

    /// Parses `data` as this kind of input; errors are the parser's answer and are dropped.
    public func run(_ data: Data) {
        switch self {
        case .trace:
            _ = try? TraceParser.parse(name: "trace.txt", text: String(decoding: data, as: UTF8.self))
        case .tokenizer:
            // A file the reader accepts must also encode and decode: the model it built is used.
            guard let tokenizer = try? TokenizerFile.parse(data, file: "fuzz.json") else { return }
            _ = tokenizer.decode(tokenizer.encode("int main() { return n <= 0 ? 1 : n * 2; }\n// naïve 😀 <|endoftext|>\r\n\t"))
        case .toml:
            _ = try? PipelineConfig.parse(String(decoding: data, as: UTF8.self), file: "pipelines/cpp.toml",
                                          root: URL(fileURLWithPath: NSTemporaryDirectory()))
        case .patch:
            // Read as `PatchesStage` reads it: UTF-8, else Latin-1.
            let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
            guard let patch = try? PatchFile(text: text, name: "fuzz.patch") else { return }
            for language in CodeLanguage.allCases { _ = ReviewBuilder(language: language).build(patch, package: "fuzz") }
        case .shard, .jsonl, .html, .xhtml, .docbook, .epub:
            withFile(data) { url in
                switch self {
                case .shard:
                    // A 4-byte little-endian length, that many bytes of index, then the data file.
                    guard data.count >= 4 else { return }
                    let length = data.prefix(4).reversed().reduce(0) { $0 << 8 | Int($1) }
                    let cut = 4 + min(length, data.count - 4)
                    guard (try? data[4..<cut].write(to: url.appendingPathExtension("idx"))) != nil,
                          (try? data.dropFirst(cut).write(to: url.appendingPathExtension("bin"))) != nil,
                          let reader = try? IndexedDatasetReader(prefix: url) else { return }
                    _ = reader.structuralProblems()
                    for document in 0..<min(reader.documentCount, 64) { _ = try? reader.document(document) }
                case .jsonl:
                    guard let reader = try? ZstdJSONLReader(url: url) else { return }
                    while let line = try? reader.nextLine() { _ = try? JSONDecoder().decode(Sample.self, from: Data(line)) }
                default:
                    _ = try? BookReader.read(url, file: "fuzz.\(rawValue == "docbook" ? "xml" : rawValue)")
                }
            }
        }
    }

    /// The input written to a fresh temporary file named with the suffix its reader expects.
    private func withFile(_ data: Data, _ body: (URL) -> Void) {
        let folder = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("curate-probe-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let suffix = ["docbook": "xml", "jsonl": "jsonl.zst", "shard": "probe"][rawValue] ?? rawValue
        let url = folder.appendingPathComponent("input.\(suffix)")
        defer { try? FileManager.default.removeItem(at: folder) }
        if self == .shard {
            body(url.deletingPathExtension())
        } else if (try? data.write(to: url)) != nil {
            body(url)
        }
    }
}

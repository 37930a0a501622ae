import ArgumentParser
import CurateKit
import Foundation

/// `curate inspect shard PREFIX`: header, counts, lengths, a decoded document, verification.
struct InspectShardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "shard",
        abstract: "Show a Megatron shard (PREFIX.bin + PREFIX.idx): header, counts, lengths; verify it; decode a document."
    )

    @Argument(help: "The shard's prefix, with or without .bin/.idx.")
    var prefix: String

    @Option(name: .long, help: "Print document N: its ids, and its text when the tokenizer can be loaded.")
    var doc: Int?

    @Flag(name: .long, help: "Check the index, the digests in manifest.json, token ids and end-of-document markers.")
    var verify = false

    @Flag(name: .long, help: "Print JSON for scripts.")
    var json = false

    @Option(name: .long, help: "Tokenizer to decode with (default: the one the manifest names).")
    var tokenizer: String?

    func run() throws {
        var path = prefix
        for suffix in [".bin", ".idx"] where path.hasSuffix(suffix) { path.removeLast(suffix.count) }
        let url = URL(fileURLWithPath: path)
        let inspection = try ShardInspector.inspect(prefix: url, verify: verify)
        if let doc {
            let shown = try ShardInspector.document(doc, prefix: url, tokenizer: tokenizer.map { URL(fileURLWithPath: $0) })
            print(json ? shown.json : shown.text)
        } else if json {
            print(try ShardInspector.json(inspection))
        } else {
            print(ShardInspector.render(inspection))
        }
        if inspection.problems?.isEmpty == false { throw ExitCode.failure }
    }
}

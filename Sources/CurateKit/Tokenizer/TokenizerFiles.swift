import Foundation

/// The intermediate files of the `tokenizer` stage's steps, relative to its folder
/// (`out/<domain>/tokenizer/`, see `OutputLayout`), and the records they hold.
///
/// ```
/// counts/part-NNNNN.jsonl.zst    counts step: each distinct piece of upstream part N and its count
/// counts/figures-NNNNN.json      counts step: the part's id, documents and bytes trained on
/// held-out/part-NNNNN.jsonl.zst  counts step: the texts of part N held out, one JSON string a line
/// merged/counts-NNNNN.jsonl.zst  merge step: the summed counts of the pieces in task N's share
/// tokenizer.json, training.json  train step
/// ```
enum TokenizerFiles {
    static func counts(_ part: Int) -> String { "counts/" + PartFiles.name(part) }
    static func partFigures(_ part: Int) -> String { "counts/figures-" + PartFiles.number(part) + ".json" }
    static func heldOut(_ part: Int) -> String { "held-out/" + PartFiles.name(part) }
    static func merged(_ task: Int) -> String { "merged/counts-" + PartFiles.number(task) + PartFiles.suffix }

    /// The step inputs for `count` files named by `name`, in the stage's folder.
    static func inputs(_ count: Int, _ context: StageContext, _ name: (Int) -> String) -> [StageInput] {
        context.intermediateInputs(of: TokenizerStage.name, count, name)
    }

    /// The inputs of `task` in the intermediate folder `folder`, in order.
    static func files(in folder: String, of task: StepTask) -> [URL] {
        task.inputs.map(\.url).filter { $0.deletingLastPathComponent().lastPathComponent == folder }
    }
}

/// What one upstream part gave to training, for `training.json`.
struct PartFigures: Codable, Sendable {
    /// The part's id (its path under `out/`), as `TrainingReport.upstream` lists it.
    var part: String
    var samples: Int
    var bytes: Int
}

/// Piece counts as text lines: the count, a space, the piece's bytes in base64 (a piece may
/// hold a newline, or any byte).
enum PieceCountLine {
    static func encode(_ piece: UnsafeBufferPointer<UInt8>, _ count: UInt64) -> [UInt8] {
        Array(String(count).utf8) + [0x20] + Base64Bytes.encode(Array(piece))
    }

    /// Calls `body` with every piece and count of `files`, in order.
    static func forEach(in files: [URL], _ body: (UnsafeBufferPointer<UInt8>, UInt64) throws -> Void) throws {
        for file in files {
            let reader = try ZstdJSONLReader(url: file)
            var number = 0
            while let line = try reader.nextLine() {
                number += 1
                guard let space = line.firstIndex(of: 0x20),
                      let count = UInt64(String(decoding: line[..<space], as: UTF8.self)),
                      let piece = Base64Bytes.decode(line[(space + 1)...]) else {
                    throw IOError.badLine(path: file.path, line: number, reason: "not a count and a base64 piece")
                }
                try piece.withUnsafeBufferPointer { try body($0, count) }
            }
        }
    }

    /// Writes every piece of `table` in byte order, so the file depends only on the counts.
    static func write(_ table: ByteKeyTable, to writer: ZstdJSONLWriter) throws {
        var rows = [([UInt8], UInt64)]()
        rows.reserveCapacity(table.count)
        table.forEach { rows.append((Array($0), $1)) }
        rows.sort { $0.0.lexicographicallyPrecedes($1.0) }
        for (piece, count) in rows { try piece.withUnsafeBufferPointer { try writer.writeLine(encode($0, count)) } }
        try writer.close()
    }
}

import Foundation

/// Documents to train on or measure with, read from the paths given on the command line:
/// sample part files (`*.jsonl.zst`, each sample's training text) and any other file as one
/// document of text. Folders are walked in name order, so the order never depends on the file
/// system. Documents come in batches, so memory stays bounded by the batch, not the corpus.
public enum TrainingCorpus {
    /// The files under some paths, sorted; hidden files are skipped.
    public static func files(_ paths: [URL]) throws -> [URL] {
        var result = [URL]()
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path.path, isDirectory: &isFolder) else {
                throw InputRejected("\(path.path): no such file or folder")
            }
            if isFolder.boolValue {
                let names = try FileManager.default.subpathsOfDirectory(atPath: path.path).sorted()
                for name in names where !name.split(separator: "/").contains(where: { $0.hasPrefix(".") }) {
                    let url = path.appendingPathComponent(name)
                    var sub: ObjCBool = false
                    if FileManager.default.fileExists(atPath: url.path, isDirectory: &sub), !sub.boolValue { result.append(url) }
                }
            } else {
                result.append(path)
            }
        }
        return result
    }

    /// Calls `body` with batches of documents from `files`; text is decoded as UTF-8 with
    /// invalid bytes replaced by U+FFFD. Samples whose id digest falls in the held-out share
    /// (`TokenizerStage.isHeldOut`) go to `heldOut` instead. Batches bound memory by their size,
    /// not the corpus, and are big enough for parallel counting.
    public static func forEachBatch(_ files: [URL], heldOutPerMille: Int = 0, heldOut: (String) -> Void = { _ in },
                                    batchBytes: Int = 32 << 20, _ body: ([String]) throws -> Void) throws {
        var batch = [String]()
        var size = 0
        func add(_ text: String) throws {
            size += text.utf8.count
            batch.append(text)
            if size >= batchBytes || batch.count == 4096 {
                try body(batch)
                batch.removeAll(keepingCapacity: true)
                size = 0
            }
        }
        for file in files {
            if file.lastPathComponent.hasSuffix(PartFiles.suffix) {
                try SampleParts.forEach(in: [file]) { sample in
                    if TokenizerStage.isHeldOut(sample.id, perMille: heldOutPerMille) {
                        heldOut(sample.trainingText)
                    } else {
                        try add(sample.trainingText)
                    }
                }
            } else {
                try add(String(decoding: try Data(contentsOf: file), as: UTF8.self))
            }
        }
        if !batch.isEmpty { try body(batch) }
    }
}

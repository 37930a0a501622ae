import Foundation

/// The one reader of sample parts (`part-NNNNN.jsonl.zst`): every stage, command and report
/// that reads samples goes through it. It streams: memory holds one sample at a time unless
/// the caller collects them.
public enum SampleParts {
    /// Calls `body` with every sample of `parts`, in file and line order.
    public static func forEach(in parts: [URL], _ body: (Sample) throws -> Void) throws {
        for part in parts { try ZstdJSONLReader(url: part).forEach(Sample.self, body) }
    }

    /// Every sample of one part, in order.
    public static func read(_ part: URL) throws -> [Sample] {
        var samples = [Sample]()
        try forEach(in: [part]) { samples.append($0) }
        return samples
    }
}

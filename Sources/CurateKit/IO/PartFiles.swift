import Foundation

/// Names and lists the part files a stage writes: `part-NNNNN.jsonl.zst`.
public enum PartFiles {
    public static let suffix = ".jsonl.zst"

    public static func name(_ index: Int) -> String {
        "part-" + number(index) + suffix
    }

    /// `index` with at least five digits, as in part and shard file names.
    public static func number(_ index: Int) -> String {
        let digits = String(index)
        return String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }

    /// The finished parts in a folder, sorted by name; temporary files are not listed.
    public static func list(in folder: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { $0.hasPrefix("part-") && $0.hasSuffix(suffix) }
            .sorted()
            .map { folder.appendingPathComponent($0) }
    }
}

import Foundation
import Testing
@testable import CurateKit

@Suite struct ZstdJSONLTests {
    let folder = TemporaryFolder()

    func samples(_ count: Int) -> [Sample] {
        (0..<count).map { index in
            Sample(domain: "cpp", kind: .qa, prompt: "// QUESTION: number \(index)?",
                   completion: "/* ANSWER:\n\(String(repeating: "word ", count: index % 50))\n*/\nint x = \(index);",
                   source: SampleSource(uri: "book.html", locator: "/html/body/section[\(index)]"))
        }
    }

    @Test func roundTripsManyLinesAcrossBlocks() throws {
        let url = folder.url.appendingPathComponent("part-00000.jsonl.zst")
        let written = samples(5000)
        let writer = try ZstdJSONLWriter(url: url)
        for sample in written { try writer.write(sample) }
        try writer.close()
        let read = try ZstdJSONLReader(url: url).readAll(Sample.self)
        #expect(read == written)
        // The temporary file is gone and only the part remains.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.url.path) == ["part-00000.jsonl.zst"])
    }

    @Test func emptyPartHoldsAValidFrameWithNoLines() throws {
        let url = folder.url.appendingPathComponent("empty.jsonl.zst")
        try ZstdJSONLWriter(url: url).close()
        #expect(try ZstdJSONLReader(url: url).nextLine() == nil)
    }

    @Test func outputIsTheSameBytesEveryTime() throws {
        let one = folder.url.appendingPathComponent("one.jsonl.zst")
        let two = folder.url.appendingPathComponent("two.jsonl.zst")
        for url in [one, two] {
            let writer = try ZstdJSONLWriter(url: url)
            for sample in samples(300) { try writer.write(sample) }
            try writer.close()
        }
        #expect(try Data(contentsOf: one) == Data(contentsOf: two))
    }

    @Test func truncatedFrameNamesFileAndOffset() throws {
        let url = folder.url.appendingPathComponent("cut.jsonl.zst")
        let writer = try ZstdJSONLWriter(url: url)
        for sample in samples(2000) { try writer.write(sample) }
        try writer.close()
        let whole = try Data(contentsOf: url)
        try whole.prefix(whole.count / 2).write(to: url)
        let error = #expect(throws: IOError.self) {
            _ = try ZstdJSONLReader(url: url).readAll(Sample.self)
        }
        let text = "\(error!)"
        #expect(text.contains("cut.jsonl.zst"))
        #expect(text.contains("at byte"))
        #expect(text.contains("truncated"))
    }

    @Test func corruptBytesAreAnErrorWithOffset() throws {
        let url = folder.url.appendingPathComponent("bad.jsonl.zst")
        let writer = try ZstdJSONLWriter(url: url)
        for sample in samples(200) { try writer.write(sample) }
        try writer.close()
        var bytes = [UInt8](try Data(contentsOf: url))
        for index in stride(from: 20, to: bytes.count - 8, by: 7) { bytes[index] ^= 0x5a }
        try Data(bytes).write(to: url)
        let error = #expect(throws: IOError.self) {
            _ = try ZstdJSONLReader(url: url).readAll(Sample.self)
        }
        #expect("\(error!)".contains("bad.jsonl.zst: at byte"))
    }

    /// A line spanning many decoded blocks reads whole; past the reader's limit it is an error
    /// naming the line rather than memory without bound (a few kilobytes of zstd can decode to
    /// gigabytes without a newline).
    @Test func longLinesReadWholeUpToTheLimit() throws {
        let url = folder.url.appendingPathComponent("long.jsonl.zst")
        var long = samples(3)
        long[1].prompt = String(repeating: "0123456789abcdef", count: 200_000)
        let writer = try ZstdJSONLWriter(url: url)
        for sample in long { try writer.write(sample) }
        try writer.close()
        #expect(try ZstdJSONLReader(url: url).readAll(Sample.self) == long)
        let reader = try ZstdJSONLReader(url: url, maxLineBytes: 1 << 20)
        #expect(try reader.nextLine() != nil)
        let error = #expect(throws: IOError.self) { _ = try reader.nextLine() }
        #expect("\(error!)".contains("long.jsonl.zst") && "\(error!)".contains("line 2"))
    }

    @Test func notZstdAtAllIsRejected() throws {
        let url = folder.url.appendingPathComponent("plain.jsonl.zst")
        try Data("{\"a\": 1}\n".utf8).write(to: url)
        #expect(throws: IOError.self) { _ = try ZstdJSONLReader(url: url).nextLine() }
    }
}

/// A fresh folder under the system's temporary folder, removed when the value is released.
final class TemporaryFolder: @unchecked Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("curate-tests-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    func write(_ text: String, to relative: String) throws -> URL {
        let target = url.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: target)
        return target
    }
}

import Foundation
import Testing
@testable import CurateKit

@Suite struct ShardInspectorTests {
    let project = TemporaryFolder()

    /// Shards made by the shards stage with the byte test tokenizer; returns a train prefix.
    func makeShards() throws -> URL {
        let folder = project.url.appendingPathComponent("out/cpp/dedup")
        _ = try project.write("byte tokenizer for tests", to: "out/cpp/tokenizer/tokenizer.json")
        let writer = try ZstdJSONLWriter(url: folder.appendingPathComponent(PartFiles.name(0)))
        for index in 0..<120 {
            try writer.write(Sample(domain: "cpp", kind: .text, prompt: "document number \(index) " + String(repeating: "x", count: index),
                                    completion: "", source: SampleSource(uri: "u", locator: "\(index)")))
        }
        try writer.close()
        let stage = ShardsStage(settings: try ShardSettings(section: .empty(path: "shards")), loadTokenizer: { _ in ByteTokenizerForTests() })
        try runStageForTests(stage, domain: DomainSettings(name: "cpp", language: .cpp, root: project.url),
                             outputRoot: project.url.appendingPathComponent("out"))
        return project.url.appendingPathComponent("out/cpp/shards/phase1/cpp-train-00000")
    }

    @Test func verifiedShardShowsItsCounts() throws {
        let prefix = try makeShards()
        let result = try CurateBinary.run(["inspect", "shard", prefix.path + ".bin", "--verify"], in: project.url)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("format     MMIDIDX version 1, dtype uint16"))
        #expect(result.stdout.contains("verify     ok"))
        let inspection = try ShardInspector.inspect(prefix: prefix, verify: true)
        #expect(inspection.documents > 100)
        #expect(inspection.problems == [])
    }

    @Test func jsonIsForScripts() throws {
        let prefix = try makeShards()
        let result = try CurateBinary.run(["inspect", "shard", prefix.path, "--json"], in: project.url)
        let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        #expect(object["dtype"] as? String == "uint16")
        #expect((object["documents"] as? Int ?? 0) > 100)
    }

    @Test func damageIsFoundByVerify() throws {
        let prefix = try makeShards()
        let bin = prefix.appendingPathExtension("bin")
        var bytes = [UInt8](try Data(contentsOf: bin))
        // Overwrite the first document's closing end-of-document token.
        let reader = try IndexedDatasetReader(prefix: prefix)
        let last = Int(reader.sequencePointers[0]) + (Int(reader.sequenceLengths[0]) - 1) * 2
        bytes[last] = 0x41
        bytes[last + 1] = 0
        try Data(bytes).write(to: bin)
        let result = try CurateBinary.run(["inspect", "shard", prefix.path, "--verify"], in: project.url)
        #expect(result.status == 1)
        #expect(result.stdout.contains(".bin digest differs from the manifest"))
    }

    @Test func documentIsShownAsIds() throws {
        let prefix = try makeShards()
        let result = try CurateBinary.run(["inspect", "shard", prefix.path, "--doc", "0"], in: project.url)
        #expect(result.status == 0)
        #expect(result.stdout.hasPrefix("document 0: "))
        #expect(result.stdout.contains("ids: "))
        let outOfRange = try CurateBinary.run(["inspect", "shard", prefix.path, "--doc", "100000"], in: project.url)
        #expect(outOfRange.status != 0)
        #expect(outOfRange.stderr.contains("no document 100000"))
        // A tokenizer named on the command line that cannot be loaded is an error, not a silent "no tokenizer".
        let badTokenizer = try CurateBinary.run(["inspect", "shard", prefix.path, "--doc", "0", "--tokenizer", "missing.json"], in: project.url)
        #expect(badTokenizer.status != 0)
        #expect(badTokenizer.stderr.contains("missing.json"))
    }
}

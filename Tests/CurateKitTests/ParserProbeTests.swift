import Foundation
import Testing
@testable import CurateKit

/// Every input fuzzing found to crash a parser, kept under `Fixtures/fuzz/<target>/` and
/// replayed here: a regression crashes this test process.
@Suite struct ParserProbeTests {
    static let kept = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz")

    @Test(arguments: ParserProbe.allCases)
    func keptCrashingInputsAreHandled(_ probe: ParserProbe) throws {
        let folder = Self.kept.appendingPathComponent(probe.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        for name in names.sorted() {
            probe.run(try Data(contentsOf: folder.appendingPathComponent(name)))
        }
    }

    /// A stored entry whose header claims 4 GB in a 3 KB archive: the unzipping library would
    /// allocate the claim (found by fuzzing: out of memory); the reader refuses it first.
    @Test func aStoredSizePastTheArchiveIsRefused() throws {
        let file = Self.kept.appendingPathComponent("epub/stored-size-past-archive.epub")
        let error = #expect(throws: BookError.self) { try BookReader.read(file, file: "fuzz.epub") }
        #expect("\(error.map { "\($0)" } ?? "")".contains("stored bytes in a"), "\(String(describing: error))")
    }

    /// Cut short and bit-flipped versions of real inputs are refused, not crashed on: a quick
    /// stand-in for the fuzzer that runs in every test run.
    @Test func damagedInputsAreRefusedWithoutCrashing() throws {
        let fixtures = Self.kept.deletingLastPathComponent()
        let inputs: [(ParserProbe, String)] = [
            (.trace, "traces/grid/asan-gcc.txt"), (.trace, "traces/pool/tsan-gcc.txt"),
            (.tokenizer, "tokenizer/gpt2-style.tokenizer.json"), (.html, "textbooks/reference-page.html"),
            (.xhtml, "textbooks/chapter.xhtml"), (.docbook, "textbooks/guide.xml"), (.patch, "traces/grid/fix.diff"),
        ]
        var generator = SystemRandomNumberGenerator()
        for (probe, path) in inputs {
            let data = try Data(contentsOf: fixtures.appendingPathComponent(path))
            #expect(!data.isEmpty)
            for cut in stride(from: 0, to: data.count, by: max(1, data.count / 16)) { probe.run(data.prefix(cut)) }
            for _ in 0..<32 {
                var flipped = data
                let index = Int.random(in: 0..<flipped.count, using: &generator)
                flipped[index] ^= UInt8.random(in: 1...255, using: &generator)
                probe.run(flipped)
            }
        }
    }
}

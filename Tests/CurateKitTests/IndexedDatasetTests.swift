import Foundation
import Testing
@testable import CurateKit

@Suite struct IndexedDatasetTests {
    let folder = TemporaryFolder()

    /// Documents of random lengths (some empty) with ids up to `maxID`, from a fixed seed.
    func documents(count: Int, maxID: UInt32, seed: UInt64) -> [[UInt32]] {
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int(generator.next() % 300)).map { _ in UInt32(generator.next() % UInt64(maxID + 1)) }
        }
    }

    func write(_ docs: [[UInt32]], dtype: TokenDType, name: String) throws -> URL {
        let prefix = folder.url.appendingPathComponent(name)
        let writer = try IndexedDatasetWriter(prefix: prefix, dtype: dtype)
        for doc in docs { try writer.append(document: doc) }
        try writer.finish()
        return prefix
    }

    @Test(arguments: [TokenDType.uint16, .int32])
    func roundTripsThroughTheSwiftReader(dtype: TokenDType) throws {
        let docs = documents(count: 500, maxID: dtype == .uint16 ? 65_499 : 200_000, seed: 7)
        let reader = try IndexedDatasetReader(prefix: write(docs, dtype: dtype, name: "rt"))
        #expect(reader.dtype == dtype)
        #expect(reader.documentCount == docs.count)
        #expect(reader.tokenCount == docs.reduce(0) { $0 + $1.count })
        #expect(reader.structuralProblems().isEmpty)
        for (index, doc) in docs.enumerated() { #expect(try reader.document(index) == doc) }
    }

    @Test(arguments: [TokenDType.uint16, .int32])
    func anIndependentReaderFromTheFormatDescriptionAgrees(dtype: TokenDType) throws {
        let docs = documents(count: 200, maxID: dtype == .uint16 ? 60_000 : 100_000, seed: 11)
        let prefix = try write(docs, dtype: dtype, name: "py")
        let script = CurateBinary.repository.appendingPathComponent("Tests/python/megatron_reader.py")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script.path, prefix.path]
        let out = Pipe()
        process.standardOutput = out
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        struct Parsed: Decodable { var version: Int; var dtype: Int; var sequences: Int; var documents: [[UInt32]] }
        let parsed = try JSONDecoder().decode(Parsed.self, from: data)
        #expect(parsed.version == 1)
        #expect(parsed.dtype == Int(dtype.rawValue))
        #expect(parsed.sequences == docs.count)
        #expect(parsed.documents == docs)
    }

    @Test func tokenTooLargeForTheDtypeIsRefused() throws {
        let writer = try IndexedDatasetWriter(prefix: folder.url.appendingPathComponent("big"), dtype: .uint16)
        #expect(throws: ShardError.tokenOutOfRange(70_000, .uint16)) { try writer.append(document: [1, 70_000]) }
    }

    @Test func damagedIndexIsReportedWithItsFile() throws {
        let prefix = try write(documents(count: 20, maxID: 1000, seed: 3), dtype: .uint16, name: "cut")
        let idx = prefix.appendingPathExtension("idx")
        let whole = try Data(contentsOf: idx)
        try whole.prefix(whole.count - 5).write(to: idx)
        let error = #expect(throws: ShardError.self) { _ = try IndexedDatasetReader(prefix: prefix) }
        #expect("\(error!)".contains("cut.idx"))
        var wrong = whole
        wrong[0] = UInt8(ascii: "X")
        try wrong.write(to: idx)
        #expect(throws: ShardError.self) { _ = try IndexedDatasetReader(prefix: prefix) }
    }

    @Test func binOfTheWrongSizeIsAStructuralProblem() throws {
        let prefix = try write(documents(count: 20, maxID: 1000, seed: 5), dtype: .uint16, name: "short")
        let bin = prefix.appendingPathExtension("bin")
        try Data(try Data(contentsOf: bin).dropLast(2)).write(to: bin)
        let problems = try IndexedDatasetReader(prefix: prefix).structuralProblems()
        #expect(problems.contains { $0.contains(".bin has") })
    }
}

/// A small deterministic generator for property tests (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

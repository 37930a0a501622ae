import Foundation
import Testing
@testable import CurateKit

@Suite struct ConverterEmbeddingTests {
    func randomMatrix(rows: Int, columns: Int, seed: UInt64) -> EmbeddingTransfer.Matrix {
        var generator = SplitMix(seed: seed)
        let values = (0..<rows * columns).map { _ in Float(Double(generator.next() % 20_001) / 10_000 - 1) }
        return EmbeddingTransfer.Matrix(rows: rows, columns: columns, values: values)
    }

    func loaded(_ a: Tokenizer, _ b: Tokenizer) throws -> LoadedConverter {
        LoadedConverter(converter: try ConverterFixtures.train(a, b), source: a, target: b)
    }

    /// A converter from a tokenizer to itself aligns every token with itself only, so both
    /// directions give back the matrix they were given.
    @Test func aTokenizerToItselfIsTheIdentity() throws {
        let a = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 700)
        let converter = try loaded(a, a)
        let e = randomMatrix(rows: converter.converter.from.size, columns: 8, seed: 1)
        let target = try EmbeddingTransfer.targetEmbeddings(e, converter)
        let back = try EmbeddingTransfer.sourceInTargetSpace(e, converter.converter)
        var compared = 0
        for id in 0..<e.rows where converter.converter.observed[id] != 0 {
            #expect(target.row(id) == e.row(id), "token \(id)")
            #expect(zip(back.row(id), e.row(id)).allSatisfy { abs($0 - $1) < 1e-6 }, "token \(id)")
            compared += 1
        }
        #expect(compared > 300)
    }

    /// Across different tokenizers, a B token met only by one A token takes that token's row,
    /// and every built row is a mean of A rows, so it lies in their bounding box.
    @Test func targetRowsAreWeightedMeansOfOverlappingSourceRows() throws {
        let a = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 900)
        let b = try TokenizerFixtures.train(pattern: .shell, vocabularySize: 600)
        let converter = try loaded(a, b)
        let c = converter.converter
        let e = randomMatrix(rows: c.from.size, columns: 4, seed: 9)
        let target = try EmbeddingTransfer.targetEmbeddings(e, converter)
        #expect(target.rows == c.to.size && target.columns == 4)
        var metBy = [Int: Set<Int>]()
        for row in 0..<c.from.size where c.observed[row] != 0 {
            for entry in c.row(UInt32(row)) { metBy[Int(entry.id), default: []].insert(row) }
        }
        var single = 0
        for (column, rows) in metBy where rows.count == 1 {
            #expect(target.row(column) == e.row(rows.first!), "B token \(column)")
            single += 1
        }
        #expect(single > 50)
        for k in 0..<target.values.count { #expect(abs(target.values[k]) <= 1.0001) }
        #expect(throws: InputRejected.self) {
            try EmbeddingTransfer.targetEmbeddings(EmbeddingTransfer.Matrix(rows: 3, columns: 2, values: [Float](repeating: 0, count: 6)), converter)
        }
    }

    @Test func embeddingFilesRoundTripThroughSafetensors() throws {
        let folder = TemporaryFolder()
        let e = randomMatrix(rows: 5, columns: 3, seed: 3)
        let url = folder.url.appendingPathComponent("e.safetensors")
        try EmbeddingTransfer.write(e, name: "embed", metadata: ["k": "v \"quoted\"\n"], to: url)
        #expect(try EmbeddingTransfer.read(url, tensor: nil) == e)
        #expect(try EmbeddingTransfer.read(url, tensor: "embed") == e)
        #expect(throws: InputRejected.self) { try EmbeddingTransfer.read(url, tensor: "other") }
        let (_, metadata) = try SafeTensorsFile.decode(try Data(contentsOf: url), file: "e")
        #expect(metadata == ["k": "v \"quoted\"\n"])
        // A truncated file is refused with the file named.
        let data = try Data(contentsOf: url)
        let error = #expect(throws: SafeTensorsError.self) { try SafeTensorsFile.decode(data.prefix(data.count - 4), file: "cut.safetensors") }
        #expect(error?.description.hasPrefix("cut.safetensors:") == true)
    }
}

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

    /// `source` times `map` plus uniform noise of at most `noise`: target embeddings made from a known map.
    func mapped(_ source: EmbeddingTransfer.Matrix, _ map: EmbeddingTransfer.Matrix, noise: Float, seed: UInt64) -> EmbeddingTransfer.Matrix {
        var generator = SplitMix(seed: seed)
        var values = [Float](repeating: 0, count: source.rows * map.columns)
        for r in 0..<source.rows {
            for j in 0..<map.columns {
                var sum: Float = 0
                for k in 0..<source.columns { sum += source.values[r * source.columns + k] * map.values[k * map.columns + j] }
                values[r * map.columns + j] = sum + noise * Float(Double(generator.next() % 20_001) / 10_000 - 1)
            }
        }
        return EmbeddingTransfer.Matrix(rows: source.rows, columns: map.columns, values: values)
    }

    /// A random orthogonal matrix: Gram-Schmidt on random rows.
    func rotation(_ dim: Int, seed: UInt64) -> EmbeddingTransfer.Matrix {
        var rows = [[Double]]()
        var generator = SplitMix(seed: seed)
        while rows.count < dim {
            var v = (0..<dim).map { _ in Double(generator.next() % 20_001) / 10_000 - 1 }
            for u in rows {
                let dot = zip(u, v).reduce(0) { $0 + $1.0 * $1.1 }
                v = zip(v, u).map { $0 - dot * $1 }
            }
            let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
            if norm > 0.1 { rows.append(v.map { $0 / norm }) }
        }
        return EmbeddingTransfer.Matrix(rows: dim, columns: dim, values: rows.flatMap { $0.map(Float.init) })
    }

    func maxDifference(_ x: EmbeddingTransfer.Matrix, _ y: EmbeddingTransfer.Matrix) -> Float {
        zip(x.values, y.values).map { abs($0 - $1) }.max() ?? .infinity
    }

    @Test func leastSquaresRecoversAKnownMapBetweenDifferentWidths() throws {
        let a = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 700)
        let converter = try ConverterFixtures.train(a, a)
        let source = randomMatrix(rows: converter.from.size, columns: 12, seed: 5)
        let truth = randomMatrix(rows: 12, columns: 8, seed: 6)
        let target = mapped(source, truth, noise: 0.01, seed: 7)
        let fit = try EmbeddingFit.fit(source: source, target: target, converter: converter, method: .leastSquares)
        #expect(fit.heldOutPairs > 20 && fit.trainingPairs > 200)
        #expect(maxDifference(fit.map, truth) < 0.01, "largest error \(maxDifference(fit.map, truth))")
        #expect(fit.heldOutCosine > 0.999, "held-out cosine \(fit.heldOutCosine)")
        #expect(throws: EmbeddingFit.Failure.self) {
            try EmbeddingFit.fit(source: source, target: target, converter: converter, method: .procrustes)
        }
    }

    @Test func procrustesRecoversARotation() throws {
        let a = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 700)
        let converter = try ConverterFixtures.train(a, a)
        let source = randomMatrix(rows: converter.from.size, columns: 10, seed: 11)
        let truth = rotation(10, seed: 12)
        let target = mapped(source, truth, noise: 0.05, seed: 13)
        let fit = try EmbeddingFit.fit(source: source, target: target, converter: converter, method: .procrustes)
        #expect(maxDifference(fit.map, truth) < 0.02, "largest error \(maxDifference(fit.map, truth))")
        #expect(fit.heldOutCosine > 0.99, "held-out cosine \(fit.heldOutCosine)")
        // The result is orthogonal: W Wᵀ = I.
        for i in 0..<10 {
            for j in 0..<10 {
                let dot = (0..<10).reduce(Float(0)) { $0 + fit.map.values[i * 10 + $1] * fit.map.values[j * 10 + $1] }
                #expect(abs(dot - (i == j ? 1 : 0)) < 1e-5)
            }
        }
    }

    /// Unrelated embeddings leave nothing to recover: the held-out cosine says so.
    @Test func heldOutCosineIsLowWhenThereIsNoMap() throws {
        let a = try TokenizerFixtures.train(pattern: .cpp, vocabularySize: 700)
        let converter = try ConverterFixtures.train(a, a)
        let source = randomMatrix(rows: converter.from.size, columns: 8, seed: 21)
        let target = randomMatrix(rows: converter.from.size, columns: 8, seed: 22)
        let fit = try EmbeddingFit.fit(source: source, target: target, converter: converter, method: .leastSquares)
        #expect(fit.heldOutCosine < 0.4, "held-out cosine \(fit.heldOutCosine)")
    }
}

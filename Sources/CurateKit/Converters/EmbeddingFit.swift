import CLapacke
import Foundation

/// A linear map from model A's embedding space to model B's, fitted on the token pairs a
/// converter aligned: each pair (A token, B token) weighted by the bytes they shared, so a
/// pair that covered much text counts more. Least squares works for any two widths;
/// orthogonal Procrustes (a rotation, which keeps lengths and angles) needs equal widths. A
/// stable share of A tokens (by a hash of the id) is held out of the fit and only measured.
///
/// The solvers are LAPACK's (`dgels` for least squares, `dgesdd` for the SVD of Procrustes).
public struct EmbeddingFit: Sendable {
    public enum Method: String, Sendable, CaseIterable {
        case leastSquares = "least-squares"
        case procrustes
    }

    public var method: Method
    /// The map, `[dim A, dim B]`: a row vector of A's space times it lies in B's.
    public var map: EmbeddingTransfer.Matrix
    public var trainingPairs: Int
    public var heldOutPairs: Int
    /// Mean cosine similarity between mapped A rows and their B rows, weighted by shared bytes.
    public var trainingCosine: Double
    public var heldOutCosine: Double

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Whether pairs of an A token are held out: a mix of its id, modulo 1000.
    static func isHeldOut(_ id: Int, perMille: Int) -> Bool {
        var z = UInt64(id) &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % 1000) < perMille
    }

    /// The aligned pairs of tokens seen in the training text, with their shared bytes.
    static func pairs(_ converter: SpaceConverter) -> [(a: Int, b: Int, weight: Double)] {
        (0..<converter.from.size).filter { converter.observed[$0] != 0 }.flatMap { a in
            converter.row(UInt32(a)).map { (a, Int($0.id), Double($0.bytes)) }
        }
    }

    public static func fit(source: EmbeddingTransfer.Matrix, target: EmbeddingTransfer.Matrix, converter: SpaceConverter,
                           method: Method, heldOutPerMille: Int = 100) throws -> EmbeddingFit {
        guard source.rows >= converter.from.size, target.rows >= converter.to.size else {
            throw Failure(description: "embeddings have \(source.rows) and \(target.rows) rows; the converter needs "
                          + "\(converter.from.size) (\(converter.from.domain)) and \(converter.to.size) (\(converter.to.domain))")
        }
        let (dimA, dimB) = (source.columns, target.columns)
        if method == .procrustes, dimA != dimB {
            throw Failure(description: "Procrustes needs equal widths; these are \(dimA) and \(dimB) (use least squares)")
        }
        let all = pairs(converter)
        let training = all.filter { !isHeldOut($0.a, perMille: heldOutPerMille) }
        let heldOut = all.filter { isHeldOut($0.a, perMille: heldOutPerMille) }
        guard training.count >= dimA else {
            throw Failure(description: "\(training.count) aligned pairs to fit, fewer than the \(dimA) columns of the map")
        }
        // Rows scaled by the square root of their weight: the weighted problem as a plain one.
        var x = [Double](repeating: 0, count: training.count * dimA)
        var y = [Double](repeating: 0, count: max(training.count, dimA) * dimB)
        for (row, pair) in training.enumerated() {
            let s = pair.weight.squareRoot()
            for k in 0..<dimA { x[row * dimA + k] = s * Double(source.values[pair.a * dimA + k]) }
            for k in 0..<dimB { y[row * dimB + k] = s * Double(target.values[pair.b * dimB + k]) }
        }
        let map: [Double]
        switch method {
        case .leastSquares: map = try leastSquares(x, y, rows: training.count, dimA: dimA, dimB: dimB)
        case .procrustes: map = try procrustes(x, y, rows: training.count, dim: dimA)
        }
        let matrix = EmbeddingTransfer.Matrix(rows: dimA, columns: dimB, values: map.map(Float.init))
        return EmbeddingFit(method: method, map: matrix, trainingPairs: training.count, heldOutPairs: heldOut.count,
                            trainingCosine: cosine(training, source, target, map), heldOutCosine: cosine(heldOut, source, target, map))
    }

    /// Solves min ‖X W − Y‖ with `dgels` (QR); `y` must have max(rows, dimA) rows.
    static func leastSquares(_ x: [Double], _ y: [Double], rows: Int, dimA: Int, dimB: Int) throws -> [Double] {
        var a = x, b = y
        let info = LAPACKE_dgels(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "N")), Int32(rows), Int32(dimA),
                                 Int32(dimB), &a, Int32(dimA), &b, Int32(dimB))
        guard info == 0 else {
            throw Failure(description: info > 0 ? "the source embeddings of the aligned tokens are rank-deficient (dgels: \(info))"
                                                : "dgels rejected argument \(-info)")
        }
        return Array(b[0..<dimA * dimB])
    }

    /// The orthogonal W minimising ‖X W − Y‖: U Vᵀ from the SVD of Xᵀ Y (`dgesdd`).
    static func procrustes(_ x: [Double], _ y: [Double], rows: Int, dim: Int) throws -> [Double] {
        var c = [Double](repeating: 0, count: dim * dim)
        for r in 0..<rows {
            for i in 0..<dim where x[r * dim + i] != 0 {
                let xi = x[r * dim + i]
                for j in 0..<dim { c[i * dim + j] += xi * y[r * dim + j] }
            }
        }
        var s = [Double](repeating: 0, count: dim)
        var u = [Double](repeating: 0, count: dim * dim), vt = [Double](repeating: 0, count: dim * dim)
        let info = LAPACKE_dgesdd(LAPACK_ROW_MAJOR, CChar(UInt8(ascii: "A")), Int32(dim), Int32(dim), &c, Int32(dim),
                                  &s, &u, Int32(dim), &vt, Int32(dim))
        guard info == 0 else { throw Failure(description: "dgesdd did not converge (\(info))") }
        var w = [Double](repeating: 0, count: dim * dim)
        for i in 0..<dim {
            for k in 0..<dim where u[i * dim + k] != 0 {
                for j in 0..<dim { w[i * dim + j] += u[i * dim + k] * vt[k * dim + j] }
            }
        }
        return w
    }

    /// Weighted mean cosine between each pair's mapped A row and its B row (0 with no pairs).
    static func cosine(_ pairs: [(a: Int, b: Int, weight: Double)], _ source: EmbeddingTransfer.Matrix,
                       _ target: EmbeddingTransfer.Matrix, _ map: [Double]) -> Double {
        let (dimA, dimB) = (source.columns, target.columns)
        var total = 0.0, weights = 0.0
        var mapped = [Double](repeating: 0, count: dimB)
        for pair in pairs {
            for j in 0..<dimB { mapped[j] = 0 }
            for i in 0..<dimA {
                let xi = Double(source.values[pair.a * dimA + i])
                for j in 0..<dimB { mapped[j] += xi * map[i * dimB + j] }
            }
            var dot = 0.0, nm = 0.0, ny = 0.0
            for j in 0..<dimB {
                let yj = Double(target.values[pair.b * dimB + j])
                dot += mapped[j] * yj
                nm += mapped[j] * mapped[j]
                ny += yj * yj
            }
            guard nm > 0, ny > 0 else { continue }
            total += pair.weight * dot / (nm.squareRoot() * ny.squareRoot())
            weights += pair.weight
        }
        return weights == 0 ? 0 : total / weights
    }
}

import Foundation

/// Carries embedding matrices (`[vocab, dim]`, row-major `Float`) across a converter.
public enum EmbeddingTransfer {
    /// A row-major matrix.
    public struct Matrix: Sendable, Equatable {
        public var rows: Int
        public var columns: Int
        public var values: [Float]

        public init(rows: Int, columns: Int, values: [Float]) {
            precondition(values.count == rows * columns, "matrix of \(rows)×\(columns) needs \(rows * columns) values")
            self.rows = rows
            self.columns = columns
            self.values = values
        }

        public func row(_ r: Int) -> ArraySlice<Float> { values[r * columns..<(r + 1) * columns] }
    }

    /// Embeddings for B's vocabulary built from A's (FOCUS-style initialisation for a model
    /// that gets B's tokenizer): each B token is the mean of the A tokens it overlapped in the
    /// training text, weighted by shared bytes. A B token never seen takes the mean of the A
    /// tokens its own bytes encode to under A; an added token A also has copies A's row.
    public static func targetEmbeddings(_ source: Matrix, _ loaded: LoadedConverter) throws -> Matrix {
        let c = loaded.converter
        guard source.rows >= c.from.size else {
            throw InputRejected("embeddings have \(source.rows) rows, but \(c.from.domain) has \(c.from.size) ids")
        }
        let dim = source.columns
        var sums = [Double](repeating: 0, count: c.to.size * dim)
        var totals = [Double](repeating: 0, count: c.to.size)
        for a in 0..<c.from.size where c.observed[a] != 0 {
            for entry in c.row(UInt32(a)) {
                let w = Double(entry.bytes), b = Int(entry.id)
                totals[b] += w
                for k in 0..<dim { sums[b * dim + k] += w * Double(source.values[a * dim + k]) }
            }
        }
        let sourceAdded = Dictionary(loaded.source.addedTokens.map { ($0.content, $0.id) }, uniquingKeysWith: { first, _ in first })
        for b in 0..<c.to.size where totals[b] == 0 {
            var parts = [UInt32]()
            if let added = loaded.target.addedTokens.first(where: { $0.id == UInt32(b) }) {
                parts = sourceAdded[added.content].map { [$0] } ?? []
            } else {
                let bytes = loaded.target.model.bytes(of: UInt32(b))
                if !bytes.isEmpty { parts = loaded.source.encode(bytes: bytes) }
            }
            for a in parts where Int(a) < source.rows {
                totals[b] += 1
                for k in 0..<dim { sums[b * dim + k] += Double(source.values[Int(a) * dim + k]) }
            }
        }
        var values = [Float](repeating: 0, count: c.to.size * dim)
        for b in 0..<c.to.size where totals[b] > 0 {
            for k in 0..<dim { values[b * dim + k] = Float(sums[b * dim + k] / totals[b]) }
        }
        return Matrix(rows: c.to.size, columns: dim, values: values)
    }

    /// A's tokens placed in B's embedding space: each A row is the weighted sum of the B rows
    /// of the tokens it overlapped (the row-normalised alignment matrix times B's embeddings).
    public static func sourceInTargetSpace(_ target: Matrix, _ converter: SpaceConverter) throws -> Matrix {
        guard target.rows >= converter.to.size else {
            throw InputRejected("embeddings have \(target.rows) rows, but \(converter.to.domain) has \(converter.to.size) ids")
        }
        let dim = target.columns
        var values = [Float](repeating: 0, count: converter.from.size * dim)
        for a in 0..<converter.from.size {
            for entry in converter.row(UInt32(a)) {
                for k in 0..<dim { values[a * dim + k] += entry.weight * target.values[Int(entry.id) * dim + k] }
            }
        }
        return Matrix(rows: converter.from.size, columns: dim, values: values)
    }

    /// Reads a `[vocab, dim]` F32 tensor from a safetensors file (the only tensor, or the one named).
    public static func read(_ url: URL, tensor name: String?) throws -> Matrix {
        try readNamed(url, tensor: name).matrix
    }

    /// The tensor `read` picks, with its name.
    public static func readNamed(_ url: URL, tensor name: String?) throws -> (name: String, matrix: Matrix) {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw InputRejected("\(url.path): cannot read embeddings: \(error.localizedDescription)")
        }
        let (tensors, _) = try SafeTensorsFile.decode(data, file: url.path)
        let chosen: (String, SafeTensor)
        if let name {
            guard let t = tensors[name] else { throw InputRejected("\(url.path): no tensor \(name)") }
            chosen = (name, t)
        } else {
            guard tensors.count == 1, let only = tensors.first else {
                throw InputRejected("\(url.path): \(tensors.count) tensors; name one (\(tensors.keys.sorted().joined(separator: ", ")))")
            }
            chosen = (only.key, only.value)
        }
        guard chosen.1.shape.count == 2 else { throw InputRejected("\(url.path): \(chosen.0) has shape \(chosen.1.shape), expected [vocab, dim]") }
        return (chosen.0, Matrix(rows: chosen.1.shape[0], columns: chosen.1.shape[1], values: try chosen.1.floats()))
    }

    public static func write(_ matrix: Matrix, name: String, metadata: [String: String], to url: URL) throws {
        let data = try SafeTensorsFile.encode([name: .f32(matrix.values, shape: [matrix.rows, matrix.columns])], metadata: metadata)
        try AtomicFile.write(data, to: url)
    }
}

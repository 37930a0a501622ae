import Foundation

/// A trained map from tokenizer A's token space to tokenizer B's, as stored in
/// `out/<A>/converters/<B>.safetensors`.
///
/// - `alignment`: a sparse |A|×|B| matrix in compressed rows. Entry (a, b) counts the bytes
///   where an A token `a` and a B token `b` covered the same text when both tokenizers encoded
///   the training text; `weights` are those counts with each row normalised to sum to 1.
/// - `decomposition`: for each A token whose bytes form one B pre-tokenizer piece on their own,
///   the B ids of those bytes; `exact[a]` is 1 for those tokens (and for added tokens B has too).
///   Stream conversion uses it wherever a B piece is exactly one A token.
public struct SpaceConverter: Sendable {
    public var from: Endpoint
    public var to: Endpoint
    /// Row `a` of the matrix is `columns[rowOffsets[a]..<rowOffsets[a + 1]]`.
    public var rowOffsets: [Int64]
    public var columns: [Int32]
    public var overlapBytes: [Int64]
    public var weights: [Float]
    /// 1 where the A token occurred in the training text; other rows are filled from the
    /// token's decomposition (each B token weighted by its length), or left empty.
    public var observed: [UInt8]
    public var decompositionOffsets: [Int64]
    public var decompositionIDs: [Int32]
    public var exact: [UInt8]
    /// Bytes of text the alignment was counted on.
    public var trainingBytes: Int

    /// One side of the converter: the domain and the tokenizer file it was trained with.
    public struct Endpoint: Sendable, Hashable {
        public var domain: String
        /// SHA-256 of the `tokenizer.json` file.
        public var sha256: String
        /// Rows (A) or columns (B) of the matrix: one more than the highest id.
        public var size: Int
    }

    public static let format = "curate-space-converter"
    public static let formatVersion = "1"

    /// The B tokens an A token overlapped, with their normalised weights.
    public func row(_ a: UInt32) -> [(id: UInt32, weight: Float, bytes: Int64)] {
        guard Int(a) < from.size else { return [] }
        let range = Int(rowOffsets[Int(a)])..<Int(rowOffsets[Int(a) + 1])
        return range.map { (UInt32(columns[$0]), weights[$0], overlapBytes[$0]) }
    }

    /// The exact B ids of an A token's bytes, when it has them.
    public func decomposition(_ a: UInt32) -> [UInt32]? {
        guard Int(a) < from.size, exact[Int(a)] != 0 else { return nil }
        let range = Int(decompositionOffsets[Int(a)])..<Int(decompositionOffsets[Int(a) + 1])
        return decompositionIDs[range].map { UInt32($0) }
    }

    // MARK: - File

    public func safetensors() throws -> Data {
        let tensors: [String: SafeTensor] = [
            "alignment.row_offsets": .i64(rowOffsets),
            "alignment.columns": .i32(columns),
            "alignment.overlap_bytes": .i64(overlapBytes),
            "alignment.weights": .f32(weights),
            "alignment.observed": .u8(observed),
            "decomposition.offsets": .i64(decompositionOffsets),
            "decomposition.ids": .i32(decompositionIDs),
            "decomposition.exact": .u8(exact),
        ]
        let metadata = [
            "format": Self.format, "format_version": Self.formatVersion,
            "from_domain": from.domain, "from_tokenizer_sha256": from.sha256, "from_size": String(from.size),
            "to_domain": to.domain, "to_tokenizer_sha256": to.sha256, "to_size": String(to.size),
            "training_bytes": String(trainingBytes),
        ]
        return try SafeTensorsFile.encode(tensors, metadata: metadata)
    }

    public static func read(_ url: URL) throws -> SpaceConverter {
        try parse(try Data(contentsOf: url), file: url.path)
    }

    /// Reads a converter file, checking that its tensors agree with each other.
    public static func parse(_ data: Data, file: String) throws -> SpaceConverter {
        let (tensors, meta) = try SafeTensorsFile.decode(data, file: file)
        func fail(_ reason: String) -> SafeTensorsError { SafeTensorsError("\(file): \(reason)") }
        guard meta["format"] == format else { throw fail("not a space converter (metadata format is \(meta["format"] ?? "missing"))") }
        func tensor(_ name: String) throws -> SafeTensor {
            guard let t = tensors[name] else { throw fail("no tensor \(name)") }
            return t
        }
        func number(_ key: String) throws -> Int {
            guard let text = meta[key], let value = Int(text) else { throw fail("metadata \(key) is not a number") }
            return value
        }
        func endpoint(_ side: String) throws -> Endpoint {
            Endpoint(domain: meta["\(side)_domain"] ?? "", sha256: meta["\(side)_tokenizer_sha256"] ?? "", size: try number("\(side)_size"))
        }
        let converter = SpaceConverter(
            from: try endpoint("from"), to: try endpoint("to"),
            rowOffsets: try tensor("alignment.row_offsets").int64s(), columns: try tensor("alignment.columns").int32s(),
            overlapBytes: try tensor("alignment.overlap_bytes").int64s(), weights: try tensor("alignment.weights").floats(),
            observed: try tensor("alignment.observed").bytes(),
            decompositionOffsets: try tensor("decomposition.offsets").int64s(),
            decompositionIDs: try tensor("decomposition.ids").int32s(), exact: try tensor("decomposition.exact").bytes(),
            trainingBytes: try number("training_bytes"))
        if let problem = converter.inconsistency() { throw fail(problem) }
        return converter
    }

    /// Why the tensors do not fit together, or nil when they do.
    func inconsistency() -> String? {
        let rows = from.size
        func offsetsProblem(_ name: String, _ offsets: [Int64], _ total: Int) -> String? {
            guard offsets.count == rows + 1, offsets.first == 0, offsets.last == Int64(total) else {
                return "\(name) must have \(rows + 1) entries from 0 to \(total)"
            }
            for k in 1..<offsets.count where offsets[k] < offsets[k - 1] { return "\(name) decreases at \(k)" }
            return nil
        }
        if let problem = offsetsProblem("alignment.row_offsets", rowOffsets, columns.count) { return problem }
        if let problem = offsetsProblem("decomposition.offsets", decompositionOffsets, decompositionIDs.count) { return problem }
        guard weights.count == columns.count, overlapBytes.count == columns.count else { return "alignment tensors differ in length" }
        guard observed.count == rows else { return "alignment.observed must have \(rows) entries" }
        guard exact.count == rows else { return "decomposition.exact must have \(rows) entries" }
        if let bad = columns.first(where: { $0 < 0 || Int($0) >= to.size }) { return "alignment column \(bad) outside 0..<\(to.size)" }
        if let bad = decompositionIDs.first(where: { $0 < 0 || Int($0) >= to.size }) { return "decomposition id \(bad) outside 0..<\(to.size)" }
        return nil
    }
}

import Foundation

/// A tensor of a safetensors file: its element type, its shape and its little-endian bytes.
public struct SafeTensor: Sendable, Equatable {
    /// The element types this project writes, by their safetensors names.
    public enum DType: String, Sendable {
        case u8 = "U8", i32 = "I32", i64 = "I64", f32 = "F32"

        public var size: Int {
            switch self {
            case .u8: return 1
            case .i32, .f32: return 4
            case .i64: return 8
            }
        }
    }

    public var dtype: DType
    public var shape: [Int]
    public var data: [UInt8]

    public init(dtype: DType, shape: [Int], data: [UInt8]) {
        self.dtype = dtype
        self.shape = shape
        self.data = data
    }

    public var count: Int { shape.reduce(1, *) }

    public static func u8(_ values: [UInt8], shape: [Int]? = nil) -> SafeTensor {
        SafeTensor(dtype: .u8, shape: shape ?? [values.count], data: values)
    }

    public static func i32(_ values: [Int32], shape: [Int]? = nil) -> SafeTensor {
        SafeTensor(dtype: .i32, shape: shape ?? [values.count], data: littleEndianBytes(values.map { UInt32(bitPattern: $0) }))
    }

    public static func i64(_ values: [Int64], shape: [Int]? = nil) -> SafeTensor {
        SafeTensor(dtype: .i64, shape: shape ?? [values.count], data: littleEndianBytes(values.map { UInt64(bitPattern: $0) }))
    }

    public static func f32(_ values: [Float], shape: [Int]? = nil) -> SafeTensor {
        SafeTensor(dtype: .f32, shape: shape ?? [values.count], data: littleEndianBytes(values.map(\.bitPattern)))
    }

    public func int32s() throws -> [Int32] {
        try expect(.i32)
        return Self.values(data, UInt32.self).map { Int32(bitPattern: $0) }
    }

    public func int64s() throws -> [Int64] {
        try expect(.i64)
        return Self.values(data, UInt64.self).map { Int64(bitPattern: $0) }
    }

    public func floats() throws -> [Float] {
        try expect(.f32)
        return Self.values(data, UInt32.self).map { Float(bitPattern: $0) }
    }

    public func bytes() throws -> [UInt8] {
        try expect(.u8)
        return data
    }

    private func expect(_ wanted: DType) throws {
        guard dtype == wanted else { throw SafeTensorsError("tensor is \(dtype.rawValue), expected \(wanted.rawValue)") }
    }

    private static func littleEndianBytes<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(values.count * MemoryLayout<T>.size)
        for value in values {
            var v = value.littleEndian
            withUnsafeBytes(of: &v) { out.append(contentsOf: $0) }
        }
        return out
    }

    private static func values<T: FixedWidthInteger>(_ bytes: [UInt8], _: T.Type) -> [T] {
        let size = MemoryLayout<T>.size
        return (0..<bytes.count / size).map { i in
            var value = T.zero
            for k in 0..<size { value |= T(bytes[i * size + k]) << (8 * k) }
            return value
        }
    }
}

public struct SafeTensorsError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// The safetensors file format: an 8-byte little-endian header length, a JSON header naming
/// each tensor's dtype, shape and byte range (plus a `__metadata__` map of strings), then the
/// tensors' bytes. Python's `safetensors` package reads what this writes and the other way round.
public enum SafeTensorsFile {
    /// The file's bytes; tensors are laid out in name order, the header padded with spaces to a
    /// multiple of 8 bytes so every tensor starts aligned.
    public static func encode(_ tensors: [String: SafeTensor], metadata: [String: String]) throws -> Data {
        var header = [String]()
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(JSONCoding.quote($0)):\(JSONCoding.quote(metadata[$0]!))" }
            header.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        var offset = 0
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            guard tensor.data.count == tensor.count * tensor.dtype.size else {
                throw SafeTensorsError("\(name): \(tensor.data.count) bytes for shape \(tensor.shape) of \(tensor.dtype.rawValue)")
            }
            let shape = tensor.shape.map(String.init).joined(separator: ",")
            header.append("\(JSONCoding.quote(name)):{\"dtype\":\"\(tensor.dtype.rawValue)\",\"shape\":[\(shape)],"
                          + "\"data_offsets\":[\(offset),\(offset + tensor.data.count)]}")
            offset += tensor.data.count
        }
        var json = Array(("{" + header.joined(separator: ",") + "}").utf8)
        while json.count % 8 != 0 { json.append(0x20) }
        var data = Data(capacity: 8 + json.count + offset)
        var length = UInt64(json.count).littleEndian
        withUnsafeBytes(of: &length) { data.append(contentsOf: $0) }
        data.append(contentsOf: json)
        for name in tensors.keys.sorted() { data.append(contentsOf: tensors[name]!.data) }
        return data
    }

    /// Reads a safetensors file, checking that every byte range lies inside the data and that
    /// ranges tile it; errors name the file and the tensor.
    public static func decode(_ data: Data, file: String) throws -> (tensors: [String: SafeTensor], metadata: [String: String]) {
        func fail(_ reason: String) -> SafeTensorsError { SafeTensorsError("\(file): \(reason)") }
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw fail("shorter than the 8-byte header length") }
        var length: UInt64 = 0
        for k in 0..<8 { length |= UInt64(bytes[k]) << (8 * k) }
        guard length <= UInt64(bytes.count - 8) else { throw fail("header length \(length) runs past the end of the file") }
        let start = 8 + Int(length)
        guard let header = try? JSONSerialization.jsonObject(with: Data(bytes[8..<start])) as? [String: Any] else {
            throw fail("header is not a JSON object")
        }
        var metadata = [String: String]()
        if let meta = header["__metadata__"] {
            guard let map = meta as? [String: String] else { throw fail("__metadata__ is not a map of strings") }
            metadata = map
        }
        var tensors = [String: SafeTensor]()
        var ranges = [(Int, Int)]()
        for (name, value) in header where name != "__metadata__" {
            guard let entry = value as? [String: Any], let dtypeName = entry["dtype"] as? String,
                  let shape = entry["shape"] as? [Int], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2 else {
                throw fail("\(name): expected dtype, shape and data_offsets")
            }
            guard let dtype = SafeTensor.DType(rawValue: dtypeName) else { throw fail("\(name): unsupported dtype \(dtypeName)") }
            let (lower, upper) = (offsets[0], offsets[1])
            guard lower >= 0, lower <= upper, start + upper <= bytes.count else { throw fail("\(name): data_offsets \(offsets) outside the data") }
            guard upper - lower == shape.reduce(1, *) * dtype.size else {
                throw fail("\(name): \(upper - lower) bytes for shape \(shape) of \(dtypeName)")
            }
            tensors[name] = SafeTensor(dtype: dtype, shape: shape, data: Array(bytes[start + lower..<start + upper]))
            ranges.append((lower, upper))
        }
        var end = 0
        for (lower, upper) in ranges.sorted(by: { $0.0 < $1.0 }) {
            guard lower == end else { throw fail("tensor data has a gap or overlap at byte \(lower)") }
            end = upper
        }
        guard start + end == bytes.count else { throw fail("\(bytes.count - start - end) bytes after the last tensor") }
        return (tensors, metadata)
    }
}

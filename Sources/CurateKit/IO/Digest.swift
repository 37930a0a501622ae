import Crypto
import Foundation

/// SHA-256 digests as lower-case hex, the one digest used for inputs, outputs and configs.
public enum Digest {
    public static func sha256Hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        hex(SHA256.hash(data: Array(bytes)))
    }

    public static func sha256Hex(_ data: Data) -> String {
        hex(SHA256.hash(data: data))
    }

    public static func sha256Hex(_ string: String) -> String {
        sha256Hex(Array(string.utf8))
    }

    /// Streams a file through SHA-256 in 1 MiB blocks, so large inputs cost no memory.
    public static func sha256Hex(fileAt url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var hasher = SHA256()
        while let block = try handle.read(upToCount: 1 << 20), !block.isEmpty {
            hasher.update(data: block)
        }
        return hex(hasher.finalize())
    }

    /// Digest of several digests or strings, order-sensitive.
    public static func combine(_ parts: [String]) -> String {
        sha256Hex(parts.joined(separator: "\n"))
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var out = [UInt8]()
        out.reserveCapacity(64)
        for byte in digest {
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}

import Foundation

/// The project's two JSON encodings: `line` for records one per line (samples in parts, task
/// details, cache values, requests), `document` for files people and other tools read
/// (manifests, training figures, inspections, completion records). Both sort keys, so equal
/// values give equal bytes; documents use snake_case keys, as JSON files usually do.
public enum JSONCoding {
    /// One line, sorted keys, slashes not escaped, keys as declared.
    public static let line: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Indented, sorted snake_case keys, slashes not escaped.
    public static let document: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return encoder
    }()

    /// Reads what `document` wrote.
    public static let documentDecoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return decoder
    }()

    /// `value` as one line of bytes (without the newline).
    public static func lineBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        Array(try line.encode(value))
    }

    /// `value` as a document, as text.
    public static func documentText<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try document.encode(value), as: UTF8.self)
    }

    /// Reads a document file.
    public static func readDocument<T: Decodable>(_ type: T.Type, from url: URL) throws -> T {
        try documentDecoder.decode(T.self, from: Data(contentsOf: url))
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    /// Written by hand where key or entry order is part of the format (tokenizer.json, safetensors headers).
    public static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}

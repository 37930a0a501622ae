import Foundation

/// A converter with the two tokenizers it was trained with, loaded from the output folder and
/// checked against the digests the converter records.
public struct LoadedConverter: Sendable {
    public var converter: SpaceConverter
    public var source: Tokenizer
    public var target: Tokenizer

    /// `out/<from>/converters/<to>.safetensors` with both domains' tokenizers.
    public static func load(layout: OutputLayout, from: String, to: String) throws -> LoadedConverter {
        try load(file: layout.converter(from: from, to: to), layout: layout)
    }

    /// A converter file, with the tokenizers of the domains its metadata names (or the files
    /// given); a tokenizer whose digest differs from the recorded one is refused, since the
    /// tables would then be wrong.
    public static func load(file: URL, layout: OutputLayout, sourceTokenizer: URL? = nil, targetTokenizer: URL? = nil) throws -> LoadedConverter {
        guard FileManager.default.fileExists(atPath: file.path) else {
            throw InputRejected("\(file.path): no converter here; run the converters stage first")
        }
        let converter = try SpaceConverter.read(file)
        func tokenizer(_ endpoint: SpaceConverter.Endpoint, _ given: URL?) throws -> Tokenizer {
            let url = given ?? layout.tokenizer(domain: endpoint.domain)
            let data: Data
            do { data = try Data(contentsOf: url) } catch {
                throw InputRejected("\(url.path): cannot read the \(endpoint.domain) tokenizer: \(error.localizedDescription)")
            }
            let digest = Digest.sha256Hex(data)
            guard digest == endpoint.sha256 else {
                throw InputRejected("\(file.path): trained with a \(endpoint.domain) tokenizer of SHA-256 \(endpoint.sha256), "
                                    + "but \(url.path) has \(digest); rerun the converters stage")
            }
            return try TokenizerFile.parse(data, file: url.path)
        }
        return LoadedConverter(converter: converter, source: try tokenizer(converter.from, sourceTokenizer),
                               target: try tokenizer(converter.to, targetTokenizer))
    }

    public func makeStreamConverter() -> TokenStreamConverter {
        TokenStreamConverter(source: source, target: target, converter: converter)
    }

    /// Converts id streams given as text, one stream a line (ids separated by spaces), to
    /// lines of B ids. An id that is not a token of A is an error naming its line and place.
    public func convertLines(_ input: String) throws -> String {
        var stream = makeStreamConverter()
        var lines = [String]()
        var streams = input.split(separator: "\n", omittingEmptySubsequences: false)
        if streams.last?.isEmpty == true { streams.removeLast() }
        for (number, line) in streams.enumerated() {
            var ids = [UInt32]()
            for (place, field) in line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," }).enumerated() {
                guard let id = UInt32(field), source.isKnown(id) else {
                    throw InputRejected("line \(number + 1), id \(place + 1): \(field) is not a token id of \(converter.from.domain)")
                }
                ids.append(id)
            }
            lines.append(stream.convert(ids).map(String.init).joined(separator: " "))
        }
        return lines.joined(separator: "\n")
    }
}

import Foundation

/// Reads and writes Hugging Face `tokenizer.json` files of the byte-level BPE family.
///
/// Written files use `pre_tokenizer: Sequence[Split(pattern, Isolated), ByteLevel(use_regex:
/// false)]`, a `ByteLevel` decoder, a `BPE` model with merges as pairs, and every added token
/// special. Read files may also be GPT-2 style (`ByteLevel` with its own regex, merges as
/// `"a b"` strings) or Llama 3 style (`Split` + `ByteLevel`, `ignore_merges`). Anything the
/// encoder cannot reproduce exactly (a normalizer, an unsupported regex, dropout) is refused
/// with an error naming the file and the field, rather than encoded differently.
public enum TokenizerFile {
    public struct FormatError: Error, CustomStringConvertible {
        public var file: String
        public var field: String
        public var problem: String
        public var description: String { "\(file): \(field): \(problem)" }
    }

    // MARK: - Writing

    /// The JSON text of a tokenizer, with vocab in id order so equal tokenizers give equal bytes.
    public static func json(_ tokenizer: Tokenizer) -> String {
        var out = "{\n  \"version\": \"1.0\",\n  \"truncation\": null,\n  \"padding\": null,\n  \"added_tokens\": ["
        for (index, token) in tokenizer.addedTokens.enumerated() {
            out += index == 0 ? "\n" : ",\n"
            out += "    {\"id\": \(token.id), \"content\": \(JSONCoding.quote(token.content)), \"single_word\": false, \"lstrip\": false, \"rstrip\": false, \"normalized\": false, \"special\": \(token.special)}"
        }
        out += tokenizer.addedTokens.isEmpty ? "],\n" : "\n  ],\n"
        out += "  \"normalizer\": null,\n"
        out += "  \"pre_tokenizer\": {\"type\": \"Sequence\", \"pretokenizers\": [{\"type\": \"Split\", \"pattern\": {\"Regex\": \(JSONCoding.quote(tokenizer.pattern.regex))}, \"behavior\": \"Isolated\", \"invert\": false}, {\"type\": \"ByteLevel\", \"add_prefix_space\": false, \"trim_offsets\": true, \"use_regex\": false}]},\n"
        out += "  \"post_processor\": null,\n"
        out += "  \"decoder\": {\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true},\n"
        out += "  \"model\": {\n    \"type\": \"BPE\",\n    \"dropout\": null,\n    \"unk_token\": null,\n    \"continuing_subword_prefix\": null,\n    \"end_of_word_suffix\": null,\n    \"fuse_unk\": false,\n    \"byte_fallback\": false,\n    \"ignore_merges\": \(tokenizer.model.ignoreMerges),\n    \"vocab\": {"
        var first = true
        for (id, token) in tokenizer.model.tokens.enumerated() {
            guard let token else { continue }
            out += first ? "\n      " : ",\n      "
            first = false
            out += "\(JSONCoding.quote(token)): \(id)"
        }
        out += "\n    },\n    \"merges\": ["
        for (index, (a, b)) in tokenizer.model.merges.enumerated() {
            out += index == 0 ? "\n      " : ",\n      "
            out += "[\(JSONCoding.quote(tokenizer.model.tokens[Int(a)] ?? "")), \(JSONCoding.quote(tokenizer.model.tokens[Int(b)] ?? ""))]"
        }
        out += "\n    ]\n  }\n}\n"
        return out
    }


    // MARK: - Reading

    /// Reads and parses a tokenizer file. A missing path or a folder is refused in plain words
    /// (the usual mistakes on the command line) rather than with Foundation's error dump.
    public static func read(_ url: URL) throws -> Tokenizer {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw InputRejected("no such file: \(url.path)")
        }
        guard !isFolder.boolValue else {
            throw InputRejected("\(url.path) is a folder; give the tokenizer.json file in it")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw InputRejected("cannot read \(url.path): \(error.localizedDescription)")
        }
        return try parse(data, file: url.path)
    }

    public static func parse(_ data: Data, file: String) throws -> Tokenizer {
        func fail(_ field: String, _ problem: String) -> FormatError { FormatError(file: file, field: field, problem: problem) }
        let root = try topLevel(data, fail)
        if let normalizer = root["normalizer"], !(normalizer is NSNull) {
            throw fail("normalizer", "only null is supported (byte-level BPE files have none)")
        }
        let (bpe, vocab) = try model(root["model"], fail)
        let (pattern, prefixSpace) = try preTokenizer(root["pre_tokenizer"], fail)
        if let decoder = root["decoder"] as? [String: Any], decoder["type"] as? String != "ByteLevel" {
            throw fail("decoder.type", "only ByteLevel is supported")
        }
        let added = try addedTokens(root["added_tokens"], vocab: vocab, fail)
        return Tokenizer(model: bpe, pattern: pattern, addedTokens: added, addPrefixSpace: prefixSpace)
    }

    private typealias Failure = (String, String) -> FormatError

    /// How many ids below the largest one `model.vocab` may leave without a token.
    static let maxUnusedIDs = 1 << 16

    private static func topLevel(_ data: Data, _ fail: Failure) throws -> [String: Any] {
        do {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw fail("(top level)", "not a JSON object")
            }
            return object
        } catch let error as FormatError {
            throw error
        } catch {
            throw fail("(top level)", "not valid JSON: \(error.localizedDescription)")
        }
    }

    /// The `model` section: a byte-level BPE vocabulary and merges; also the vocabulary by
    /// token, for checking the added tokens against it.
    private static func model(_ value: Any?, _ fail: Failure) throws -> (BPEModel, [String: UInt32]) {
        guard let model = value as? [String: Any] else { throw fail("model", "missing") }
        if let type = model["type"] as? String, type != "BPE" { throw fail("model.type", "\(type) is not BPE") }
        for key in ["dropout", "continuing_subword_prefix", "end_of_word_suffix"] {
            if let value = model[key], !(value is NSNull) { throw fail("model.\(key)", "must be null for byte-level BPE") }
        }
        if (model["byte_fallback"] as? Bool) == true { throw fail("model.byte_fallback", "byte fallback is not byte-level BPE") }
        guard let vocabObject = model["vocab"] as? [String: Any] else { throw fail("model.vocab", "missing or not an object") }
        var vocab = [(String, UInt32)]()
        vocab.reserveCapacity(vocabObject.count)
        for (token, value) in vocabObject {
            guard let id = tokenID(value) else {
                throw fail("model.vocab[\(JSONCoding.quote(token))]", "id must be a non-negative integer below 2^32 - 1")
            }
            vocab.append((token, id))
        }
        vocab.sort { $0.1 < $1.1 }
        // The model keeps a table indexed by id, so one stray large id would have it allocate
        // gigabytes: a vocabulary may leave some ids unused, not most of a 32-bit range.
        if let largest = vocab.last?.1, Int(largest) >= vocab.count + maxUnusedIDs {
            throw fail("model.vocab", "the largest id is \(largest) for \(vocab.count) tokens: more than \(maxUnusedIDs) ids unused")
        }
        let merges = try self.merges(model["merges"], fail)
        do {
            let bpe = try BPEModel(vocab: vocab, merges: merges, ignoreMerges: (model["ignore_merges"] as? Bool) ?? false)
            return (bpe, Dictionary(vocab, uniquingKeysWith: { first, _ in first }))
        } catch {
            throw fail("model", "\(error)")
        }
    }

    /// A token id as JSON gives it: a whole number in 0..<2^32 - 1 (the top value is left out
    /// so that `id + 1`, a vocabulary size, still fits), or nil for anything else.
    private static func tokenID(_ value: Any?) -> UInt32? {
        guard let number = value as? NSNumber else { return nil }
        let whole = number.int64Value
        guard whole >= 0, whole < Int64(UInt32.max), number.doubleValue == Double(whole) else { return nil }
        return UInt32(whole)
    }

    /// `model.merges`, as pairs (`["a", "b"]`) or as strings (`"a b"`).
    private static func merges(_ value: Any?, _ fail: Failure) throws -> [(String, String)] {
        guard let mergeList = value as? [Any] else { throw fail("model.merges", "missing or not an array") }
        var merges = [(String, String)]()
        merges.reserveCapacity(mergeList.count)
        for (index, entry) in mergeList.enumerated() {
            if let pair = entry as? [String], pair.count == 2 {
                merges.append((pair[0], pair[1]))
            } else if let text = entry as? String {
                let parts = text.split(separator: " ", omittingEmptySubsequences: false)
                guard parts.count == 2 else { throw fail("model.merges[\(index)]", "\(JSONCoding.quote(text)) is not two tokens separated by one space") }
                merges.append((String(parts[0]), String(parts[1])))
            } else {
                throw fail("model.merges[\(index)]", "expected [\"a\", \"b\"] or \"a b\"")
            }
        }
        return merges
    }

    /// `added_tokens`. An added token that is also in the vocabulary must keep its id there,
    /// and an id the vocabulary gives another token cannot be reused: either way the file is
    /// inconsistent, and guessing which id wins would encode differently from other readers.
    private static func addedTokens(_ value: Any?, vocab: [String: UInt32], _ fail: Failure) throws -> [AddedToken] {
        var idsInVocab = [UInt32: String]()
        for (token, id) in vocab { idsInVocab[id] = token }
        var added = [AddedToken]()
        for (index, entry) in ((value as? [[String: Any]]) ?? []).enumerated() {
            guard entry["id"] != nil, let content = entry["content"] as? String else {
                throw fail("added_tokens[\(index)]", "needs an integer id and a string content")
            }
            // NSNumber's uint32Value wraps: -1 and 2^32 used to be read as 4294967295 and 0.
            guard let id = tokenID(entry["id"]) else {
                throw fail("added_tokens[\(index)].id", "must be a non-negative integer below 2^32 - 1")
            }
            if Int(id) >= vocab.count + maxUnusedIDs {
                throw fail("added_tokens[\(index)].id", "\(id) lies more than \(maxUnusedIDs) ids past the \(vocab.count) tokens of model.vocab")
            }
            for flag in ["lstrip", "rstrip", "single_word"] where (entry[flag] as? Bool) == true {
                throw fail("added_tokens[\(index)].\(flag)", "only false is supported")
            }
            if let vocabID = vocab[content], vocabID != id {
                throw fail("added_tokens[\(index)].id", "is \(id) but model.vocab gives \(JSONCoding.quote(content)) the id \(vocabID)")
            }
            if let other = idsInVocab[id], other != content {
                throw fail("added_tokens[\(index)].id", "\(id) is the id of \(JSONCoding.quote(other)) in model.vocab, not of \(JSONCoding.quote(content))")
            }
            added.append(AddedToken(id: id, content: content, special: (entry["special"] as? Bool) ?? false))
        }
        return added
    }

    private static func preTokenizer(_ value: Any?, _ fail: (String, String) -> FormatError) throws -> (PreTokenizerPattern, Bool) {
        guard let object = value as? [String: Any], let type = object["type"] as? String else {
            throw fail("pre_tokenizer", "missing")
        }
        switch type {
        case "ByteLevel":
            guard (object["use_regex"] as? Bool) ?? true else {
                throw fail("pre_tokenizer.use_regex", "a ByteLevel pre-tokenizer alone must split with its regex")
            }
            return (.gpt2, (object["add_prefix_space"] as? Bool) ?? false)
        case "Sequence":
            guard let steps = object["pretokenizers"] as? [[String: Any]], steps.count == 2,
                  steps[0]["type"] as? String == "Split", steps[1]["type"] as? String == "ByteLevel" else {
                throw fail("pre_tokenizer.pretokenizers", "only [Split, ByteLevel] is supported")
            }
            let split = steps[0], byteLevel = steps[1]
            guard let patternObject = split["pattern"] as? [String: Any], let regex = patternObject["Regex"] as? String else {
                throw fail("pre_tokenizer.pretokenizers[0].pattern", "expected {\"Regex\": …}")
            }
            guard split["behavior"] as? String == "Isolated", (split["invert"] as? Bool) != true else {
                throw fail("pre_tokenizer.pretokenizers[0]", "only behavior Isolated without invert is supported")
            }
            guard let pattern = PreTokenizerPattern.recognizing(regex) else {
                throw fail("pre_tokenizer.pretokenizers[0].pattern.Regex", "\(JSONCoding.quote(regex)) is not a pattern this encoder implements")
            }
            if (byteLevel["use_regex"] as? Bool) ?? true {
                throw fail("pre_tokenizer.pretokenizers[1].use_regex", "must be false after a Split")
            }
            if (byteLevel["add_prefix_space"] as? Bool) == true {
                throw fail("pre_tokenizer.pretokenizers[1].add_prefix_space", "only false is supported after a Split")
            }
            return (pattern, false)
        default:
            throw fail("pre_tokenizer.type", "\(type) is not supported")
        }
    }
}
